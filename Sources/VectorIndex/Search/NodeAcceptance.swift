/// Which of the nodes a layer search visits it may return. Every node is walked through; only accepted ones enter
/// the result set. Generic (not a closure) so each kind gets its own specialized search loop.
protocol NodeAcceptance {
    func accepts(_ id: UInt32) -> Bool
}

/// Every node: the fast path when there are neither tombstones nor a filter.
struct AcceptAll: NodeAcceptance {
    @inline(__always) func accepts(_ id: UInt32) -> Bool { true }
}

/// Live nodes except `excluded` (the node an insert is replacing, still live while its successor is planned).
struct AcceptLive: NodeAcceptance {
    let deleted: UnsafePointer<UInt8>
    var excluded = UInt32.max

    @inline(__always) func accepts(_ id: UInt32) -> Bool { deleted[Int(id)] == 0 && id != excluded }
}

/// Live nodes whose label the caller's filter allows.
struct AcceptFiltered: NodeAcceptance {
    let deleted: UnsafePointer<UInt8>
    let labels: UnsafePointer<UInt64>
    let allows: @Sendable (UInt64) -> Bool

    @inline(__always) func accepts(_ id: UInt32) -> Bool { deleted[Int(id)] == 0 && allows(labels[Int(id)]) }
}
