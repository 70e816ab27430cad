/// The built-in encoding of an embedded CFF program (`/FontFile3 /Subtype /Type1C`; Adobe Technical Note #5176):
/// code → glyph index from the Encoding table (format 0 or 1, with supplements, or the predefined Standard
/// encoding), glyph index → name from the charset (formats 0–2, or the predefined ISOAdobe charset). Used when a font
/// dictionary names no encoding (PDF 32000-1 §9.6.6.2), as pdfTeX's compressed Computer Modern fonts require.
/// Offsets are checked against the data, so a damaged program yields nil rather than garbage.
struct CFFEncodingReader {
    private let data: [UInt8]

    init(_ data: [UInt8]) {
        self.data = data
    }

    /// 256 glyph names, or nil when the program cannot be read or is CID-keyed (it then has no names).
    func encoding() -> [String?]? {
        guard data.count > 4, data[0] == 1 else { return nil }
        var position = Int(data[2])
        guard let names = index(at: &position), names.count > 0,
              let topDicts = index(at: &position), let top = topDicts.first,
              let strings = index(at: &position) else { return nil }
        let operators = dictionary(top)
        if operators[0x0C1E] != nil { return nil }  // ROS: a CID-keyed font
        guard let charStringsOffset = operators[17]?.first, var cursor = Optional(Int(charStringsOffset)),
              let charStrings = index(at: &cursor) else { return nil }
        let glyphCount = charStrings.count
        let glyphNames = charset(at: Int(operators[15]?.first ?? 0), glyphCount: glyphCount, strings: strings)
        let encodingOffset = Int(operators[16]?.first ?? 0)
        if encodingOffset == 0 { return FontEncoding.standard.glyphNames }
        if encodingOffset == 1 { return nil }  // Expert encoding: not worth a table here
        var result = [String?](repeating: nil, count: 256)
        guard encodingOffset > 1, encodingOffset < data.count else { return nil }
        var offset = encodingOffset
        let format = data[offset]
        offset += 1
        switch format & 0x7F {
        case 0:
            guard offset < data.count else { return nil }
            let count = Int(data[offset])
            offset += 1
            for glyph in 1...max(1, count) where count > 0 && offset < data.count {
                if glyph < glyphNames.count { result[Int(data[offset])] = glyphNames[glyph] }
                offset += 1
            }
        case 1:
            guard offset < data.count else { return nil }
            let ranges = Int(data[offset])
            offset += 1
            var glyph = 1
            for _ in 0..<ranges where offset + 1 < data.count {
                let first = Int(data[offset])
                let left = Int(data[offset + 1])
                offset += 2
                for code in first...min(255, first + left) {
                    if glyph < glyphNames.count { result[code] = glyphNames[glyph] }
                    glyph += 1
                }
            }
        default:
            return nil
        }
        if format & 0x80 != 0, offset < data.count {
            // Supplements: extra codes for glyphs already encoded (code, SID).
            let count = Int(data[offset])
            offset += 1
            for _ in 0..<count where offset + 2 < data.count {
                let code = Int(data[offset])
                let sid = Int(data[offset + 1]) << 8 | Int(data[offset + 2])
                result[code] = name(sid, strings: strings)
                offset += 3
            }
        }
        return result
    }

    /// Glyph index → name. Predefined charsets 1 and 2 (Expert) are not tabled and read as nameless.
    private func charset(at offset: Int, glyphCount: Int, strings: [ArraySlice<UInt8>]) -> [String?] {
        var names = [String?](repeating: nil, count: glyphCount)
        guard glyphCount > 0 else { return names }
        names[0] = ".notdef"
        if offset == 0 {
            for glyph in 1..<glyphCount where glyph < CFFStandardStrings.names.count {
                names[glyph] = CFFStandardStrings.names[glyph]
            }
            return names
        }
        guard offset > 2, offset < data.count else { return names }
        var position = offset + 1
        var glyph = 1
        switch data[offset] {
        case 0:
            while glyph < glyphCount, position + 1 < data.count {
                names[glyph] = name(Int(data[position]) << 8 | Int(data[position + 1]), strings: strings)
                position += 2
                glyph += 1
            }
        case 1, 2:
            let wide = data[offset] == 2
            while glyph < glyphCount, position + (wide ? 3 : 2) < data.count {
                let first = Int(data[position]) << 8 | Int(data[position + 1])
                let left = wide ? Int(data[position + 2]) << 8 | Int(data[position + 3]) : Int(data[position + 2])
                position += wide ? 4 : 3
                for sid in first...(first + left) where glyph < glyphCount {
                    names[glyph] = name(sid, strings: strings)
                    glyph += 1
                }
            }
        default:
            break
        }
        return names
    }

