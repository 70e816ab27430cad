/// One part's header section of a multipart/form-data body (RFC 7578).
package struct MultipartPartHead: Sendable, Equatable {
    /// Every header field of the part.
    package var headers: HTTPHeaders
    /// The form field name (`Content-Disposition: form-data; name="…"`).
    package var name: String?
    /// The file name, reduced to its last path component without control characters; nil for plain fields.
    package var filename: String?
    /// The part's declared media type.
    package var contentType: String? { headers["Content-Type"] }
}

/// What the multipart parser found next.
package enum MultipartEvent: Sendable, Equatable {
    /// A new part begins.
    case part(MultipartPartHead)
    /// Some bytes of the current part's body.
    case data([UInt8])
    /// The current part ended.
    case partEnd
    /// The closing delimiter: the body is complete.
    case end
    /// The body is malformed; nothing more will be parsed.
    case error(MultipartError)
}

/// Why a multipart body was refused.
package enum MultipartError: Error, Sendable, Equatable {
    case missingBoundary
    case invalidDelimiter
    case headersTooLarge
    case invalidHeader
    case tooManyParts
    case truncated

    /// A stable snake_case code.
    package var code: String {
        switch self {
        case .missingBoundary: "multipart_missing_boundary"
        case .invalidDelimiter: "multipart_invalid_delimiter"
        case .headersTooLarge: "multipart_headers_too_large"
        case .invalidHeader: "multipart_invalid_header"
        case .tooManyParts: "multipart_too_many_parts"
        case .truncated: "multipart_truncated"
        }
    }
}

/// An incremental, IO-free multipart/form-data parser (RFC 2046 §5.1.1, RFC 7578): feed bytes as they come from the
/// upload's temporary file, take events until nil. Part bodies stream out as `.data` pieces, so a 100 MB file part
/// needs no more memory than one read; only a delimiter's length is held back when a piece ends in what might be
/// the start of one.
package struct MultipartParser: Sendable {
    private enum State: Sendable {
        case preamble
        case afterDelimiter
        case headers
        case body
        case epilogue
        case failed
    }

    private let dashBoundary: [UInt8]    // "--" + boundary
    private let delimiter: [UInt8]       // CRLF + "--" + boundary
    private let maxHeaderBytes: Int
    private let maxParts: Int
    private var buffer: [UInt8] = []
    private var state = State.preamble
    private var parts = 0

    /// A parser for `boundary` (from the Content-Type), with limits on each part's header section and on parts.
    package init(boundary: String, maxHeaderBytes: Int = 16 * 1024, maxParts: Int = 1000) {
        dashBoundary = Array("--\(boundary)".utf8)
        delimiter = [0x0D, 0x0A] + dashBoundary
        self.maxHeaderBytes = maxHeaderBytes
        self.maxParts = maxParts
    }

    /// The boundary parameter of a `multipart/form-data` Content-Type (1–70 characters, RFC 2046 §5.1.1).
    package static func boundary(fromContentType contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { String($0.trimmingOWS) }
        guard let type = parts.first, type.lowercased() == "multipart/form-data" else { return nil }
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].trimmingOWS.lowercased() == "boundary" else { continue }
            var value = String(pair[1].trimmingOWS)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            guard (1...70).contains(value.utf8.count), value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
            return value
        }
        return nil
    }

    /// Appends received bytes (ignored after the closing delimiter or an error: nothing more is parsed, so
    /// nothing more is kept).
    package mutating func append(_ bytes: some Sequence<UInt8>) {
        guard state != .failed, state != .epilogue else { return }
        buffer.append(contentsOf: bytes)
    }

    /// Whether the closing delimiter or an error has been seen.
    package var isFinished: Bool { state == .epilogue || state == .failed }

    /// Bytes held back (at most a delimiter's length, or a header section being read).
    package var bufferedBytes: Int { buffer.count }

    /// The next event, or nil when more bytes are needed (or after `.end` / `.error`).
    package mutating func next() -> MultipartEvent? {
        switch state {
        case .preamble:
            // The first delimiter may open the body or follow a preamble line.
            if buffer.starts(with: dashBoundary) {
                buffer.removeFirst(dashBoundary.count)
                state = .afterDelimiter
                return next()
            }
            guard let found = Self.find(delimiter, in: buffer) else {
                // Keep only what could still be the start of a delimiter.
                if buffer.count > delimiter.count { buffer.removeFirst(buffer.count - delimiter.count) }
                return nil
            }
            buffer.removeFirst(found + delimiter.count)
            state = .afterDelimiter
            return next()
        case .afterDelimiter:
            guard buffer.count >= 2 else { return nil }
            if buffer[0] == 0x2D && buffer[1] == 0x2D {
                state = .epilogue
                buffer = []
                return .end
            }
            // Transport padding (spaces, tabs) may follow a delimiter before its CRLF.
            var index = 0
            while index < buffer.count, buffer[index] == 0x20 || buffer[index] == 0x09 { index += 1 }
            guard index + 1 < buffer.count else { return buffer.count > 1024 ? fail(.invalidDelimiter) : nil }
            guard buffer[index] == 0x0D, buffer[index + 1] == 0x0A else { return fail(.invalidDelimiter) }
            buffer.removeFirst(index + 2)
            parts += 1
            guard parts <= maxParts else { return fail(.tooManyParts) }
            state = .headers
            return next()
        case .headers:
            // An empty header section is a lone CRLF; otherwise the section ends at the first blank line.
            guard let end = buffer.starts(with: [0x0D, 0x0A]) ? -2 : Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: buffer) else {
                return buffer.count > maxHeaderBytes ? fail(.headersTooLarge) : nil
            }
            guard end <= maxHeaderBytes else { return fail(.headersTooLarge) }
            let section = end < 0 ? [] : Array(buffer[..<end])
            buffer.removeFirst(end < 0 ? 2 : end + 4)
            guard let head = Self.parseHead(section) else { return fail(.invalidHeader) }
            state = .body
            return .part(head)
        case .body:
            if let found = Self.find(delimiter, in: buffer) {
                if found > 0 {
                    let data = Array(buffer[..<found])
                    buffer.removeFirst(found)
                    return .data(data)
                }
                buffer.removeFirst(delimiter.count)
                state = .afterDelimiter
                return .partEnd
            }
            // Everything but a possible partial delimiter at the end can go out now.
            let safe = buffer.count - (delimiter.count - 1)
            guard safe > 0 else { return nil }
            let data = Array(buffer[..<safe])
            buffer.removeFirst(safe)
            return .data(data)
        case .epilogue, .failed:
            return nil
        }
    }

    /// Call at the end of the body: an error unless the closing delimiter was seen.
    package mutating func finish() -> MultipartEvent? {
        switch state {
        case .epilogue, .failed: return nil
        default: return fail(.truncated)
        }
    }

    private mutating func fail(_ error: MultipartError) -> MultipartEvent {
        state = .failed
        buffer = []
        return .error(error)
    }

    /// The offset of `needle` in `haystack` (first occurrence).
    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count, let first = needle.first else { return nil }
        return haystack.withUnsafeBufferPointer { bytes in
            var index = 0
            let last = bytes.count - needle.count
            while index <= last {
                guard let hit = bytes[index...last].firstIndex(of: first) else { return nil }
                if needle.indices.allSatisfy({ bytes[hit + $0] == needle[$0] }) { return hit }
                index = hit + 1
            }
            return nil
        }
    }

    private static func parseHead(_ section: [UInt8]) -> MultipartPartHead? {
        var headers = HTTPHeaders()
        var start = 0
        while start < section.count {
            var end = start
            while end + 1 < section.count, !(section[end] == 0x0D && section[end + 1] == 0x0A) { end += 1 }
            if end + 1 >= section.count { end = section.count }
            let line = Array(section[start..<end])
            guard !line.isEmpty else { return nil }
            let field: HTTPHeaders.Field? = line.withUnsafeBufferPointer { try? FieldLineParser.parse($0) }
            guard let field else { return nil }
            headers.add(field.name, field.value)
            start = end + 2
        }
        let disposition = headers["Content-Disposition"].map(DispositionParameters.init)
        return MultipartPartHead(headers: headers, name: disposition?.value(for: "name"),
                                 filename: disposition?.filename)
    }
}

