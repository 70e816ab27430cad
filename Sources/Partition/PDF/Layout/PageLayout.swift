import Glibc

/// A page's glyphs → its paragraphs in reading order. Text of each writing direction is laid out in its own frame,
/// rotated so the text runs left to right: the four right angles (rotated pages, vertical labels), and any other
/// angle to the degree (stamps, slanted headings), which would otherwise fall apart into single letters. Upright text
/// comes first, then the other right angles, then slanted text.
struct PageLayout {
    var lineBuilder = LineBuilder()
    var blockBuilder = BlockBuilder()
    var paragraphBuilder = ParagraphBuilder()

    /// Within this many degrees of a right angle, text counts as axis-aligned.
    static let axisTolerance = 1.5

    func paragraphs(of page: PageGlyphs, number: Int) -> [TextParagraph] {
        var frames: [Int: [LayoutChar]] = [:]
        var angle = 0.0
        for glyph in page.glyphs {
            let dx = glyph.endX - glyph.x
            let dy = glyph.endY - glyph.y
            if abs(dx) > 1e-6 || abs(dy) > 1e-6 {
                angle = atan2(dy, dx) * 180 / .pi
                if angle < 0 { angle += 360 }
            }
            let frame = Self.frame(of: angle)
            frames[frame, default: []].append(Self.layoutChar(glyph, frame: frame, text: page.text))
        }
        var result: [TextParagraph] = []
        let order = frames.keys.sorted { Self.rank($0) < Self.rank($1) }
        for frame in order {
            let lines = lineBuilder.lines(from: frames[frame] ?? [], text: page.text)
            let blocks = ReadingOrder.order(blockBuilder.blocks(from: lines))
            for block in blocks { result += paragraphBuilder.paragraphs(in: block, page: number) }
        }
        return result
    }

    /// 0–3 for the right angles (0°, 90°, 180°, 270°), otherwise 1000 + the angle in whole degrees.
    private static func frame(of angle: Double) -> Int {
        let quarter = (angle / 90).rounded()
        if abs(angle - quarter * 90) <= axisTolerance { return Int(quarter) % 4 }
        return 1000 + Int(angle.rounded()) % 360
    }

    /// Upright first, then up, down, upside down, then slanted frames by angle.
    private static func rank(_ frame: Int) -> Int {
        switch frame {
        case 0: 0
        case 1: 1
        case 3: 2
        case 2: 3
        default: frame
        }
    }

    /// The glyph in its frame's coordinates (text running towards +x, y up).
    private static func layoutChar(_ glyph: TextGlyph, frame: Int, text: [Unicode.Scalar]) -> LayoutChar {
        let rotate: (Double, Double) -> (Double, Double)
        switch frame {
        case 0: rotate = { ($0, $1) }
        case 1: rotate = { ($1, -$0) }
        case 2: rotate = { (-$0, -$1) }
        case 3: rotate = { (-$1, $0) }
        default:
            let radians = Double(frame - 1000) * .pi / 180
            let (c, s) = (cos(radians), sin(radians))
            rotate = { ($0 * c + $1 * s, -$0 * s + $1 * c) }
        }
        let (startX, baseline) = rotate(glyph.x, glyph.y)
        let (endX, _) = rotate(glyph.endX, glyph.endY)
        // A typed space is code 32 (§9.3.3); a glyph whose text is white space breaks words the same way.
        let isSpace = glyph.textCount == 0 ? glyph.isSpace
            : text[Int(glyph.textStart)..<Int(glyph.textStart + glyph.textCount)].allSatisfy(Self.isWhitespace)
        return LayoutChar(minX: min(startX, endX), maxX: max(startX, endX), baseline: baseline, size: glyph.fontSize,
                          textStart: glyph.textStart, textCount: glyph.textCount, isSpace: isSpace,
                          isBold: glyph.isBold)
    }

    /// White space, with the ASCII answer computed directly (property lookups are slow per glyph).
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace
    }
}
