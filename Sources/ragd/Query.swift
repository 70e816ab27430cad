import ArgumentParser
import App
import JSON

/// `ragd query`: ask a running server, print the cited chunks (or the raw JSON).
struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search knowledge bases on a running ragd server.",
        discussion: """
            Authenticates with --token (an access token) or --api-key, or $RAGD_TOKEN / $RAGD_API_KEY. \
            Example: ragd query --kb kb_123 --mode hybrid --filter '{"metadata.team":"hr"}' "parental leave policy"
            """)

    @Argument(help: "The question or search text.")
    var text: String

    @Option(name: .customLong("kb"), help: "Knowledge base id (repeat for several).")
    var knowledgeBases: [String] = []

    @Option(help: "Server URL.")
    var url = "http://127.0.0.1:8080"

    @Option(help: "Access token (default: $RAGD_TOKEN).")
    var token: String?

    @Option(name: .customLong("api-key"), help: "API key (default: $RAGD_API_KEY).")
    var apiKey: String?

    @Option(name: .customLong("top-k"), help: "How many chunks to return.")
    var topK: Int?

    @Option(help: "hybrid, dense or lexical (default: the knowledge base's config).")
    var mode: String?

    @Option(help: "rrf or weighted.")
    var fusion: String?

    @Option(help: "none or mmr.")
    var rerank: String?

    @Option(help: "A filters object as JSON, e.g. '{\"document_id\":\"doc_…\"}'.")
    var filter: String?

    @Flag(help: "Include the per-hit lexical/dense ranks and scores.")
    var explain = false

    @Flag(help: "Print the server's JSON response as is.")
    var json = false

    func validate() throws {
        guard !knowledgeBases.isEmpty else { throw ValidationError("give at least one --kb") }
    }

    func run() throws {
        let environment = ProcessEnvironment.current
        var headers = [("Content-Type", "application/json"), ("Accept", "application/json")]
        if let token = token ?? environment["RAGD_TOKEN"] {
            headers.append(("Authorization", "Bearer \(token)"))
        } else if let key = apiKey ?? environment["RAGD_API_KEY"] {
            headers.append(("X-API-Key", key))
        } else {
            throw ValidationError("no credentials: pass --token or --api-key (or set RAGD_TOKEN / RAGD_API_KEY)")
        }
        var retrieval: [(key: String, value: JSONValue)] = []
        if let mode { retrieval.append(("mode", .string(mode))) }
        if let fusion { retrieval.append(("fusion", .string(fusion))) }
        if let rerank { retrieval.append(("rerank", .string(rerank))) }
        var body: [(key: String, value: JSONValue)] = [
            ("kb_ids", .array(knowledgeBases.map(JSONValue.string))), ("query", .string(text)),
            ("generate", .bool(false)), ("explain", .bool(explain)),
        ]
        if let topK { body.append(("top_k", .number(Double(topK)))) }
        if !retrieval.isEmpty { body.append(("retrieval", .object(retrieval))) }
        if let filter {
            guard let parsed = JSONParser.parse(Array(filter.utf8)) else { throw ValidationError("--filter is not valid JSON") }
            body.append(("filters", parsed))
        }
        let client = try PlainHTTPClient(url: url)
        let reply = try client.send("POST", "/v1/query", headers: headers, body: JSONValue.object(body).serialized())
        let parsed = JSONParser.parse(reply.body)
        guard reply.status == 200, let parsed else {
            let error = parsed?["error"]
            let message = error?["message"].flatMap { if case .string(let text) = $0 { text } else { nil } }
            throw ValidationError("the server answered \(reply.status): \(message ?? String(decoding: reply.body.prefix(500), as: UTF8.self))")
        }
        if json {
            print(String(decoding: reply.body, as: UTF8.self))
            return
        }
        print(Self.render(parsed))
    }

    /// One block per citation: marker, score, title, page, then the text.
    static func render(_ response: JSONValue) -> String {
        guard case .array(let citations)? = response["citations"], !citations.isEmpty else { return "No matching chunks." }
        var out: [String] = []
        for citation in citations {
            func text(_ key: String) -> String { if case .string(let value)? = citation[key] { value } else { "" } }
            func number(_ key: String) -> Double? { if case .number(let value)? = citation[key] { value } else { nil } }
            var heading = "[\(Int(number("marker") ?? 0))] \(text("title"))"
            if let page = number("page") { heading += " (page \(Int(page)))" }
            if let score = number("score") { heading += String("  score \(score)".prefix(16)) }
            out.append(heading + "\n    " + text("chunk_id") + " in " + text("document_id") + "\n    "
                       + text("text").split(separator: "\n").joined(separator: "\n    "))
        }
        return out.joined(separator: "\n\n")
    }
}
