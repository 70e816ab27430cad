/// A CMap (PDF 32000-1 §9.7.5, §9.10.3): how a string's bytes split into codes (codespace ranges), and what each code
/// means — a CID for the encoding CMap of a composite font (`cidchar`/`cidrange`), Unicode text for a `/ToUnicode`
/// map (`bfchar`/`bfrange`). Ranges stay ranges (a `bfrange` over 65,536 codes costs one entry).
struct CMap: Sendable {
    /// One codespace range: codes of `length` bytes whose every byte lies between the bounds' bytes (§9.7.6.2).
    struct Codespace: Sendable {
        var length: Int
        var low: UInt32
        var high: UInt32

        func contains(_ code: UInt32, length: Int) -> Bool {
            guard length == self.length else { return false }
            for byteIndex in 0..<length {
                let shift = UInt32(8 * byteIndex)
                let byte = code >> shift & 0xFF
                if byte < low >> shift & 0xFF || byte > high >> shift & 0xFF { return false }
            }
            return true
        }
    }

    struct UnicodeRange: Sendable {
        var low: UInt32
        var high: UInt32
        /// The text of `low`; later codes add their offset to the last scalar.
        var base: [Unicode.Scalar]

        /// Appends the text of `code` (within the range) to `output`.
        func append(_ code: UInt32, to output: inout [Unicode.Scalar]) -> Bool {
            guard let last = base.last, let shifted = Unicode.Scalar(last.value &+ (code - low)) else { return false }
            output += base.dropLast()
            output.append(shifted)
            return true
        }
    }

    struct CIDRange: Sendable {
        var low: UInt32
        var high: UInt32
        var firstCID: UInt32
    }

    var codespaces: [Codespace] = []
    var unicodeSingles: [UInt32: [Unicode.Scalar]] = [:]
    var unicodeRanges: [UnicodeRange] = []
    var cidSingles: [UInt32: UInt32] = [:]
    var cidRanges: [CIDRange] = []
    /// 1 for vertical writing (`/WMode 1`).
    var writingMode = 0
    /// The CMap this one extends (`usecmap`).
    var parentName: String?

    var isEmpty: Bool { unicodeSingles.isEmpty && unicodeRanges.isEmpty && cidSingles.isEmpty && cidRanges.isEmpty }

    /// Appends the text of `code` to `output`; returns whether the map knows the code.
    func appendUnicode(for code: UInt32, to output: inout [Unicode.Scalar]) -> Bool {
        if let scalars = unicodeSingles[code] {
            output += scalars
            return true
        }
        for range in unicodeRanges where code >= range.low && code <= range.high {
            return range.append(code, to: &output)
        }
        return false
    }

    /// The CID of `code`, when the map defines it.
    func cid(for code: UInt32) -> UInt32? {
        if let cid = cidSingles[code] { return cid }
        for range in cidRanges where code >= range.low && code <= range.high {
            return range.firstCID &+ (code - range.low)
        }
        return nil
    }

    /// The next code of `bytes` at `position` under the codespace ranges, and its length. Bytes that fit no range are
    /// consumed as a code of the shortest range's length (§9.7.6.3), so decoding always advances.
    func nextCode(in bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> (code: UInt32, length: Int) {
        guard !codespaces.isEmpty else { return (UInt32(bytes[position]), 1) }
        var code: UInt32 = 0
        var shortest = 4
        for codespace in codespaces { shortest = min(shortest, codespace.length) }
        for length in 1...4 {
            guard position + length <= bytes.count else { break }
            code = code << 8 | UInt32(bytes[position + length - 1])
            for codespace in codespaces where codespace.contains(code, length: length) { return (code, length) }
        }
        let length = min(shortest, bytes.count - position)
        var fallback: UInt32 = 0
        for index in 0..<length { fallback = fallback << 8 | UInt32(bytes[position + index]) }
        return (fallback, length)
    }
}
