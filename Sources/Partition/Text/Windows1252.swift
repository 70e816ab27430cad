/// Windows-1252, the encoding browsers and the HTML standard use for "Latin-1" (WHATWG Encoding §9.1: labels
/// iso-8859-1 and windows-1252 both map here). It equals ISO-8859-1 except 0x80–0x9F, which hold printable characters
/// instead of C1 controls. Shared by text decoding and by HTML numeric character references (the HTML standard remaps
/// `&#128;`–`&#159;` through the same table).
enum Windows1252 {
    /// The scalars of bytes 0x80–0x9F. The five undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) keep their C1 code
    /// point, as the WHATWG index does.
    static let high: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// The scalar for one byte.
    static func scalar(_ byte: UInt8) -> Unicode.Scalar {
        let value = (0x80...0x9F).contains(byte) ? high[Int(byte) - 0x80] : UInt32(byte)
        return Unicode.Scalar(value)!
    }

    /// Decodes every byte (the encoding is total: any byte sequence is valid).
    static func decode(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for byte in bytes { scalars.append(scalar(byte)) }
        return String(scalars)
    }
}
