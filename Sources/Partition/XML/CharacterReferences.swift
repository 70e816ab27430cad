/// Character references (`&amp;`, `&#233;`, `&#xE9;`) shared by the XML, HTML and Markdown readers: one decoder,
/// with the name table and the numeric rules chosen by the caller.
enum CharacterReferences {
    /// Which rules apply.
    enum Dialect {
        /// XML 1.0 §4.1 and §4.6: numeric references and the five predefined entities only.
        case xml
        /// The HTML standard §13.2.5.72–80 (also what CommonMark §2.5 adopts): named references from
        /// `HTMLEntities`, with numeric references to 0x80–0x9F remapped through Windows-1252.
        case html
    }

    /// The longest reference name looked up; longer runs are left as text.
    private static let maxNameLength = 32

    /// Decodes the references in UTF-8 `bytes`. Unknown or malformed references stay as written (browsers and
    /// tolerant readers do the same); invalid code points become U+FFFD.
    static func decode(_ bytes: ArraySlice<UInt8>, dialect: Dialect) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var output = ""
        output.reserveCapacity(bytes.count)
        var runStart = bytes.startIndex
        var position = bytes.startIndex
        while position < bytes.endIndex {
            guard bytes[position] == UInt8(ascii: "&"),
                  let (replacement, end) = reference(in: bytes, at: position, dialect: dialect) else {
                position += 1
                continue
            }
            output += String(decoding: bytes[runStart..<position], as: UTF8.self)
            output += replacement
            position = end
            runStart = end
        }
        output += String(decoding: bytes[runStart..<bytes.endIndex], as: UTF8.self)
        return output
    }

    /// The replacement for the reference starting at `start` (an `&`) and the index after its `;`.
    private static func reference(in bytes: ArraySlice<UInt8>, at start: Int,
                                  dialect: Dialect) -> (String, Int)? {
        let limit = min(bytes.endIndex, start + 2 + maxNameLength)
        guard let semicolon = bytes[(start + 1)..<limit].firstIndex(of: UInt8(ascii: ";")),
              semicolon > start + 1 else { return nil }
        let body = bytes[(start + 1)..<semicolon]
        if body.first == UInt8(ascii: "#") {
            guard let scalar = numeric(body.dropFirst(), dialect: dialect) else { return nil }
            return (String(Character(scalar)), semicolon + 1)
        }
        let name = String(decoding: body, as: UTF8.self)
        let replacement: String? = switch dialect {
        case .xml: predefined[name]
        case .html: HTMLEntities.named[name]
        }
        return replacement.map { ($0, semicolon + 1) }
    }

    /// The scalar of a numeric reference's digits (`233` or `xE9`), or nil when they are not digits. Zero,
    /// surrogates and values beyond U+10FFFF become U+FFFD.
    static func numeric(_ digits: ArraySlice<UInt8>, dialect: Dialect) -> Unicode.Scalar? {
        var digits = digits
        var radix: UInt32 = 10
        if let first = digits.first, first | 0x20 == UInt8(ascii: "x") {
            radix = 16
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var value: UInt32 = 0
        for byte in digits {
            guard let digit = hexValue(byte), digit < radix else { return nil }
            // Saturate just past U+10FFFF so long digit runs cannot overflow.
            value = min(value * radix + digit, 0x11_0000)
        }
        if dialect == .html, (0x80...0x9F).contains(value) { return Windows1252.scalar(UInt8(value)) }
        guard value != 0, let scalar = Unicode.Scalar(value) else { return Unicode.Scalar(0xFFFD) }
        return scalar
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// XML 1.0 §4.6.
    private static let predefined = ["lt": "<", "gt": ">", "amp": "&", "apos": "'", "quot": "\""]
}
