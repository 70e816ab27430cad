@testable import App
import HTTP
import Server
import Testing

@Suite("JSON in and out")
struct JSONCodingTests {
    struct CreateThing: Decodable, Equatable {
        struct Item: Decodable, Equatable { let displayName: String }
        let name: String
        let topK: Int?
        let items: [Item]
    }

    private func request(_ body: String, contentType: String? = "application/json") -> Request {
        var headers = HTTPHeaders()
        if let contentType { headers.add("Content-Type", contentType) }
        return Request(head: HTTPRequestHead(method: .post, target: "/", version: .http1_1, headers: headers,
                                             framing: .length(body.utf8.count), keepAlive: true, expectsContinue: false),
                       body: Array(body.utf8), route: "/", remoteAddress: SocketAddress(host: "127.0.0.1", port: 1),
                       receivedAt: 0)
    }

    @Test func decodesSnakeCase() throws {
        let thing = try JSONCoding.decode(CreateThing.self,
                                          from: request(#"{"name":"a","top_k":3,"items":[{"display_name":"x"}]}"#))
        #expect(thing == CreateThing(name: "a", topK: 3, items: [.init(displayName: "x")]))
    }

    @Test func errorsNameTheField() {
        #expect(throws: HTTPError(.badRequest, code: "invalid_request", message: "Missing field 'name'.",
                                  details: ["field": "name"])) {
            try JSONCoding.decode(CreateThing.self, from: request(#"{"items":[]}"#))
        }
        #expect(throws: HTTPError(.badRequest, code: "invalid_request",
                                  message: "Field 'items[0].display_name' has the wrong type.",
                                  details: ["field": "items[0].display_name"])) {
            try JSONCoding.decode(CreateThing.self, from: request(#"{"name":"a","items":[{"display_name":5}]}"#))
        }
        #expect(throws: HTTPError(.badRequest, code: "invalid_json", message: "The body is not valid JSON.")) {
            try JSONCoding.decode(CreateThing.self, from: request(#"{"name": "#))
        }
    }

    @Test func nonJSONContentTypeIs415() {
        #expect(throws: HTTPError(.unsupportedMediaType, code: "unsupported_media_type",
                                  message: "Send the body as application/json.")) {
            try JSONCoding.decode(CreateThing.self, from: request(#"{"name":"a","items":[]}"#, contentType: "text/plain"))
        }
    }

    @Test func errorBodyHasTheAPIShape() {
        let response = ErrorMiddleware.response(for: HTTPError(.conflict, code: "exists", message: "Already there.",
                                                               details: ["id": "kb_1"]), requestID: "r1")
        #expect(response.status == .conflict)
        guard case .bytes(let bytes) = response.body else { Issue.record("expected bytes"); return }
        #expect(String(decoding: bytes, as: UTF8.self)
            == #"{"error":{"code":"exists","details":{"id":"kb_1"},"message":"Already there.","request_id":"r1"}}"#)
    }
}
