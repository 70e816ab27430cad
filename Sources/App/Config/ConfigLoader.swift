import Yams

/// A configuration problem, worded for the operator: which key, from which source, and what is accepted.
package struct ConfigError: Error, CustomStringConvertible, Equatable {
    /// The explanation.
    package let description: String
}

/// Builds the effective configuration: embedded defaults, then the YAML file, then `RAGD_*` environment variables,
/// then command-line flags — each later source overriding the earlier ones key by key.
package enum ConfigLoader {
    /// Environment variables with the RAGD_ prefix that are not configuration keys but are read elsewhere.
    package static let otherVariables: Set<String> = [
        "RAGD_CONFIG", "RAGD_MODEL_DIR", "RAGD_TOKEN_SIGNING_KEY", "RAGD_ENCRYPTION_KEY",
        "RAGD_BOOTSTRAP_OWNER_EMAIL", "RAGD_BOOTSTRAP_OWNER_PASSWORD_FILE", "RAGD_BOOTSTRAP_ORG",
    ]

    /// The effective configuration and warnings worth logging (e.g. an unknown `RAGD_*` variable).
    package static func load(
        yaml: (text: String, source: String)?, environment: [String: String], flags: [(path: String, value: String)]
    ) throws(ConfigError) -> (config: RagdConfig, warnings: [String]) {
        var config = RagdConfig()
        var warnings: [String] = []
        if let yaml {
            for (path, value) in try parseYAML(yaml.text, source: yaml.source) {
                try set(path, to: value, source: yaml.source, in: &config)
            }
        }
        var keysByVariable = Dictionary(uniqueKeysWithValues: ConfigKey.all.map { ($0.environmentVariable, $0) })
        for key in ConfigKey.all { if let alias = key.alias { keysByVariable[alias] = key } }
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix("RAGD_") {
            if let key = keysByVariable[name] {
                try set(key.path, to: value, source: "environment variable \(name)", in: &config)
            } else if !otherVariables.contains(name) {
                warnings.append("unknown environment variable \(name) ignored")
            }
        }
        for flag in flags {
            try set(flag.path, to: flag.value, source: "command line", in: &config)
        }
        try validate(config)
        return (config, warnings)
    }

    /// Flattens a YAML mapping into dotted paths with scalar text; rejects unknown sections and non-scalars.
    static func parseYAML(_ text: String, source: String) throws(ConfigError) -> [(String, String?)] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigError(description: "\(source): not valid YAML: \(error)")
        }
        guard let root else { return [] }
        guard case .mapping(let mapping) = root else {
            throw ConfigError(description: "\(source): the top level must be a mapping of keys")
        }
        var result: [(String, String?)] = []
        try flatten(mapping, prefix: "", source: source, into: &result)
        return result
    }

    private static func flatten(_ mapping: Node.Mapping, prefix: String, source: String,
                                into result: inout [(String, String?)]) throws(ConfigError) {
        // Duplicate keys never get here: Yams rejects them while composing.
        for (keyNode, valueNode) in mapping {
            guard let name = keyNode.scalar?.string else {
                throw ConfigError(description: "\(source): keys must be plain names (under '\(prefix)')")
            }
            let path = prefix.isEmpty ? name : prefix + "." + name
            switch valueNode {
            case .mapping(let nested):
                guard ConfigKey.all.contains(where: { $0.path.hasPrefix(path + ".") }) else {
                    throw ConfigError(description: "\(source): unknown section '\(path)'")
                }
                try flatten(nested, prefix: path, source: source, into: &result)
            case .scalar(let scalar):
                let isNull = scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
                result.append((path, isNull ? nil : scalar.string))
            default:
                throw ConfigError(description: "\(source): '\(path)' must be a single value")
            }
        }
    }

    /// Sets one key from text, checking type and range.
    static func set(_ path: String, to value: String?, source: String, in config: inout RagdConfig)
        throws(ConfigError) {
        guard let key = ConfigKey.all.first(where: { $0.path == path }) else {
            throw ConfigError(description: "\(source): unknown key '\(path)'")
        }
        func fail(_ expected: String) -> ConfigError {
            let shown = key.secret ? "(hidden)" : "'\(value ?? "null")'"
            return ConfigError(description: "\(source): '\(path)' must be \(expected), got \(shown)")
        }
        let text = value?.trimmingWhitespace ?? ""
        switch key.kind {
        case .integer(let keyPath, let range):
            guard let number = Int(text.filter { $0 != "_" }), range.contains(number) else {
                throw fail("an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            config[keyPath: keyPath] = number
        case .number(let keyPath, let range):
            guard let number = Double(text), number.isFinite, range.contains(number) else {
                throw fail("a number in \(range.lowerBound)...\(range.upperBound)")
            }
            config[keyPath: keyPath] = number
        case .boolean(let keyPath):
            switch text.lowercased() {
            case "true", "yes", "on", "1": config[keyPath: keyPath] = true
            case "false", "no", "off", "0": config[keyPath: keyPath] = false
            default: throw fail("true or false")
            }
        case .text(let keyPath, let allowed):
            if let allowed, !allowed.contains(text.lowercased()) {
                throw fail("one of \(allowed.joined(separator: ", "))")
            }
            config[keyPath: keyPath] = allowed == nil ? (value ?? "") : text.lowercased()
        case .environment:
            guard let environment = RagdConfig.Environment(rawValue: text.lowercased()) else {
                throw fail("development or production")
            }
            config.environment = environment
        }
    }

    private static func validate(_ config: RagdConfig) throws(ConfigError) {
        if config.jsonBodyBytes > config.server.limits.maxBodyBytes {
            throw ConfigError(description: "server.limits.json_body_bytes cannot exceed server.limits.body_bytes")
        }
        if config.server.limits.maxHeaderLineBytes > config.server.limits.maxHeaderBytes {
            throw ConfigError(description: "server.limits.header_line_bytes cannot exceed server.limits.header_bytes")
        }
        if let problem = TrustedProxies.problem(in: config.server.trustedProxies) {
            throw ConfigError(description: "server.trusted_proxies: \(problem)")
        }
        if config.auth.loginMaxDelaySeconds < config.auth.loginBaseDelaySeconds {
            throw ConfigError(description: "auth.login.max_delay_seconds cannot be below auth.login.base_delay_seconds")
        }
        if config.auth.issuer.trimmingWhitespace.isEmpty || config.auth.audience.trimmingWhitespace.isEmpty {
            throw ConfigError(description: "auth.issuer and auth.audience cannot be empty")
        }
        if config.auth.passwordMemoryKiB < 8 * config.auth.passwordParallelism {
            throw ConfigError(description: "auth.password.memory_kib must be at least 8 × auth.password.parallelism")
        }
        if config.dataDirectory.isEmpty {
            throw ConfigError(description: "data_dir cannot be empty")
        }
        do {
            _ = try config.knowledgeBaseDefaultConfig()
        } catch {
            let field = error.field.replacing("config.", with: "knowledge_base_defaults.", maxReplacements: 1)
            throw ConfigError(description: "\(field): \(error.message)")
        }
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    var trimmingWhitespace: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
