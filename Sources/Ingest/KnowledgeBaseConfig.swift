import Chunking
import Embedding
import JSON
import Threading

/// Why a knowledge-base config was refused: the field (`config.chunking.chunk_size`) and what is wrong with it.
package struct ConfigProblem: Error, Sendable, Equatable {
    package let field: String
    package let message: String

    package init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// A knowledge base's configuration (API.md's `config`): how documents are chunked and embedded, how queries
/// retrieve and generate. Stored whole — every field resolved — so a later change of the server defaults never
/// silently changes an existing knowledge base.
package struct KnowledgeBaseConfig: Sendable, Equatable {
    package struct Embedding: Sendable, Equatable {
        package var provider = "hash"
        package var model = "hash-384"
    }

    package struct Retrieval: Sendable, Equatable {
        package static let modes = ["hybrid", "dense", "lexical"]
        package static let fusions = ["rrf", "weighted"]
        package static let rerankers = ["none", "mmr", "cross_encoder"]
        package static let topKLimits = 1...100
        package var mode = "hybrid"
        package var topK = 5
        package var fusion = "rrf"
        /// Weight of the dense side in weighted fusion.
        package var alpha = 0.5
        package var rerank = "none"
        /// Advanced retrieval, each off by default and switchable per request: HyDE (search with a hypothetical
        /// answer from the model), contextual compression (only the relevant sentences go to the model),
        /// parent-document retrieval (search children, cite their parents), self-query (filters from the question).
        package var hyde = false
        package var compression = false
        package var parentDocument = false
        package var selfQuery = false
    }

    package struct Generation: Sendable, Equatable {
        package static let providers = ["extractive", "openai", "ollama"]
        package static let maxTokenLimits = 1...32_768
        package var provider = "extractive"
        package var model = ""
        package var temperature = 0.1
        package var maxTokens = 512
        /// A versioned prompt, `name@version` (or `name`: its experiment's pick, else its latest version); empty for
        /// the built-in one.
        package var prompt = ""
        /// What to do when the model provider fails: `none` (the query fails with 502/504 naming the provider) or
        /// `extractive` (answer with the extractive generator and say so in the trace).
        package static let fallbacks = ["none", "extractive"]
        package var fallback = "none"
    }

    package var chunking = ChunkingOptions()
    package var embedding = Embedding()
    package var retrieval = Retrieval()
    package var generation = Generation()

    /// The built-in defaults (the server's configured defaults are applied over them).
    package init() {}

    /// Whether documents must be processed again to follow a change from `old` to `self`: chunking or the embedding
    /// model changed. Retrieval and generation settings apply to the next query as they are.
    package func needsReindex(comparedTo old: KnowledgeBaseConfig) -> Bool {
        chunking != old.chunking || embedding != old.embedding
    }

    /// `patch` (a JSON object with any subset of the four sections and their fields) applied over `self`, validated
    /// as a whole. Unknown sections or fields are refused, so a typo is an error instead of a silently ignored
    /// setting.
    /// `remoteEmbedding` names the remote embedding providers the server is configured for.
    package func applying(_ patch: JSONValue, remoteEmbedding: Set<String> = []) throws(ConfigProblem)
        -> KnowledgeBaseConfig {
        var config = self
        let root = try ConfigObject(patch, path: "config")
        try root.only(["chunking", "embedding", "retrieval", "generation"])
        if let section = try root.object("chunking") {
            try section.only(["strategy", "chunk_size", "chunk_overlap", "unit", "parent_chunk_size"])
            if let value = try section.choice("strategy", ChunkingStrategy.allCases.map(\.rawValue)) {
                config.chunking.strategy = ChunkingStrategy(rawValue: value)!
            }
            if let value = try section.choice("unit", ChunkUnit.allCases.map(\.rawValue)) {
                config.chunking.unit = ChunkUnit(rawValue: value)!
            }
            if let value = try section.integer("chunk_size") { config.chunking.chunkSize = value }
            if let value = try section.integer("chunk_overlap") { config.chunking.chunkOverlap = value }
            if let value = try section.integer("parent_chunk_size") { config.chunking.parentChunkSize = value }
            if let problem = config.chunking.problem() {
                throw ConfigProblem(field: "config.chunking.\(problem.field)", message: problem.message)
            }
        }
        if let section = try root.object("embedding") {
            try section.only(["provider", "model"])
            let provider = try section.choice("provider", EmbedderCatalog.providers)
            let model = try section.text("model", maxLength: 200)
            if let provider, provider != config.embedding.provider, model == nil {
                throw ConfigProblem(field: "config.embedding.model", message: "Give the model of the new provider.")
            }
            if let provider { config.embedding.provider = provider }
            if let model { config.embedding.model = model }
            do {
                try EmbedderCatalog.validate(provider: config.embedding.provider, model: config.embedding.model,
                                             remoteProviders: remoteEmbedding)
            } catch {
                let field = error.code == "unknown_model" ? "model" : "provider"
                throw ConfigProblem(field: "config.embedding.\(field)", message: error.message)
            }
        }
        if let section = try root.object("retrieval") {
            try section.only(["mode", "top_k", "fusion", "alpha", "rerank", "hyde", "compression", "parent_document",
                              "self_query"])
            if let value = try section.choice("mode", Retrieval.modes) { config.retrieval.mode = value }
            if let value = try section.integer("top_k", in: Retrieval.topKLimits) { config.retrieval.topK = value }
            if let value = try section.choice("fusion", Retrieval.fusions) { config.retrieval.fusion = value }
            if let value = try section.number("alpha", in: 0...1) { config.retrieval.alpha = value }
            if let value = try section.choice("rerank", Retrieval.rerankers) { config.retrieval.rerank = value }
            if let value = try section.bool("hyde") { config.retrieval.hyde = value }
            if let value = try section.bool("compression") { config.retrieval.compression = value }
            if let value = try section.bool("parent_document") { config.retrieval.parentDocument = value }
            if let value = try section.bool("self_query") { config.retrieval.selfQuery = value }
        }
        if let section = try root.object("generation") {
            try section.only(["provider", "model", "temperature", "max_tokens", "prompt", "fallback"])
            if let value = try section.choice("provider", Generation.providers) { config.generation.provider = value }
            if let value = try section.text("model", maxLength: 200) { config.generation.model = value }
            if let value = try section.number("temperature", in: 0...2) { config.generation.temperature = value }
            if let value = try section.integer("max_tokens", in: Generation.maxTokenLimits) {
                config.generation.maxTokens = value
            }
            if let value = try section.text("prompt", maxLength: 200) {
                guard value.isEmpty || Self.isPromptReference(value) else {
                    throw ConfigProblem(field: "config.generation.prompt",
                                        message: "prompt must be name or name@version, e.g. support-answer@3 (or empty for "
                                            + "the built-in prompt).")
                }
                config.generation.prompt = value
            }
            if let value = try section.choice("fallback", Generation.fallbacks) { config.generation.fallback = value }
            if config.generation.provider != "extractive" && config.generation.model.isEmpty {
                throw ConfigProblem(field: "config.generation.model",
                                    message: "The \(config.generation.provider) provider needs a model name.")
            }
        }
        return config
    }

    /// `name` or `name@version`: a name of letters, digits, `-`, `_`, `.` and a positive version number.
    static func isPromptReference(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard let version = Int(parts[1]), version > 0, String(version) == parts[1] else { return false }
        }
        guard parts.count <= 2, !parts[0].isEmpty, parts[0].utf8.count <= 128 else { return false }
        return parts[0].unicodeScalars.allSatisfy {
            ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
        }
    }

    /// The API object, every field present.
    package var json: JSONValue {
        [
            "chunking": [
                "strategy": .string(chunking.strategy.rawValue), "chunk_size": .number(Double(chunking.chunkSize)),
                "chunk_overlap": .number(Double(chunking.chunkOverlap)), "unit": .string(chunking.unit.rawValue),
                "parent_chunk_size": .number(Double(chunking.parentChunkSize)),
            ],
            "embedding": ["provider": .string(embedding.provider), "model": .string(embedding.model)],
            "retrieval": [
                "mode": .string(retrieval.mode), "top_k": .number(Double(retrieval.topK)),
                "fusion": .string(retrieval.fusion), "alpha": .number(retrieval.alpha),
                "rerank": .string(retrieval.rerank), "hyde": .bool(retrieval.hyde),
                "compression": .bool(retrieval.compression), "parent_document": .bool(retrieval.parentDocument),
                "self_query": .bool(retrieval.selfQuery),
            ],
            "generation": [
                "provider": .string(generation.provider), "model": .string(generation.model),
                "temperature": .number(generation.temperature), "max_tokens": .number(Double(generation.maxTokens)),
                "prompt": .string(generation.prompt), "fallback": .string(generation.fallback),
            ],
        ]
    }

    /// A stored config (written by `json`). Read section by section: fields missing from older rows take the
    /// built-in defaults, and a section that no longer validates falls back alone instead of taking the whole
    /// config with it. The embedding section is taken as stored even if this build cannot run that provider — its
    /// documents then fail with a clear error rather than being embedded by something else.
    package static func stored(_ text: String) -> KnowledgeBaseConfig {
        // Every query reads its knowledge bases' configs; parsing the same few texts again would be a measurable
        // share of a query. Configs never change in place (an update stores a new text), so the text is the key.
        if let cached = storedCache.value(for: text) { return cached }
        var config = KnowledgeBaseConfig()
        for (key, section) in JSONParser.parse(text)?.members ?? [] {
            if key == "embedding" {
                if case .string(let provider)? = section["provider"] { config.embedding.provider = provider }
                if case .string(let model)? = section["model"] { config.embedding.model = model }
            } else if let patched = try? config.applying(.object([(key, section)])) {
                config = patched
            }
        }
        storedCache.store(config, for: text)
        return config
    }

    /// Parsed configs by their text; a config struct is about a kilobyte beside its text.
    private static let storedCache = LRUCache<String, KnowledgeBaseConfig>(capacityBytes: 4 << 20) { text, _ in
        2 * text.utf8.count + 1_024
    }
}

