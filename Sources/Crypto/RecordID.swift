/// Record identifiers such as `doc_0f3k…`: a prefix + 20 lowercase Crockford base32 characters from 100 random bits.
/// Random rather than sequential, so ids reveal neither counts nor creation order and cannot be enumerated (OWASP
/// ASVS 5 V8 — insecure direct object references are still prevented by authorization, this is defence in depth).
package enum RecordID {
    /// Characters after the prefix: 20 base32 characters carry 100 bits.
    package static let characters = 20
    /// Crockford's base32 alphabet in lowercase: no i, l, o, u, so ids read aloud or retyped are not confused.
    private static let crockford = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    /// A new identifier with `prefix`.
    package static func make(prefix: String) -> String {
        encode(SecureRandom.bytes(13), prefix: prefix)
    }

    /// A new identifier whose order follows `milliseconds` (Unix time): the first 48 of its 100 bits are the time,
    /// the other 52 random. For rows written at a high rate (query history, traces): an index on a random key
    /// dirties a different page for every insert, one on a time-ordered key only its last page.
    package static func makeOrdered(prefix: String, milliseconds: Int64) -> String {
        var bytes = SecureRandom.bytes(13)
        let time = UInt64(max(0, milliseconds))
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: time >> UInt64(40 - 8 * index)) }
        return encode(bytes, prefix: prefix)
    }

    /// The first 100 bits of `bytes` (13 of them) as twenty 5-bit characters after `prefix`; the alphabet is in
    /// ascending order, so ids compare as their bits do.
    private static func encode(_ bytes: [UInt8], prefix: String) -> String {
        var output = [UInt8]()
        output.reserveCapacity(characters)
        var accumulator: UInt32 = 0
        var bits = 0
        var index = 0
        while output.count < characters {
            if bits < 5 {
                accumulator = accumulator << 8 | UInt32(bytes[index])
                index += 1
                bits += 8
            }
            bits -= 5
            output.append(crockford[Int(accumulator >> UInt32(bits) & 31)])
            accumulator &= (1 << UInt32(bits)) - 1
        }
        return prefix + String(decoding: output, as: UTF8.self)
    }
}
