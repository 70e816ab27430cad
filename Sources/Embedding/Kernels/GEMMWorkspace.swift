/// The scratch memory of matrix products on one thread: the packed block of A, B packed on the fly when it is not
/// prepacked, and a tile for partial edges. Reused across products so none allocates; never shared between threads.
package final class GEMMWorkspace {
    let packedA = AlignedBuffer(count: GEMMBlocking.rows * GEMMBlocking.depth)
    let tile = AlignedBuffer(count: MicroKernel.rows * MicroKernel.columns)
    private var packedB = AlignedBuffer(count: 0)

    /// An empty workspace.
    package init() {}

    /// Room for at least `count` floats of packed B; grows, never shrinks.
    func packedB(count: Int) -> UnsafeMutablePointer<Float> {
        if packedB.count < count { packedB = AlignedBuffer(count: count) }
        return packedB.pointer
    }
}
