import App
import ArgumentParser

/// Options every command that reads configuration shares.
struct CommonOptions: ParsableArguments {
    @Option(help: "YAML configuration file (default: $RAGD_CONFIG, else the embedded defaults).")
    var config: String?

    @Option(name: .customLong("data-dir"), help: "Directory for the database and secrets (data_dir).")
    var dataDirectory: String?

    @Option(name: .customLong("log-level"), help: "debug, info, warn or error (log.level).")
    var logLevel: String?

    @Option(help: "development or production (env).")
    var env: String?

    /// The effective configuration: file, then environment, then these flags and `extraFlags`.
    func load(extraFlags: [(path: String, value: String)] = []) throws -> (config: RagdConfig, warnings: [String]) {
        let environment = ProcessEnvironment.current
        let path = config ?? environment["RAGD_CONFIG"]
        var flags = extraFlags
        if let dataDirectory { flags.append(("data_dir", dataDirectory)) }
        if let logLevel { flags.append(("log.level", logLevel)) }
        if let env { flags.append(("env", env)) }
        do {
            let yaml = try path.map { (text: try TextFile.read($0), source: $0) }
            return try ConfigLoader.load(yaml: yaml, environment: environment, flags: flags)
        } catch {
            throw ValidationError("configuration: \(error)")
        }
    }
}
