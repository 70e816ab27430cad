/// Owns `count` floats aligned to a cache line, zero-filled: packed panels are streamed with 32-byte vector loads,
/// and a load that straddles two cache lines costs an extra cycle on every iteration of the micro-kernel.
package final class AlignedBuffer: @unchecked Sendable {
    // @unchecked: the pointer is only written before the buffer is shared (packing weights at load time) or by the
    // single thread that owns a workspace; see the users.

    /// The first element.
    package let pointer: UnsafeMutablePointer<Float>
    /// Number of floats.
    package let count: Int

    /// Bytes of a cache line on x86-64 and most ARM cores.
    private static let alignment = 64

    /// A zero-filled buffer of `count` floats.
    package init(count: Int) {
        precondition(count >= 0, "buffer size must not be negative")
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<Float>.stride,
                                                   alignment: Self.alignment)
        pointer = raw.bindMemory(to: Float.self, capacity: max(1, count))
        pointer.initialize(repeating: 0, count: max(1, count))
    }

    deinit {
        pointer.deallocate()
    }
}
