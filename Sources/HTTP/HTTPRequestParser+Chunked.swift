extension HTTPRequestParser {
    /// Fields that must not appear in trailers because they frame, route or authenticate the message
    /// (RFC 9110 §6.5.1); accepting them would let a trailer rewrite what the head already decided.
    static let forbiddenTrailerNames = [
        "content-length", "transfer-encoding", "host", "authorization", "content-type", "content-encoding", "trailer",
    ]

    /// Parses `chunk-size [ chunk-ext ] CRLF` (RFC 9112 §7.1); nil while incomplete.
    mutating func parseChunkSizeLine() throws(HTTPParseError) -> Int? {
        let scan: LineScan
        do {
            scan = try takeLine(lineLimit: limits.maxChunkLineBytes, sectionRemaining: nil)
        } catch {
            throw error.parseError(lineTooLong: .chunkLineTooLong)
        }
        guard case .line(let range) = scan else { return nil }
        let size = try input.withBytes(range) { line throws(HTTPParseError) in try ChunkLineParser.parse(line) }
        let (total, overflow) = bodyBytesSoFar.addingReportingOverflow(size)
        if overflow || total > limits.maxBodyBytes { throw .bodyTooLarge }
        bodyBytesSoFar = total
        return size
    }

    /// Parses the trailer section after the last chunk; nil while incomplete.
    mutating func parseTrailerLines() throws(HTTPParseError) -> HTTPHeaders? {
        // Trailer fields parsed so far wait in `pendingTrailers`: a trailer section may span several reads.
        let complete = try parseFieldLines(lineTooLong: .headerLineTooLong) { parser, field throws(HTTPParseError) in
            if Self.forbiddenTrailerNames.contains(where: { HTTPHeaders.namesEqual($0, field.name) }) {
                throw .forbiddenTrailer
            }
            parser.pendingTrailers.add(field.name, field.value)
        }
        guard complete else { return nil }
        return pendingTrailers
    }
}

/// Parses the content of a chunk-size line: 1*HEXDIG then `*( BWS ";" BWS name [ BWS "=" BWS value ] )` where a value
/// is a token or a quoted-string. Extensions are validated and ignored.
enum ChunkLineParser {
    static func parse(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Int {
        if line.contains(0x0D) { throw .bareCarriageReturn }
        var index = 0
        var size = 0
        while index < line.count, let digit = ASCII.hexValue(line[index]) {
            let (shifted, o1) = size.multipliedReportingOverflow(by: 16)
            let (sum, o2) = shifted.addingReportingOverflow(Int(digit))
            if o1 || o2 { throw .invalidChunkSize }
            size = sum
            index += 1
        }
        guard index > 0 else { throw .invalidChunkSize }
        var cursor = Cursor(line: line, index: index)
        var extensions = 0
        while !cursor.atEnd {
            cursor.skipWhitespace()
            guard cursor.take(UInt8(ascii: ";")) else {
                // Garbage right after the digits is a bad size; after an extension, a bad extension.
                throw extensions == 0 ? .invalidChunkSize : .invalidChunkExtension
            }
            extensions += 1
            cursor.skipWhitespace()
            guard cursor.takeToken() else { throw .invalidChunkExtension }
            let afterName = cursor.index
            cursor.skipWhitespace()
            if cursor.take(UInt8(ascii: "=")) {
                cursor.skipWhitespace()
                if !cursor.takeToken() {
                    guard try cursor.takeQuotedString() else { throw .invalidChunkExtension }
                }
            } else {
                // Whitespace is only allowed before ";" or "=": the next round demands a ";".
                cursor.index = afterName
            }
        }
        return size
    }

    private struct Cursor {
        let line: UnsafeBufferPointer<UInt8>
        var index: Int

        var atEnd: Bool { index >= line.count }
        var peek: UInt8? { atEnd ? nil : line[index] }

        mutating func skipWhitespace() {
            while let byte = peek, byte == 0x20 || byte == 0x09 { index += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            index += 1
            return true
        }

        mutating func takeToken() -> Bool {
            let start = index
            while let byte = peek, ASCII.isTokenCharacter(byte) { index += 1 }
            return index > start
        }

        /// `DQUOTE *( qdtext / quoted-pair ) DQUOTE` (RFC 9110 §5.6.4).
        mutating func takeQuotedString() throws(HTTPParseError) -> Bool {
            guard take(0x22) else { return false }
            while let byte = peek {
                index += 1
                switch byte {
                case 0x22:
                    return true
                case 0x5C:
                    guard let escaped = peek, escaped == 0x09 || (escaped >= 0x20 && escaped != 0x7F) else {
                        throw .invalidChunkExtension
                    }
                    index += 1
                case 0x09, 0x20, 0x21, 0x23...0x5B, 0x5D...0x7E, 0x80...0xFF:
                    continue
                default:
                    throw .invalidChunkExtension
                }
            }
            throw .invalidChunkExtension
        }
    }
}