/// Typed, validated reads from one object of a config patch, with errors naming the full field path.
private struct ConfigObject {
    let members: [String: JSONValue]
    let path: String

    init(_ value: JSONValue, path: String) throws(ConfigProblem) {
        guard let members = value.objectValue else {
            throw ConfigProblem(field: path, message: "\(path) must be an object.")
        }
        self.members = members
        self.path = path
    }

    func value(_ key: String) -> JSONValue? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    func only(_ allowed: Set<String>) throws(ConfigProblem) {
        if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ConfigProblem(field: "\(path).\(unknown)",
                                message: "Unknown field \(path).\(unknown); expected one of \(allowed.sorted().joined(separator: ", ")).")
        }
    }

    func object(_ key: String) throws(ConfigProblem) -> ConfigObject? {
        guard let value = value(key) else { return nil }
        return try ConfigObject(value, path: "\(path).\(key)")
    }

    func text(_ key: String, maxLength: Int) throws(ConfigProblem) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value, text.count <= maxLength,
              !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ConfigProblem(field: "\(path).\(key)",
                                message: "\(path).\(key) must be a string of at most \(maxLength) characters.")
        }
        return text
    }

    func choice(_ key: String, _ choices: [String]) throws(ConfigProblem) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value, choices.contains(text) else {
            throw ConfigProblem(field: "\(path).\(key)",
                                message: "\(path).\(key) must be one of \(choices.joined(separator: ", ")).")
        }
        return text
    }

    func bool(_ key: String) throws(ConfigProblem) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else {
            throw ConfigProblem(field: "\(path).\(key)", message: "\(path).\(key) must be true or false.")
        }
        return flag
    }

    func integer(_ key: String, in range: ClosedRange<Int>? = nil) throws(ConfigProblem) -> Int? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value, number.rounded() == number, abs(number) < 1e9,
              range.map({ $0.contains(Int(number)) }) ?? true else {
            let bounds = range.map { " between \($0.lowerBound) and \($0.upperBound)" } ?? ""
            throw ConfigProblem(field: "\(path).\(key)", message: "\(path).\(key) must be an integer\(bounds).")
        }
        return Int(number)
    }

    func number(_ key: String, in range: ClosedRange<Double>) throws(ConfigProblem) -> Double? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value, range.contains(number) else {
            throw ConfigProblem(field: "\(path).\(key)",
                                message: "\(path).\(key) must be a number between \(range.lowerBound) and \(range.upperBound).")
        }
        return number
    }
}
