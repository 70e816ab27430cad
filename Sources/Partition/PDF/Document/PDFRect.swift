/// An axis-aligned rectangle in user space.
struct PDFRect: Sendable, Equatable {
    var minX: Double
    var minY: Double
    var maxX: Double
    var maxY: Double

    /// US Letter, the default when a page has no usable media box.
    static let letter = PDFRect(minX: 0, minY: 0, maxX: 612, maxY: 792)

    var width: Double { maxX - minX }
    var height: Double { maxY - minY }

    /// A rectangle from a `[llx lly urx ury]` array in either corner order (§7.9.5); nil when malformed or empty.
    init?(_ object: PDFObject?) {
        guard let items = object?.array, items.count >= 4 else { return nil }
        let values = items.prefix(4).compactMap(\.number)
        guard values.count == 4 else { return nil }
        self.init(minX: min(values[0], values[2]), minY: min(values[1], values[3]),
                  maxX: max(values[0], values[2]), maxY: max(values[1], values[3]))
        guard width > 0, height > 0 else { return nil }
    }

    init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// The overlap with `other`, or nil when they do not overlap.
    func intersection(_ other: PDFRect) -> PDFRect? {
        let result = PDFRect(minX: max(minX, other.minX), minY: max(minY, other.minY),
                             maxX: min(maxX, other.maxX), maxY: min(maxY, other.maxY))
        return result.width > 0 && result.height > 0 ? result : nil
    }
}
