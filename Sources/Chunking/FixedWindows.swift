/// The `fixed` strategy in chars: windows of exactly `size` scalars, each starting `overlap` before the end of the one
/// before, regardless of structure. A cut that would split a grapheme cluster (an accent, a ZWJ emoji, a flag) moves
/// back to the cluster's start, and the next window starts at a cut too; windows of only whitespace are dropped.
enum FixedWindows {
    /// The windows over `scalars`, in order.
    static func ranges(in scalars: [Unicode.Scalar], size: Int, overlap: Int) -> [Range<Int>] {
        var windows: [Range<Int>] = []
        var start = 0
        while start < scalars.count {
            var end = min(start + size, scalars.count)
            if end < scalars.count { end = ClusterCuts.safe(scalars, before: end, floor: start) }
            if scalars[start..<end].contains(where: { !$0.isSpace }) { windows.append(start..<end) }
            if end == scalars.count { break }
            start = ClusterCuts.safe(scalars, after: max(end - overlap, start + 1), ceiling: end)
        }
        return windows
    }
}
