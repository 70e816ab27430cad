import App
import ArgumentParser

/// The `ragd` command.
struct Ragd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ragd",
        abstract: "A retrieval-augmented generation server: upload documents, ask questions, get cited answers.",
        discussion: """
            Configuration comes from embedded defaults, then a YAML file (--config or RAGD_CONFIG; every key is \
            documented in configs/ragd.yaml), then RAGD_* environment variables (server.port → RAGD_SERVER_PORT), \
            then command-line flags.
            """,
        version: RagdVersion.current,
        subcommands: [Serve.self, Query.self, Admin.self, Version.self],
        defaultSubcommand: nil
    )
}

/// `ragd version`.
struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version and the linked library versions.")

    func run() {
        print(VersionReport.text)
    }
}
