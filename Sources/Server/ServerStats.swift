import Synchronization

/// Live counters of the server, read by the metrics exporter at scrape time.
package final class ServerStats: Sendable {
    private let open = Atomic<Int>(0)
    private let accepted = Atomic<Int>(0)
    private let rejected = Atomic<Int>(0)
    private let inFlight = Atomic<Int>(0)

    /// Creates zeroed counters.
    package init() {}

    /// Connections open right now.
    package var openConnections: Int { open.load(ordering: .relaxed) }
    /// Connections accepted since start.
    package var acceptedConnections: Int { accepted.load(ordering: .relaxed) }
    /// Connections refused at the connection limit since start.
    package var rejectedConnections: Int { rejected.load(ordering: .relaxed) }
    /// Requests dispatched to a handler and not yet answered.
    package var requestsInFlight: Int { inFlight.load(ordering: .relaxed) }

    func connectionOpened() -> Int {
        accepted.add(1, ordering: .relaxed)
        return open.add(1, ordering: .relaxed).newValue
    }

    func connectionClosed() { open.subtract(1, ordering: .relaxed) }
    func connectionRejected() { rejected.add(1, ordering: .relaxed) }
    func requestStarted() { inFlight.add(1, ordering: .relaxed) }
    func requestFinished() { inFlight.subtract(1, ordering: .relaxed) }
}
