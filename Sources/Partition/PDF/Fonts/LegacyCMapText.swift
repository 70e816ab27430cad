import Glibc
import Synchronization

/// Text for the legacy CJK predefined CMaps (PDF 32000-1 §9.7.5.2, table 118: `90ms-RKSJ-H`, `GBK-EUC-H`,
/// `ETen-B5-H`, `KSC-EUC-H`…). Those CMaps map bytes of a national encoding to CIDs; without Adobe's CID tables the
/// CIDs mean nothing here, but the bytes themselves are Shift-JIS, GBK, Big5 or EUC text, which iconv (glibc)
/// converts. Each charset's table is built once per process and shared.
enum LegacyCMapText {
    /// The iconv charset of a predefined CMap name, or nil for CMaps that are not a legacy encoding.
    static func charset(forCMap name: String) -> String? {
        if name.contains("RKSJ") { return "CP932" }
        if name.hasPrefix("EUC-") { return "EUC-JP" }
        if name.hasPrefix("GBK2K") { return "GB18030" }
        if name.hasPrefix("GB") { return "GBK" }
        if name.hasPrefix("HKscs") { return "BIG5-HKSCS" }
        if name.contains("B5") { return "CP950" }
        if name.hasPrefix("CNS") { return "EUC-TW" }
        if name.hasPrefix("KSCms-UHC") { return "CP949" }
        if name.hasPrefix("KSC") { return "EUC-KR" }
        return nil
    }

    private static let tables = Mutex<[String: [UInt32: Unicode.Scalar]]>([:])

    /// Code (one or two bytes, big-endian) → text for `charset`; empty when iconv does not know the charset.
    static func table(for charset: String) -> [UInt32: Unicode.Scalar] {
        if let cached = tables.withLock({ $0[charset] }) { return cached }
        let built = build(charset)
        tables.withLock { $0[charset] = built }
        return built
    }

    private static func build(_ charset: String) -> [UInt32: Unicode.Scalar] {
        guard let converter = iconv_open("UTF-32LE", charset), Int(bitPattern: converter) != -1 else { return [:] }
        defer { iconv_close(converter) }
        var table: [UInt32: Unicode.Scalar] = [:]
        table.reserveCapacity(24_000)
        for byte in UInt32(0x20)...0x7E { table[byte] = Unicode.Scalar(byte) }
        if charset == "CP932" {
            for byte in UInt8(0xA1)...0xDF { if let scalar = convert([byte], converter) { table[UInt32(byte)] = scalar } }
        }
        for lead in UInt8(0x81)...0xFE {
            for trail in UInt8(0x40)...0xFE {
                if let scalar = convert([lead, trail], converter) { table[UInt32(lead) << 8 | UInt32(trail)] = scalar }
            }
        }
        return table
    }

    /// One character's bytes through iconv; nil when they are not a complete valid character.
    private static func convert(_ bytes: [UInt8], _ converter: iconv_t) -> Unicode.Scalar? {
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [UInt8](repeating: 0, count: 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inputBuffer.baseAddress
                var inLeft = inputBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outputBuffer.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outputBuffer.count
                _ = iconv(converter, nil, nil, nil, nil)
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                return result == -1 || inLeft != 0 ? nil : outputBuffer.count - outLeft
            }
        }
        guard produced == 4 else { return nil }
        let value = UInt32(output[0]) | UInt32(output[1]) << 8 | UInt32(output[2]) << 16 | UInt32(output[3]) << 24
        return Unicode.Scalar(value)
    }
}
