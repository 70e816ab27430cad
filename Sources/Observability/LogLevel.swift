/// How severe a log record is; a logger writes records at or above its configured level.
package enum LogLevel: Int, Sendable, Comparable, CaseIterable {
    /// Detail for debugging; off in production.
    case debug
    /// Normal operation: requests, start-up, jobs.
    case info
    /// Something unexpected that ragd handled.
    case warn
    /// A failure an operator should look at; flushed to the sink at once.
    case error

    /// Parses a configuration value, case-insensitively: `debug`, `info`, `warn` or `warning`, `error`.
    package init?(parsing text: String) {
        switch text.lowercased() {
        case "debug": self = .debug
        case "info": self = .info
        case "warn", "warning": self = .warn
        case "error": self = .error
        default: return nil
        }
    }

    /// The name written in the `level` field.
    package var name: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .warn: "warn"
        case .error: "error"
        }
    }

    /// Orders by severity.
    package static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
