import App
import ArgumentParser
import Auth

/// `ragd admin …`: operator tasks run against the data directory, without the HTTP API.
struct Admin: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Administrative tasks on the data directory (safe while the server runs).",
        subcommands: [CreateUser.self, Permissions.self]
    )
}

/// `ragd admin create-user`: the first owner of a headless deployment, or any user of a new organization.
struct CreateUser: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-user",
        abstract: "Create a user in a new organization.",
        discussion: """
            The password is read from a file (never from the command line, where other users could see it in the \
            process list); a trailing newline is ignored. Prints the new user's id and organization id.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Login email.")
    var email: String

    @Option(name: .customLong("password-file"), help: "File holding the password (8–1024 characters).")
    var passwordFile: String

    @Option(help: "Name of the organization to create.")
    var org: String

    @Option(help: "owner, admin, member or viewer.")
    var role: String = "owner"

    func run() throws {
        guard let role = Role(rawValue: role) else { throw ValidationError("--role must be owner, admin, member or viewer") }
        let config = try common.load().config
        let password = try TextFile.read(passwordFile, limit: 8192).trimmingTrailingNewlines
        do {
            let user = try AdminTasks.createUser(config: config, email: email, password: password, organization: org,
                                                 role: role)
            print("created user \(user.id) (\(user.email)) as \(user.role) of organization \(user.orgID)")
        } catch {
            throw ValidationError("create-user: \(error)")
        }
    }
}

/// `ragd admin permissions`: the role and scope matrix the server enforces (also in the README).
struct Permissions: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the permission matrix of roles and API-key scopes.")

    func run() {
        print(PermissionMatrix.markdownTable)
    }
}
