#if canImport(Glibc)
import Glibc
#endif
import Threading

/// How every blocking wait of one request behaves: `poll` in slices of at most `slice` milliseconds, asking the
/// caller's `isCancelled` between them — so a request whose client has gone is abandoned within one slice, whether it
/// waits to connect, for response bytes, or for a retry.
struct Waiter: Sendable {
    /// The longest single poll, in milliseconds.
    static let slice: Int32 = 100

    /// The caller's cancellation check.
    let isCancelled: @Sendable () -> Bool

    /// Waits until `fd` is ready for `events` (POLLIN or POLLOUT). An error or hang-up also ends the wait: the call
    /// that follows reports it.
    func waitUntilReady(_ fd: Int32, for events: Int32, by deadline: Deadline, peer: String) throws(HTTPClientError) {
        while true {
            if isCancelled() { throw .cancelled }
            let now = MonotonicClock.now
            guard now < deadline.instant else { throw deadline.error(peer: peer) }
            let remaining = Int32(min((deadline.instant - now + 999_999) / 1_000_000, UInt64(Self.slice)))
            var request = pollfd(fd: fd, events: Int16(events), revents: 0)
            let ready = poll(&request, 1, remaining)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR {
                throw HTTPClientError(.connectionClosed, "Waiting for \(peer) failed: \(String(cString: strerror(errno))).")
            }
        }
    }

    /// Sleeps `seconds` (a retry's backoff) unless cancelled first.
    func sleep(_ seconds: Double) throws(HTTPClientError) {
        let end = MonotonicClock.now &+ MonotonicClock.nanoseconds(seconds)
        while true {
            if isCancelled() { throw .cancelled }
            let now = MonotonicClock.now
            guard now < end else { return }
            let remaining = Int32(min((end - now + 999_999) / 1_000_000, UInt64(Self.slice)))
            _ = poll(nil, 0, remaining)
        }
    }
}
