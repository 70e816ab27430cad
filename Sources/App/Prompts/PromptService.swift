import Crypto
import Generation
import JSON
import Server
import Store

/// Versioned prompt templates of an organization, their A/B experiments, and the choice of template for a query.
final class PromptService: Sendable {
    let database: Database
    let now: @Sendable () -> Int64

    /// Variants in one experiment, at most.
    static let maxVariants = 10
    /// Versions of one prompt, at most (each is kept forever: history names them).
    static let maxVersions = 1_000

    init(database: Database, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.now = now
    }

    /// The template that serves one query, and the version to record with it (nil for the built-in prompt).
    struct Choice: Sendable, Equatable {
        var template: PromptTemplate
        var name: String?
        var version: Int?
        /// `name@version`, or `default` for the built-in prompt.
        var label: String { name.map { "\($0)@\(version ?? 0)" } ?? "default" }
    }

    /// Creates the next version of `name`.
    func create(_ caller: Caller, body: JSONBody) throws -> PromptRecord {
        let name = try body.string("name", required: true) ?? ""
        guard Self.isValidName(name) else {
            throw JSONBody.invalid("name must be 1 to 128 letters, digits, '-', '_' or '.'.", field: "name")
        }
        let text = try body.string("template", required: true) ?? ""
        do { _ = try PromptTemplate(text) } catch {
            throw JSONBody.invalid("template: \(error.message).", field: "template")
        }
        let description = try body.string("description") ?? ""
        guard description.utf8.count <= 2_000 else {
            throw JSONBody.invalid("description is longer than 2,000 bytes.", field: "description")
        }
        return try database.write { db in
            try db.transaction(.immediate) {
                if try PromptRepository.find(name, version: Self.maxVersions, in: caller.org, on: db) != nil {
                    throw HTTPError(.conflict, code: "too_many_versions",
                                    message: "Prompt \(name) has \(Self.maxVersions) versions already; use another name.")
                }
                return try PromptRepository.addVersion(name: name, template: text, description: description,
                                                createdBy: caller.actorID, at: now(), in: caller.org, on: db)
            }
        }
    }

    /// Whether `name` is a prompt of the caller's organization.
    func exists(_ name: String, for caller: Caller) throws -> Bool {
        try database.read { try PromptRepository.find(name, version: nil, in: caller.org, on: $0) } != nil
    }

    func latest(_ caller: Caller, page: Pagination) throws -> Page<PromptRecord> {
        try database.read { try PromptRepository.latest(in: caller.org, after: page.position, limit: page.limit, on: $0) }
    }

    func versions(_ caller: Caller, name: String, page: Pagination) throws -> Page<PromptRecord> {
        let versions = try database.read {
            try PromptRepository.versions(of: name, in: caller.org, after: page.position, limit: page.limit, on: $0)
        }
        guard !versions.items.isEmpty || page.position != nil else { throw Self.notFound(name) }
        return versions
    }

    func version(_ caller: Caller, name: String, version: String) throws -> PromptRecord {
        guard let number = Int(version), number > 0,
              let record = try database.read({ try PromptRepository.find(name, version: number, in: caller.org, on: $0) })
        else { throw HTTPError(.notFound, code: "not_found", message: "Prompt \(name) has no version \(version).") }
        return record
    }

    /// Sets the traffic split of `name` between existing versions.
    func setExperiment(_ caller: Caller, name: String, body: JSONBody) throws -> PromptExperimentRecord {
        guard let variants = try body.array("variants"), !variants.isEmpty, variants.count <= Self.maxVariants else {
            throw JSONBody.invalid("variants must list 1 to \(Self.maxVariants) {version, weight}.", field: "variants")
        }
        var parsed: [(version: Int, weight: Double)] = []
        for (position, variant) in variants.enumerated() {
            let field = "variants[\(position)]"
            guard let members = variant.members, Set(members.map(\.key)).isSubset(of: ["version", "weight"]),
                  case .number(let version)? = variant["version"], version >= 1, version.rounded() == version,
                  version <= 1_000_000 else {
                throw JSONBody.invalid("\(field) must be {version: a version number, weight: a number > 0}.",
                                       field: field)
            }
            var weight = 1.0
            if let value = variant["weight"] {
                guard case .number(let number) = value, number > 0, number <= 1_000_000 else {
                    throw JSONBody.invalid("\(field).weight must be a number above 0.", field: "\(field).weight")
                }
                weight = number
            }
            guard !parsed.contains(where: { $0.version == Int(version) }) else {
                throw JSONBody.invalid("\(field) repeats version \(Int(version)).", field: field)
            }
            parsed.append((Int(version), weight))
        }
        let json = JSONValue.array(parsed.map { ["version": .number(Double($0.version)), "weight": .number($0.weight)] })
        let record = PromptExperimentRecord(name: name, variants: json.serializedText, startedAt: now())
        try database.write { db in
            try db.transaction(.immediate) {
                let versions = Set(try PromptRepository.versions(of: name, in: caller.org, on: db).items.map(\.version))
                guard !versions.isEmpty else { throw Self.notFound(name) }
                for variant in parsed where !versions.contains(variant.version) {
                    throw HTTPError(.badRequest, code: "invalid_request",
                                    message: "Prompt \(name) has no version \(variant.version).",
                                    details: ["field": "variants"])
                }
                try PromptRepository.setExperiment(record, in: caller.org, on: db)
            }
        }
        return record
    }

