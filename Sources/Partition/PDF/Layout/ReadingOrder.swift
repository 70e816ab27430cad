/// Orders a page's blocks for reading with Breuel's rules (T. Breuel, "High Performance Document Layout Analysis",
/// 2003): a block comes before another if they overlap horizontally and it is above, or if it lies entirely to the
/// left and no third block between them vertically spans both (a full-width title or figure separates column
/// sections). The partial order is completed topologically, preferring the highest, then leftmost, block.
enum ReadingOrder {
    /// Above this many blocks the precedence graph (each edge tests every other block) is not built.
    static let maxBlocksForGraph = 80

    static func order(_ blocks: [TextBlock]) -> [TextBlock] {
        let count = blocks.count
        guard count > 1 else { return blocks }
        // Many blocks are a table, a form or scattered labels, not columns of prose: read them row by row instead of
        // paying for the (cubic) precedence graph.
        guard count <= maxBlocksForGraph else { return rowByRow(blocks) }
        var successors = [[Int]](repeating: [], count: count)
        var predecessorCount = [Int](repeating: 0, count: count)
        for a in 0..<count {
            for b in 0..<count where a != b && precedes(blocks[a], blocks[b], among: blocks) {
                successors[a].append(b)
                predecessorCount[b] += 1
            }
        }
        var placed = [Bool](repeating: false, count: count)
        var result: [TextBlock] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            var choice: Int?
            for index in 0..<count where !placed[index] && predecessorCount[index] == 0 {
                if choice == nil || isPreferred(blocks[index], over: blocks[choice!]) { choice = index }
            }
            if choice == nil {
                // A cycle (overlapping blocks): break it at the highest remaining block.
                for index in 0..<count where !placed[index] {
                    if choice == nil || isPreferred(blocks[index], over: blocks[choice!]) { choice = index }
                }
            }
            guard let chosen = choice else { break }
            placed[chosen] = true
            result.append(blocks[chosen])
            for next in successors[chosen] { predecessorCount[next] -= 1 }
        }
        return result
    }

    private static func isPreferred(_ a: TextBlock, over b: TextBlock) -> Bool {
        if abs(a.top - b.top) > 0.5 * min(a.size, b.size) { return a.top > b.top }
        return a.minX < b.minX
    }

    /// Rule 2 applies only when `a`'s column — `a` or a block above or below it — reaches `b`'s height, so a lone
    /// page number under the left column does not jump ahead of the right column.
    private static func precedes(_ a: TextBlock, _ b: TextBlock, among blocks: [TextBlock]) -> Bool {
        let tolerance = 0.5 * min(a.size, b.size)
        if a.horizontalOverlap(b.minX, b.maxX) > tolerance {
            return a.centerY > b.centerY
        }
        guard a.maxX <= b.minX + tolerance else { return false }
        let reachesB = { (c: TextBlock) in c.top >= b.bottom && c.bottom <= b.top }
        guard reachesB(a) || blocks.contains(where: { reachesB($0) && $0.horizontalOverlap(a.minX, a.maxX) > tolerance
            && $0.maxX <= b.minX + tolerance }) else { return false }
        let upper = max(a.centerY, b.centerY)
        let lower = min(a.centerY, b.centerY)
        for c in blocks where c.centerY < upper && c.centerY > lower {
            if c.horizontalOverlap(a.minX, a.maxX) > tolerance, c.horizontalOverlap(b.minX, b.maxX) > tolerance {
                return false
            }
        }
        return true
    }

    /// Top to bottom in bands of blocks whose tops lie within half a line of the band's first, left to right within
    /// a band.
    private static func rowByRow(_ blocks: [TextBlock]) -> [TextBlock] {
        let byTop = blocks.sorted { $0.top != $1.top ? $0.top > $1.top : $0.minX < $1.minX }
        var result: [TextBlock] = []
        result.reserveCapacity(byTop.count)
        var band: [TextBlock] = []
        for block in byTop {
            if let first = band.first, first.top - block.top > 0.5 * max(first.size, 1) {
                result += band.sorted { $0.minX < $1.minX }
                band.removeAll(keepingCapacity: true)
            }
            band.append(block)
        }
        return result + band.sorted { $0.minX < $1.minX }
    }
}
