/// Lines that belong together: one column's run of evenly spaced lines of one size. Blocks are what reading order
/// sorts and what paragraphs are cut from.
struct TextBlock: Sendable {
    var lines: [LayoutLine]
    var minX: Double
    var maxX: Double
    var top: Double
    var bottom: Double

    init(_ line: LayoutLine) {
        lines = [line]
        minX = line.minX
        maxX = line.maxX
        top = line.top
        bottom = line.bottom
    }

    mutating func append(_ line: LayoutLine) {
        lines.append(line)
        minX = min(minX, line.minX)
        maxX = max(maxX, line.maxX)
        top = max(top, line.top)
        bottom = min(bottom, line.bottom)
    }

    var size: Double { lines.first?.size ?? 0 }
    var centerY: Double { (top + bottom) / 2 }

    /// The usual baseline distance between consecutive lines, once there are two.
    var lineSpacing: Double? {
        guard lines.count >= 2 else { return nil }
        var distances = (1..<lines.count).map { lines[$0 - 1].baseline - lines[$0].baseline }
        distances.sort()
        return distances[distances.count / 2]
    }

    /// Horizontal overlap with another range, in points (negative when apart).
    func horizontalOverlap(_ minX: Double, _ maxX: Double) -> Double {
        min(self.maxX, maxX) - max(self.minX, minX)
    }
}
