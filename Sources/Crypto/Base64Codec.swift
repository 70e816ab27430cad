/// Unpadded base64 over a 64-character alphabet (RFC 4648 §4 and §5) with strict, canonical decoding.
///
/// Strictness matters for credentials: if two texts decode to the same bytes, a signature or digest checked on the text
/// and a value read from the bytes can disagree. So decoding accepts exactly one text per byte string — no padding, no
/// whitespace, no foreign characters, no length ≡ 1 (mod 4), and the unused low bits of the last character must be zero
/// (RFC 4648 §3.5 lets decoders reject such "non-canonical" encodings; RFC 7515 §2 forbids padding in JWS).
package struct Base64Codec: Sendable {
    /// RFC 4648 §5, the URL- and filename-safe alphabet used by JWS and our opaque tokens.
    package static let url = Base64Codec(alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    /// RFC 4648 §4, the standard alphabet the PHC string format uses for argon2 salts and hashes (without padding).
    package static let standard = Base64Codec(alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    private let symbols: [UInt8]
    /// Byte → 6-bit value, 0xFF for bytes outside the alphabet.
    private let values: [UInt8]

    private init(alphabet: String) {
        symbols = Array(alphabet.utf8)
        precondition(symbols.count == 64)
        var values = [UInt8](repeating: 0xFF, count: 256)
        for (index, symbol) in symbols.enumerated() { values[Int(symbol)] = UInt8(index) }
        self.values = values
    }

    /// The unpadded encoding of `bytes`: ⌈4n/3⌉ characters.
    package func encode(_ bytes: some Collection<UInt8>) -> String {
        var output = [UInt8]()
        output.reserveCapacity((bytes.count * 4 + 2) / 3)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = iterator.next()
            let group = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            output.append(symbols[Int(group >> 18 & 63)])
            output.append(symbols[Int(group >> 12 & 63)])
            if second != nil { output.append(symbols[Int(group >> 6 & 63)]) }
            if third != nil { output.append(symbols[Int(group & 63)]) }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes `text` encodes, or nil unless `text` is the canonical unpadded encoding of some byte string.
    package func decode(_ text: some StringProtocol) -> [UInt8]? {
        decode(utf8: text.utf8)
    }

    /// Like `decode(_:)` for text given as UTF-8 bytes.
    package func decode(utf8 input: some Collection<UInt8>) -> [UInt8]? {
        // Every access token is decoded on every request: work on contiguous memory (strings and arrays are), not
        // element by element through a generic collection.
        if let decoded = input.withContiguousStorageIfAvailable({ decode(buffer: $0) }) { return decoded }
        return Array(input).withUnsafeBufferPointer { decode(buffer: $0) }
    }

    private func decode(buffer input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let remainder = input.count % 4
        // One leftover character carries only 6 bits: not a whole byte, so no encoder produces it.
        guard remainder != 1 else { return nil }
        return values.withUnsafeBufferPointer { values in
            var output = [UInt8]()
            output.reserveCapacity(input.count * 3 / 4)
            var accumulator: UInt32 = 0
            var bits = 0
            for character in input {
                let value = values[Int(character)]
                guard value != 0xFF else { return nil }
                accumulator = accumulator << 6 | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                    accumulator &= (1 << UInt32(bits)) - 1
                }
            }
            // 2 or 4 bits are left over after a partial group; a canonical encoder leaves them zero.
            return accumulator == 0 ? output : nil
        }
    }
}
