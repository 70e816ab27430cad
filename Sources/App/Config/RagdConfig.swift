import Server

/// Everything ragd can be configured with. The defaults here are the embedded defaults; `configs/ragd.yaml`
/// documents each key with the same value (a test keeps the two equal).
package struct RagdConfig: Sendable {
    /// `development` generates missing secrets and allows open registration; `production` refuses to start without
    /// secrets.
    package enum Environment: String, Sendable, CaseIterable {
        case development
        case production
    }

    /// The deployment mode.
    package var environment = Environment.development
    /// Where the database, secrets and index snapshots live.
    package var dataDirectory = "./data"
    /// The HTTP server.
    package var server = ServerConfiguration.ragdDefaults
    /// The body limit of JSON API routes (uploads have their own, `server.limits.body_bytes`).
    package var jsonBodyBytes = 1024 * 1024
    /// SQLite.
    package var database = DatabaseSettings()
    /// Logging.
    package var log = LogSettings()
    /// The /metrics endpoint.
    package var metrics = MetricsSettings()

    /// The embedded defaults.
    package init() {}

    /// SQLite settings.
    package struct DatabaseSettings: Sendable {
        /// How long a reader waits on a lock before failing.
        package var busyTimeoutMilliseconds = 5000
        /// Read-only connections in the pool.
        package var readConnections = 4
        /// Run `PRAGMA integrity_check` before serving (slow on large databases).
        package var integrityCheckOnStart = false
    }

    /// Log settings.
    package struct LogSettings: Sendable {
        /// debug, info, warn or error.
        package var level = "info"
        /// One line per request.
        package var access = true
    }

    /// /metrics settings.
    package struct MetricsSettings: Sendable {
        /// Serve /metrics at all.
        package var enabled = true
        /// When set, /metrics requires `Authorization: Bearer <token>`.
        package var authToken = ""
    }
}

extension ServerConfiguration {
    /// ragd's server defaults: the library defaults, with a body ceiling sized for document uploads.
    package static var ragdDefaults: ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.limits.maxBodyBytes = 100 * 1024 * 1024
        return configuration
    }
}
