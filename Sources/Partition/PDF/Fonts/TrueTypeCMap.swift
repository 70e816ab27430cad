/// Glyph → Unicode from an embedded TrueType or OpenType program's `cmap` table (Apple TrueType Reference Manual,
/// "cmap"; ISO/IEC 14496-22 §5.2.1), for composite fonts that come without `/ToUnicode`: poppler recovers their text
/// the same way. The Unicode subtable (3,10), (3,1) or (0,*) in format 0, 4, 6 or 12 is inverted; the lowest code
/// point wins when several share a glyph.
enum TrueTypeCMap {
    /// Code points read at most (format 12 groups can claim millions).
    static let maxCodes = 200_000

    static func glyphToUnicode(_ font: [UInt8]) -> [UInt32: Unicode.Scalar] {
        guard let cmap = tableOffset("cmap", in: font), let subtable = unicodeSubtable(font, cmap: cmap) else {
            return [:]
        }
        var result: [UInt32: Unicode.Scalar] = [:]
        var budget = maxCodes
        func add(_ code: UInt32, _ glyph: UInt32) {
            guard glyph != 0, result[glyph] == nil, let scalar = Unicode.Scalar(code) else { return }
            result[glyph] = scalar
        }
        switch read16(font, subtable) {
        case 0:
            for code in 0..<256 where subtable + 6 + code < font.count {
                add(UInt32(code), UInt32(font[subtable + 6 + code]))
            }
        case 4:
            let segments = Int(read16(font, subtable + 6) / 2)
            let ends = subtable + 14
            let starts = ends + 2 * segments + 2
            let deltas = starts + 2 * segments
            let rangeOffsets = deltas + 2 * segments
            for segment in 0..<segments {
                let end = Int(read16(font, ends + 2 * segment))
                let start = Int(read16(font, starts + 2 * segment))
                let delta = Int(read16(font, deltas + 2 * segment))
                let rangeOffsetPosition = rangeOffsets + 2 * segment
                let rangeOffset = Int(read16(font, rangeOffsetPosition))
                guard start <= end, end != 0xFFFF || start != 0xFFFF else { continue }
                for code in start...end {
                    budget -= 1
                    if budget < 0 { return result }
                    var glyph: Int
                    if rangeOffset == 0 {
                        glyph = (code + delta) & 0xFFFF
                    } else {
                        let position = rangeOffsetPosition + rangeOffset + 2 * (code - start)
                        glyph = Int(read16(font, position))
                        if glyph != 0 { glyph = (glyph + delta) & 0xFFFF }
                    }
                    add(UInt32(code), UInt32(glyph))
                }
            }
        case 6:
            let first = Int(read16(font, subtable + 6))
            let count = Int(read16(font, subtable + 8))
            for index in 0..<count { add(UInt32(first + index), UInt32(read16(font, subtable + 10 + 2 * index))) }
        case 12:
            let groups = Int(read32(font, subtable + 12))
            for group in 0..<min(groups, maxCodes) {
                let base = subtable + 16 + 12 * group
                let start = read32(font, base)
                let end = read32(font, base + 4)
                let glyph = read32(font, base + 8)
                guard start <= end else { continue }
                for code in start...end {
                    budget -= 1
                    if budget < 0 { return result }
                    add(code, glyph &+ (code - start))
                }
            }
        default:
            break
        }
        return result
    }

    /// The offset of table `tag` in an sfnt (TrueType `0x00010000`/`true` or OpenType `OTTO`).
    private static func tableOffset(_ tag: StaticString, in font: [UInt8]) -> Int? {
        guard font.count >= 12 else { return nil }
        let count = Int(read16(font, 4))
        let name = Array(UnsafeBufferPointer(start: tag.utf8Start, count: 4))
        for index in 0..<count {
            let record = 12 + 16 * index
            guard record + 16 <= font.count else { return nil }
            if Array(font[record..<record + 4]) == name {
                let offset = Int(read32(font, record + 8))
                return offset < font.count ? offset : nil
            }
        }
        return nil
    }

    private static func unicodeSubtable(_ font: [UInt8], cmap: Int) -> Int? {
        let count = Int(read16(font, cmap + 2))
        var best: (rank: Int, offset: Int)?
        for index in 0..<min(count, 64) {
            let record = cmap + 4 + 8 * index
            let platform = read16(font, record)
            let encoding = read16(font, record + 2)
            let offset = cmap + Int(read32(font, record + 4))
            guard offset < font.count else { continue }
            let rank = switch (platform, encoding) {
            case (3, 10): 3
            case (3, 1): 2
            case (0, _): 1
            default: 0
            }
            if rank > 0, best == nil || rank > best!.rank { best = (rank, offset) }
        }
        return best?.offset
    }

    private static func read16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        guard offset >= 0, offset + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    private static func read32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        guard offset >= 0, offset + 4 <= bytes.count else { return 0 }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }
}