/// The parameters of a `Content-Disposition: form-data; name="a"; filename="b"` field.
struct DispositionParameters {
    private var parameters: [String: String] = [:]

    init(_ value: String) {
        var scanner = Substring(value)
        // Skip the disposition type.
        if let semicolon = scanner.firstIndex(of: ";") { scanner = scanner[scanner.index(after: semicolon)...] } else { return }
        while !scanner.isEmpty {
            scanner = scanner.drop { $0 == " " || $0 == "\t" || $0 == ";" }
            guard let equals = scanner.firstIndex(of: "=") else { return }
            let name = scanner[..<equals].trimmingOWS.lowercased()
            scanner = scanner[scanner.index(after: equals)...].drop { $0 == " " || $0 == "\t" }
            var parsed = ""
            if scanner.first == "\"" {
                scanner = scanner.dropFirst()
                while let character = scanner.first, character != "\"" {
                    scanner = scanner.dropFirst()
                    if character == "\\", let escaped = scanner.first {
                        parsed.append(escaped)
                        scanner = scanner.dropFirst()
                    } else {
                        parsed.append(character)
                    }
                }
                scanner = scanner.dropFirst()
            } else {
                let end = scanner.firstIndex(of: ";") ?? scanner.endIndex
                parsed = String(scanner[..<end].trimmingOWS)
                scanner = scanner[end...]
            }
            parameters[name] = parsed
        }
    }

    func value(for name: String) -> String? { parameters[name] }

    /// `filename*` (RFC 5987 `UTF-8''percent-encoded`) wins over `filename`; either is cut to its last path component
    /// (browsers on Windows send full paths) with control characters removed and at most 255 bytes.
    var filename: String? {
        var name = parameters["filename"]
        if let extended = parameters["filename*"], let tick = extended.firstRange(of: "''") {
            let encoded = extended[tick.upperBound...]
            if extended.lowercased().hasPrefix("utf-8"), let decoded = Self.percentDecode(encoded) { name = decoded }
        }
        return name.flatMap(UploadFileName.sanitized)
    }

    private static func percentDecode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(ASCII.hexValue), let low = iterator.next().flatMap(ASCII.hexValue)
                else { return nil }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

/// File names clients send with uploads, made safe to store and show.
package enum UploadFileName {
    /// The last path component of `raw` (browsers on Windows send full paths) without control characters, at most
    /// 255 bytes; nil when nothing usable is left. The result never names a directory and is never used as a path.
    package static func sanitized(_ raw: String) -> String? {
        var filename = raw
        if let slash = filename.lastIndex(where: { $0 == "/" || $0 == "\\" }) {
            filename = String(filename[filename.index(after: slash)...])
        }
        filename = String(filename.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        while filename.utf8.count > 255 { filename.removeLast() }
        return filename.isEmpty || filename == "." || filename == ".." ? nil : filename
    }
}
