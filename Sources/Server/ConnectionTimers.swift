import Threading

/// What a connection's clock says should happen.
package enum TimeoutVerdict: Equatable, Sendable {
    /// Nothing: the connection is within its limits.
    case none
    /// The client is too slow sending its request: answer 408 and close.
    case requestTimeout
    /// Close without a response (idle keep-alive, a client that stopped reading, an expired linger).
    case close
}

/// The timestamps a connection keeps and the pure rule that judges them, so every timeout is unit-tested with a
/// made-up clock. Times are monotonic nanoseconds.
package struct ConnectionTimers: Sendable, Equatable {
    /// What the connection is doing, as far as timeouts are concerned.
    package enum Activity: Sendable, Equatable {
        /// Waiting for the first byte of a request; `servedAny` tells a new connection from a kept-alive one.
        case waiting(servedAny: Bool)
        /// Receiving a request head.
        case readingHead
        /// Receiving a request body.
        case readingBody
        /// A handler is working; the client is not to blame for the time this takes.
        case handling
        /// Sending a response (fixed or streamed).
        case writing
        /// Discarding input after an error response, until the peer closes.
        case lingering
    }

    /// When the connection last went idle (accepted, or a response finished).
    package var idleSince: UInt64
    /// When the first byte of the current request arrived.
    package var requestStartedAt: UInt64 = 0
    /// When the body started and how much of it has arrived.
    package var bodyStartedAt: UInt64 = 0
    package var bodyBytes = 0
    /// When output last made progress (or was queued on an empty buffer).
    package var lastWriteProgress: UInt64 = 0
    /// When lingering must end.
    package var lingerDeadline: UInt64 = 0

    /// Timers for a connection accepted at `now`.
    package init(now: UInt64) {
        idleSince = now
    }

    /// The verdict at `now` for a connection doing `activity`, with `pendingOutput` bytes not yet written.
    package func verdict(at now: UInt64, activity: Activity, pendingOutput: Bool,
                         configuration: ServerConfiguration) -> TimeoutVerdict {
        if pendingOutput && now &- lastWriteProgress > nanos(configuration.writeTimeout) { return .close }
        switch activity {
        case .waiting(let servedAny):
            // A new connection gets the header timeout for its first byte; a kept-alive one the idle timeout.
            let limit = servedAny ? configuration.keepAliveTimeout : configuration.headerTimeout
            return !pendingOutput && now &- idleSince > nanos(limit) ? .close : .none
        case .readingHead:
            return now &- requestStartedAt > nanos(configuration.headerTimeout) ? .requestTimeout : .none
        case .readingBody:
            if now &- requestStartedAt > nanos(configuration.requestTimeout) { return .requestTimeout }
            let elapsed = now &- bodyStartedAt
            guard elapsed > nanos(configuration.bodyRateGracePeriod) else { return .none }
            let rate = Double(bodyBytes) / (Double(elapsed) / 1e9)
            return rate < configuration.minBodyBytesPerSecond ? .requestTimeout : .none
        case .handling, .writing:
            return .none
        case .lingering:
            return now >= lingerDeadline ? .close : .none
        }
    }

    private func nanos(_ seconds: Double) -> UInt64 { MonotonicClock.nanoseconds(seconds) }
}
