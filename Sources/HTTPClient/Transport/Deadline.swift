import Threading

/// The monotonic instant by which one IO step must finish, and which timeout it is when it does not.
struct Deadline: Sendable {
    /// Monotonic nanoseconds.
    let instant: UInt64
    /// `connectTimeout`, `readTimeout` or `writeTimeout`.
    let kind: HTTPClientError.Kind
    /// The configured duration, for the message.
    let seconds: Double

    /// The deadline `seconds` from now.
    static func after(_ seconds: Double, _ kind: HTTPClientError.Kind) -> Deadline {
        Deadline(instant: MonotonicClock.now &+ MonotonicClock.nanoseconds(seconds), kind: kind, seconds: seconds)
    }

    /// The error to report once the deadline has passed while talking to `peer`.
    func error(peer: String) -> HTTPClientError {
        let duration = "\(seconds) s"
        switch kind {
        case .connectTimeout: return HTTPClientError(kind, "Could not connect to \(peer) within \(duration).")
        case .writeTimeout: return HTTPClientError(kind, "Could not send the request to \(peer) within \(duration).")
        default: return HTTPClientError(kind, "No response data from \(peer) within \(duration).")
        }
    }
}
