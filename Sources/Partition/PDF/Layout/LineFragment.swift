/// Glyphs drawn one after another along one baseline; several fragments make a line.
struct LineFragment: Sendable {
    var chars: [LayoutChar] = []
    var minX = Double.infinity
    var maxX = -Double.infinity
    var baseline = 0.0
    var size = 0.0

    mutating func append(_ char: LayoutChar) {
        if chars.isEmpty {
            baseline = char.baseline
            size = char.size
        }
        chars.append(char)
        minX = min(minX, char.minX)
        maxX = max(maxX, char.maxX)
        size = max(size, char.size)
    }
}