    private func name(_ sid: Int, strings: [ArraySlice<UInt8>]) -> String? {
        if sid < CFFStandardStrings.names.count { return CFFStandardStrings.names[sid] }
        let index = sid - CFFStandardStrings.names.count
        guard index < strings.count else { return nil }
        return String(decoding: strings[index], as: UTF8.self)
    }

    /// An INDEX (count, offset size, offsets, data) at `position`; advances past it.
    private func index(at position: inout Int) -> [ArraySlice<UInt8>]? {
        guard position >= 0, position + 2 <= data.count else { return nil }
        let count = Int(data[position]) << 8 | Int(data[position + 1])
        position += 2
        if count == 0 { return [] }
        guard position < data.count else { return nil }
        let offsetSize = Int(data[position])
        position += 1
        guard (1...4).contains(offsetSize), position + (count + 1) * offsetSize <= data.count else { return nil }
        var offsets: [Int] = []
        offsets.reserveCapacity(count + 1)
        for item in 0...count {
            var value = 0
            for byte in 0..<offsetSize { value = value << 8 | Int(data[position + item * offsetSize + byte]) }
            offsets.append(value)
        }
        let base = position + (count + 1) * offsetSize - 1
        guard let last = offsets.last, base + last <= data.count else { return nil }
        var items: [ArraySlice<UInt8>] = []
        items.reserveCapacity(count)
        for item in 0..<count {
            let start = base + offsets[item]
            let end = base + offsets[item + 1]
            guard start >= base + 1, start <= end, end <= data.count else { return nil }
            items.append(data[start..<end])
        }
        position = base + last
        return items
    }

    /// A DICT's operators with their operands (two-byte operators as 0x0C00 | second byte).
    private func dictionary(_ bytes: ArraySlice<UInt8>) -> [Int: [Double]] {
        var result: [Int: [Double]] = [:]
        var operands: [Double] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = Int(bytes[index])
            index += 1
            switch byte {
            case 0...21:
                var key = byte
                if byte == 12, index < bytes.endIndex {
                    key = 0x0C00 | Int(bytes[index])
                    index += 1
                }
                result[key] = operands
                operands.removeAll()
            case 28 where index + 1 < bytes.endIndex:
                operands.append(Double(Int16(bitPattern: UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))))
                index += 2
            case 29 where index + 3 < bytes.endIndex:
                let value = UInt32(bytes[index]) << 24 | UInt32(bytes[index + 1]) << 16
                    | UInt32(bytes[index + 2]) << 8 | UInt32(bytes[index + 3])
                operands.append(Double(Int32(bitPattern: value)))
                index += 4
            case 30:
                // A real: nibbles until 0xF. Only integers matter here, so the value is skipped.
                while index < bytes.endIndex {
                    let nibbles = bytes[index]
                    index += 1
                    if nibbles & 0x0F == 0x0F || nibbles >> 4 == 0x0F { break }
                }
                operands.append(0)
            case 32...246:
                operands.append(Double(byte - 139))
            case 247...250 where index < bytes.endIndex:
                operands.append(Double((byte - 247) * 256 + Int(bytes[index]) + 108))
                index += 1
            case 251...254 where index < bytes.endIndex:
                operands.append(Double(-(byte - 251) * 256 - Int(bytes[index]) - 108))
                index += 1
            default:
                break
            }
        }
        return result
    }
}
