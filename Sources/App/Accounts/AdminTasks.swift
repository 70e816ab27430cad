import Auth
import Store
import Crypto

/// Operator tasks that open the data directory directly (the `ragd admin` commands).
package enum AdminTasks {
    /// Creates `email` as `role` of a new organization named `organization`.
    package static func createUser(config: RagdConfig, email: String, password: String, organization: String,
                                   role: Role) throws -> UserRecord {
        try DataDirectory.create(config.dataDirectory)
        let database = try Database(.init(location: .file(config.dataDirectory + "/ragd.sqlite"),
                                          migrations: Schema.migrations, readerCount: 1,
                                          busyTimeout: .milliseconds(config.database.busyTimeoutMilliseconds)))
        defer { database.close() }
        // The signer is not used here; hashing follows the configured argon2id parameters.
        let runtime = AuthRuntime(config: config, signingKey: SecureRandom.bytes(Secrets.minimumBytes))
        return try Bootstrap.createUser(email: email, password: password, organizationName: organization, role: role,
                                        runtime: runtime, database: database)
    }
}
