import FoundationEssentials
import TestSupport

/// JSON requests against a running app, for the account tests.
struct APIClient {
    let port: Int

    struct Reply {
        let status: Int
        let body: [UInt8]
        let headers: [(String, String)]

        var text: String { String(decoding: body, as: UTF8.self) }

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        /// A top-level (or nested, dotted) string field of the JSON body.
        func string(_ path: String) -> String? {
            guard var value = try? JSONSerializationLite.object(body) else { return nil }
            for key in path.split(separator: ".") {
                guard let object = value as? [String: Any], let next = object[String(key)] else { return nil }
                value = next
            }
            return value as? String
        }

        /// The error code of an error body.
        var errorCode: String? { string("error.code") }

        /// The parsed body as an object (empty when it is not one).
        var object: [String: Any] { ((try? JSONSerializationLite.object(body)) as? [String: Any]) ?? [:] }
    }

    func send(_ method: String, _ path: String, token: String? = nil, apiKey: String? = nil,
              json: String? = nil, headers extra: [(String, String)] = []) throws -> Reply {
        let client = try TestClient(port: port)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        if let apiKey { head += "X-API-Key: \(apiKey)\r\n" }
        for (name, value) in extra { head += "\(name): \(value)\r\n" }
        let body = Array((json ?? "").utf8)
        if json != nil { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        try client.send(Array((head + "\r\n").utf8) + body)
        let response = try client.readResponse(head: method == "HEAD")
        return Reply(status: response.status, body: response.body, headers: response.headers)
    }

    /// A request with a raw body of any content type (uploads).
    func send(_ method: String, _ path: String, token: String? = nil, apiKey: String? = nil, contentType: String,
              body: [UInt8]) throws -> Reply {
        let client = try TestClient(port: port)
        client.setTimeout(60)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        if let apiKey { head += "X-API-Key: \(apiKey)\r\n" }
        head += "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n\r\n"
        try client.send(Array(head.utf8) + body)
        let response = try client.readResponse()
        return Reply(status: response.status, body: response.body, headers: response.headers)
    }

    func get(_ path: String, token: String? = nil, apiKey: String? = nil) throws -> Reply {
        try send("GET", path, token: token, apiKey: apiKey)
    }

    func post(_ path: String, _ json: String, token: String? = nil, apiKey: String? = nil) throws -> Reply {
        try send("POST", path, token: token, apiKey: apiKey, json: json)
    }

    /// Registers `email` (creating an organization); returns (access, refresh, org id, user id).
    func register(_ email: String, password: String = "correct horse battery", org: String? = nil) throws
        -> (access: String, refresh: String, org: String, user: String) {
        let orgField = org.map { #","org_name":"\#($0)""# } ?? ""
        let reply = try post("/v1/auth/register", #"{"email":"\#(email)","password":"\#(password)"\#(orgField)}"#)
        guard reply.status == 201, let access = reply.string("access_token"), let refresh = reply.string("refresh_token"),
              let orgID = reply.string("org.id"), let userID = reply.string("user.id") else {
            throw TestClient.Failure(description: "register failed: \(reply.status) \(reply.text)")
        }
        return (access, refresh, orgID, userID)
    }

    /// Signs in; returns (access, refresh).
    func login(_ email: String, password: String = "correct horse battery") throws -> (access: String, refresh: String) {
        let reply = try post("/v1/auth/login", #"{"email":"\#(email)","password":"\#(password)"}"#)
        guard reply.status == 200, let access = reply.string("access_token"),
              let refresh = reply.string("refresh_token") else {
            throw TestClient.Failure(description: "login failed: \(reply.status) \(reply.text)")
        }
        return (access, refresh)
    }

    /// Creates an API key; returns (key, id).
    func createKey(token: String, scopes: [String], extra: String = "") throws -> (key: String, id: String) {
        let list = scopes.map { "\"\($0)\"" }.joined(separator: ",")
        let reply = try post("/v1/api-keys", #"{"name":"k","scopes":[\#(list)]\#(extra)}"#, token: token)
        guard reply.status == 201, let key = reply.string("key"), let id = reply.string("id") else {
            throw TestClient.Failure(description: "key creation failed: \(reply.status) \(reply.text)")
        }
        return (key, id)
    }
}

/// Minimal JSON to Foundation-free `Any` (dictionaries, arrays, strings, numbers, bools, NSNull-free nil → skipped).
enum JSONSerializationLite {
    private struct Node: Decodable {
        let value: Any?
        init(from decoder: any Decoder) throws {
            if let object = try? decoder.container(keyedBy: Key.self) {
                var result: [String: Any] = [:]
                for key in object.allKeys { result[key.stringValue] = try object.decode(Node.self, forKey: key).value }
                value = result
            } else if var array = try? decoder.unkeyedContainer() {
                var result: [Any] = []
                while !array.isAtEnd { if let item = try array.decode(Node.self).value { result.append(item) } }
                value = result
            } else {
                let single = try decoder.singleValueContainer()
                if single.decodeNil() { value = nil }
                else if let bool = try? single.decode(Bool.self) { value = bool }
                else if let number = try? single.decode(Double.self) { value = number }
                else { value = try single.decode(String.self) }
            }
        }
    }

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func object(_ bytes: [UInt8]) throws -> Any {
        try JSONDecoder().decode(Node.self, from: Data(bytes)).value ?? [String: Any]()
    }

    /// The `data` array of a list response, as objects.
    static func list(_ bytes: [UInt8]) -> [[String: Any]] {
        ((try? object(bytes)) as? [String: Any])?["data"] as? [[String: Any]] ?? []
    }
}
