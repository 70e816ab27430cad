/// Stacks lines into blocks, top to bottom: a line joins the block above it when it overlaps it horizontally, has a
/// similar size, and sits at the block's line spacing (or, for a one-line block, within 1.7 em). Lines of different
/// columns never overlap horizontally, so columns become separate blocks without any notion of "column".
struct BlockBuilder {
    /// Largest size ratio between a line and the block it joins.
    var maxSizeRatio = 1.25
    /// Baseline distance (in ems) within which a line joins a one-line block.
    var firstSpacing = 1.7
    /// How much a line may exceed a block's established spacing and still join it.
    var spacingSlack = 1.3
    /// Blocks a line is compared with.
    static let maxOpenBlocks = 64

    func blocks(from lines: [LayoutLine]) -> [TextBlock] {
        let sorted = lines.filter { !$0.text.isEmpty }.sorted {
            $0.baseline != $1.baseline ? $0.baseline > $1.baseline : $0.minX < $1.minX
        }
        var blocks: [TextBlock] = []
        var open: [Int] = []
        for line in sorted {
            let size = max(line.size, 0.1)
            open.removeAll { (blocks[$0].lines.last?.baseline ?? 0) - line.baseline > 4 * size }
            // A hostile page could keep thousands of blocks open at one height: compare with the latest only.
            if open.count > Self.maxOpenBlocks { open.removeFirst(open.count - Self.maxOpenBlocks) }
            var best: (index: Int, distance: Double)?
            for index in open {
                let block = blocks[index]
                guard let last = block.lines.last else { continue }
                let distance = last.baseline - line.baseline
                guard distance > 0.3 * size else { continue }
                let ratio = max(size, last.size) / max(min(size, last.size), 0.1)
                guard ratio <= maxSizeRatio else { continue }
                let limit = block.lineSpacing.map { $0 * spacingSlack + 0.1 * size } ?? firstSpacing * max(size, last.size)
                guard distance <= limit else { continue }
                let overlap = min(line.maxX, last.maxX) - max(line.minX, last.minX)
                guard overlap > 0.3 * min(line.width, last.width) || overlap > 0 && line.width < 4 * size else { continue }
                if best == nil || distance < best!.distance { best = (index, distance) }
            }
            if let best {
                blocks[best.index].append(line)
            } else {
                blocks.append(TextBlock(line))
                open.append(blocks.count - 1)
            }
        }
        return blocks
    }
}