    /// The experiment of `name` with per-variant figures since it started.
    func experiment(_ caller: Caller, name: String) throws -> (PromptExperimentRecord, [PromptVariantFigures]) {
        try database.read { db in
            guard let experiment = try PromptRepository.experiment(name, in: caller.org, on: db) else {
                throw HTTPError(.notFound, code: "not_found", message: "Prompt \(name) has no experiment.")
            }
            return (experiment, try QueryRepository.promptFigures(name, since: experiment.startedAt, in: caller.org,
                                                                   on: db))
        }
    }

    /// The template for a query: `reference` (`name@version`, or `name` — its experiment's pick, else its latest
    /// version), else the knowledge base's `configured` reference, else the built-in prompt. `seed` makes the
    /// experiment's pick stable (the conversation id keeps one conversation on one variant).
    func choose(reference: String?, configured: String, org: OrgID, seed: String) throws -> Choice {
        let text = reference ?? (configured.isEmpty ? nil : configured)
        guard let text else { return Choice(template: .builtIn, name: nil, version: nil) }
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        var version: Int?
        if parts.count == 2 {
            guard let number = Int(parts[1]), number > 0 else {
                throw JSONBody.invalid("prompt must be name or name@version.", field: "prompt")
            }
            version = number
        }
        guard Self.isValidName(name) else {
            throw JSONBody.invalid("prompt must be name or name@version.", field: "prompt")
        }
        let record: PromptRecord? = try database.read { db in
            if version == nil, let experiment = try PromptRepository.experiment(name, in: org, on: db),
               let pick = Self.pick(experiment.variants, seed: seed) {
                return try PromptRepository.find(name, version: pick, in: org, on: db)
            }
            return try PromptRepository.find(name, version: version, in: org, on: db)
        }
        guard let record else {
            throw HTTPError(.notFound, code: "not_found", message: "Prompt \(text) was not found.",
                            details: ["field": "prompt"])
        }
        // Stored templates were validated when written; a failure here means the rules tightened since.
        guard let template = try? PromptTemplate(record.template) else {
            throw HTTPError(.unprocessableContent, code: "invalid_prompt",
                            message: "Prompt \(record.name)@\(record.version) is no longer a valid template.")
        }
        return Choice(template: template, name: record.name, version: record.version)
    }

    /// A version drawn by weight, from a hash of `seed` (deterministic, so tests and conversations are stable).
    static func pick(_ variantsJSON: String, seed: String) -> Int? {
        guard let variants = JSONParser.parse(variantsJSON)?.arrayValue else { return nil }
        let weighted: [(Int, Double)] = variants.compactMap {
            guard let version = $0["version"]?.integerValue, let weight = $0["weight"]?.numberValue else { return nil }
            return (version, weight)
        }
        let total = weighted.reduce(0) { $0 + $1.1 }
        guard total > 0 else { return nil }
        let digest = Digest.sha256(Array(seed.utf8))
        let draw = Double(digest.prefix(6).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }) / Double(UInt64(1) << 48) * total
        var sum = 0.0
        for (version, weight) in weighted {
            sum += weight
            if draw < sum { return version }
        }
        return weighted.last?.0
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 128 && name.unicodeScalars.allSatisfy {
            ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
        }
    }

    private static func notFound(_ name: String) -> HTTPError {
        HTTPError(.notFound, code: "not_found", message: "Prompt \(name) was not found.")
    }
}
