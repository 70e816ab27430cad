import FoundationEssentials
import TestSupport
import Testing
import Threading

/// Knowledge-base and ingestion calls for the API tests.
extension APIClient {
    /// Creates a knowledge base; returns its id.
    func createKnowledgeBase(_ name: String, token: String, config: String = "{}") throws -> String {
        let reply = try post("/v1/knowledge-bases", #"{"name":"\#(name)","config":\#(config)}"#, token: token)
        guard reply.status == 201, let id = reply.string("id") else {
            throw TestClient.Failure(description: "knowledge base creation failed: \(reply.status) \(reply.text)")
        }
        return id
    }

    /// Ingests `documents` (JSON objects' text) into `kb`; returns the 202 reply.
    func ingest(_ documents: [String], kb: String, token: String? = nil, apiKey: String? = nil) throws -> Reply {
        try post("/v1/ingest", #"{"kb_id":"\#(kb)","documents":[\#(documents.joined(separator: ","))]}"#,
                 token: token, apiKey: apiKey)
    }

    /// Uploads `parts` as multipart/form-data to `path`.
    func upload(_ path: String, parts: [MultipartPart], token: String? = nil, apiKey: String? = nil,
                boundary: String = "----ragd-test-7MA4YWxkTrZu0gW") throws -> Reply {
        try send("POST", path, token: token, apiKey: apiKey, contentType: "multipart/form-data; boundary=\(boundary)",
                 body: MultipartPart.body(parts, boundary: boundary))
    }

    /// Waits for job `id` to finish; returns its final view.
    func finishedJob(_ id: String, token: String? = nil, apiKey: String? = nil, timeout: Double = 60) throws
        -> [String: Any] {
        var last: [String: Any] = [:]
        let deadline = MonotonicClock.now + MonotonicClock.nanoseconds(timeout)
        var pause: UInt32 = 5
        while MonotonicClock.now < deadline {
            if let reply = try? get("/v1/jobs/\(id)", token: token, apiKey: apiKey), reply.status == 200 {
                last = reply.object
                if last["finished_at"] is String { return last }
            }
            usleepMillis(pause)
            pause = min(pause * 2, 200)
        }
        throw TestClient.Failure(description: "job \(id) did not finish: \(last["status"] ?? "?") \(last["progress"] ?? "")")
    }
}

/// One part of a multipart/form-data body.
struct MultipartPart {
    var name: String
    var filename: String?
    var contentType: String?
    var content: [UInt8]

    static func field(_ name: String, _ value: String) -> MultipartPart {
        MultipartPart(name: name, filename: nil, contentType: nil, content: Array(value.utf8))
    }

    static func file(_ filename: String, _ content: [UInt8], type: String? = nil) -> MultipartPart {
        MultipartPart(name: "file", filename: filename, contentType: type, content: content)
    }

    static func body(_ parts: [MultipartPart], boundary: String) -> [UInt8] {
        var body: [UInt8] = []
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { head += "; filename=\"\(filename)\"" }
            head += "\r\n"
            if let type = part.contentType { head += "Content-Type: \(type)\r\n" }
            body += Array((head + "\r\n").utf8) + part.content + Array("\r\n".utf8)
        }
        return body + Array("--\(boundary)--\r\n".utf8)
    }
}
