/// Encodes log records as single-line JSON objects (RFC 8259), appending to a byte buffer so a record costs one
/// buffer and no intermediate strings.
package enum LogRecordEncoder {
    /// The longest string value kept, in UTF-8 bytes before escaping; longer ones are cut and end in "…", so a
    /// hostile header or path cannot bloat the logs.
    package static let defaultMaxStringBytes = 2048

    /// One record: `{"time":…,"level":…,"msg":…` + `encodedFields` (pre-encoded default fields) + `fields` + `}\n`.
    package static func encode(
        level: LogLevel, message: String, encodedFields: [UInt8] = [], fields: [(String, LogValue)],
        maxStringBytes: Int = defaultMaxStringBytes, timestamp: (inout [UInt8]) -> Void
    ) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(160 + message.utf8.count + encodedFields.count + fields.count * 32)
        out.append(contentsOf: #"{"time":""#.utf8)
        timestamp(&out)
        out.append(contentsOf: #"","level":""#.utf8)
        out.append(contentsOf: level.name.utf8)
        out.append(contentsOf: #"","msg":"#.utf8)
        appendString(message, maxBytes: maxStringBytes, to: &out)
        out.append(contentsOf: encodedFields)
        for (key, value) in fields { appendField(key, value, maxStringBytes: maxStringBytes, to: &out) }
        out.append(contentsOf: "}\n".utf8)
        return out
    }

    /// Appends `,"key":value`.
    package static func appendField(_ key: String, _ value: LogValue, maxStringBytes: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: ","))
        appendString(key, maxBytes: maxStringBytes, to: &out)
        out.append(UInt8(ascii: ":"))
        switch value {
        case .string(let text): appendString(text, maxBytes: maxStringBytes, to: &out)
        case .int(let number): NumberText.append(number, to: &out)
        case .double(let number):
            // JSON has no NaN or infinity (RFC 8259 section 6).
            if number.isFinite { NumberText.append(finite: number, to: &out) } else { out.append(contentsOf: "null".utf8) }
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        }
    }

    /// Appends `text` as a JSON string, cut to `maxBytes` UTF-8 bytes on a scalar boundary (plus "…").
    package static func appendString(_ text: String, maxBytes: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { appendTruncated($0, maxBytes: maxBytes, to: &out) }
        if done == nil {
            // Bridged or otherwise non-contiguous strings: copy once into native storage.
            var native = text
            native.withUTF8 { appendTruncated($0, maxBytes: maxBytes, to: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendTruncated(_ bytes: UnsafeBufferPointer<UInt8>, maxBytes: Int, to out: inout [UInt8]) {
        guard bytes.count > maxBytes else { return appendEscaped(bytes, to: &out) }
        var end = maxBytes
        // Step back over UTF-8 continuation bytes (0b10xx_xxxx) so the cut never splits a scalar.
        while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        appendEscaped(UnsafeBufferPointer(rebasing: bytes[..<end]), to: &out)
        out.append(contentsOf: "…".utf8)
    }

    /// RFC 8259 section 7: `"` and `\` are escaped, and so are the control characters U+0000–U+001F (short forms
    /// where JSON has them, `\u00XX` otherwise). Everything else, non-ASCII UTF-8 included, is copied in runs.
    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var runStart = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            runStart = index + 1
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
            case 0x08: out.append(contentsOf: #"\b"#.utf8)
            case 0x0C: out.append(contentsOf: #"\f"#.utf8)
            default:
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0F))
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
