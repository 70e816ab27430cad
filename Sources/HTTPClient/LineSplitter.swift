/// Splits a byte stream into lines ended by LF, CRLF or a lone CR, however the bytes are split across feeds — the
/// line grammar of text/event-stream, and a superset of newline-delimited JSON (where a raw CR cannot occur inside a
/// document). Lines longer than `maxLineBytes` are an error rather than unbounded memory.
package struct LineSplitter: Sendable {
    /// The longest line accepted, without its line end.
    package let maxLineBytes: Int
    private var partial: [UInt8] = []
    /// A CR ended the last line; an LF right after it belongs to the same line end.
    private var afterCarriageReturn = false

    /// A splitter accepting lines up to `maxLineBytes`.
    package init(maxLineBytes: Int = 1 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    /// The lines completed by `bytes`, without their line ends.
    package mutating func feed(_ bytes: some Sequence<UInt8>) throws(HTTPClientError) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        for byte in bytes {
            switch byte {
            case 0x0A where afterCarriageReturn:
                afterCarriageReturn = false
            case 0x0A, 0x0D:
                lines.append(partial)
                partial.removeAll(keepingCapacity: true)
                afterCarriageReturn = byte == 0x0D
            default:
                afterCarriageReturn = false
                guard partial.count < maxLineBytes else {
                    throw HTTPClientError(.protocolError, "A streamed line is longer than \(maxLineBytes) bytes.")
                }
                partial.append(byte)
            }
        }
        return lines
    }

    /// The unterminated last line at the end of the stream, if any.
    package mutating func finish() -> [UInt8]? {
        defer { partial = [] }
        return partial.isEmpty ? nil : partial
    }
}
