/// Bytes → text for every text-based format (plain text, Markdown, CSV, HTML, UTF-16 XML).
///
/// Detection order: a byte order mark (UTF-8, UTF-16 LE/BE); BOM-less UTF-16, recognised by NUL bytes in every other
/// position (ASCII-range text in UTF-16 has a zero high byte); valid UTF-8; otherwise Windows-1252, which decodes any
/// byte sequence (WHATWG Encoding treats ISO-8859-1 labels as Windows-1252, and legacy Western files are one or the
/// other). Line endings are normalized to LF (CRLF and lone CR, as the HTML standard's input preprocessing and
/// CommonMark §2.1 do). Data that is not text — NUL bytes outside UTF-16, or many control characters — is refused
/// with `unsupported_format`.
package enum TextDecoding {
    /// The encodings `decode` tells apart.
    package enum Encoding: Sendable, Equatable {
        case utf8
        case utf16LittleEndian
        case utf16BigEndian
        case windows1252
    }

    /// Bytes examined by the UTF-16 and control-character heuristics.
    static let sampleSize = 64 * 1024
    /// Largest share of control characters (other than tab, line feed, form feed, carriage return) in text.
    static let maxControlShare = 0.05

    /// The text of `bytes`, or `unsupported_format` when they are binary.
    package static func decode(_ bytes: [UInt8]) throws(PartitionError) -> String {
        let (encoding, bomLength) = detect(bytes)
        let body = bytes[bomLength...]
        let text: String
        switch encoding {
        case .utf8: text = String(decoding: body, as: UTF8.self)
        case .windows1252: text = Windows1252.decode(Array(body))
        case .utf16LittleEndian, .utf16BigEndian: text = utf16(body, bigEndian: encoding == .utf16BigEndian)
        }
        guard !looksBinary(text) else { throw .unsupportedFormat("binary data, not text") }
        return normalizedLineEndings(text)
    }

    /// The encoding of `bytes` and the length of its byte order mark.
    package static func detect(_ bytes: [UInt8]) -> (Encoding, bomLength: Int) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16LittleEndian, 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16BigEndian, 2) }
        if let utf16 = bomlessUTF16(bytes) { return (utf16, 0) }
        return (String(validating: bytes, as: UTF8.self) != nil ? .utf8 : .windows1252, 0)
    }

    /// UTF-16 without a byte order mark: at least 30% of the sampled code units have a zero byte on one side and
    /// almost none (≤ 2%) on the other. UTF-16 text in scripts outside Latin has no zero bytes, so it is recognised
    /// only with a byte order mark.
    private static func bomlessUTF16(_ bytes: [UInt8]) -> Encoding? {
        let pairs = min(bytes.count, sampleSize) / 2
        guard pairs >= 2 else { return nil }
        var evenZeros = 0, oddZeros = 0
        for pair in 0..<pairs {
            if bytes[2 * pair] == 0 { evenZeros += 1 }
            if bytes[2 * pair + 1] == 0 { oddZeros += 1 }
        }
        let many = Double(pairs) * 0.3, few = Double(pairs) * 0.02
        if Double(oddZeros) >= many, Double(evenZeros) <= few { return .utf16LittleEndian }
        if Double(evenZeros) >= many, Double(oddZeros) <= few { return .utf16BigEndian }
        return nil
    }

    private static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let first = UInt16(bytes[index]), second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// True when the start of `text` holds a NUL or more than `maxControlShare` control characters.
    static func looksBinary(_ text: String) -> Bool {
        var sampled = 0, controls = 0
        for scalar in text.unicodeScalars.prefix(sampleSize) {
            sampled += 1
            switch scalar.value {
            case 0: return true
            case 0x09, 0x0A, 0x0C, 0x0D: break
            case 0x01...0x1F, 0x7F: controls += 1
            default: break
            }
        }
        return sampled > 0 && Double(controls) > Double(sampled) * maxControlShare
    }

    /// CRLF and lone CR become LF.
    static func normalizedLineEndings(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                scalars.append("\n")
                previousWasCR = true
                continue
            }
            if !(scalar == "\n" && previousWasCR) { scalars.append(scalar) }
            previousWasCR = false
        }
        return String(scalars)
    }
}
