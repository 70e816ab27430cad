/// Parses `method SP request-target SP HTTP-version` (RFC 9112 §3) with exactly one space between parts.
enum RequestLineParser {
    static func parse(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError)
        -> (method: HTTPMethod, target: String, version: HTTPVersion) {
        if line.contains(0x0D) { throw .bareCarriageReturn }
        guard let firstSpace = line.firstIndex(of: 0x20) else { throw .invalidRequestLine }
        let targetStart = firstSpace + 1
        guard let secondSpace = line[targetStart...].firstIndex(of: 0x20) else { throw .invalidRequestLine }
        let versionStart = secondSpace + 1
        if line[versionStart...].contains(0x20) { throw .invalidRequestLine }

        let methodBytes = line[..<firstSpace]
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(ASCII.isTokenCharacter) else { throw .invalidMethod }
        let method = HTTPMethod(String(decoding: methodBytes, as: UTF8.self))

        let targetBytes = line[targetStart..<secondSpace]
        // Visible ASCII only: no controls, no spaces, no DEL, no raw non-ASCII (RFC 3986 requires percent-encoding).
        guard !targetBytes.isEmpty, targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw .invalidTarget }
        try validateForm(targetBytes, method: method)

        let version = try parseVersion(line[versionStart...])
        return (method, String(decoding: targetBytes, as: UTF8.self), version)
    }

    /// RFC 9112 §3.2: origin-form for most requests, absolute-form from proxies-aware clients, `*` only for OPTIONS,
    /// authority-form only for CONNECT.
    private static func validateForm(_ target: Slice<UnsafeBufferPointer<UInt8>>, method: HTTPMethod)
        throws(HTTPParseError) {
        let first = target[target.startIndex]
        if first == UInt8(ascii: "/") { return }
        if target.count == 1 && first == UInt8(ascii: "*") {
            guard method == .options else { throw .invalidTarget }
            return
        }
        if method == .connect { return }
        let lower = target.prefix(8).map(ASCII.lowercased)
        if lower.starts(with: Array("http://".utf8)) || lower.starts(with: Array("https://".utf8)) { return }
        throw .invalidTarget
    }

    private static func parseVersion(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) throws(HTTPParseError)
        -> HTTPVersion {
        let text = Array(bytes)
        guard text.count == 8, text.starts(with: Array("HTTP/".utf8)), text[6] == UInt8(ascii: "."),
              (0x30...0x39).contains(text[5]), (0x30...0x39).contains(text[7]) else { throw .invalidVersion }
        switch (text[5], text[7]) {
        case (UInt8(ascii: "1"), UInt8(ascii: "1")): return .http1_1
        case (UInt8(ascii: "1"), UInt8(ascii: "0")): return .http1_0
        default: throw .unsupportedVersion
        }
    }
}

/// Parses one `field-name ":" OWS field-value OWS` line (RFC 9112 §5), rejecting obs-fold and whitespace before the
/// colon outright rather than repairing them, since a lenient repair is exactly what request smuggling exploits.
enum FieldLineParser {
    static func parse(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPHeaders.Field {
        let first = line[0]
        if first == 0x20 || first == 0x09 { throw .obsoleteLineFolding }
        if line.contains(0x0D) { throw .bareCarriageReturn }
        var colon: Int?
        for index in line.indices {
            let byte = line[index]
            if byte == UInt8(ascii: ":") { colon = index; break }
            if byte == 0x20 || byte == 0x09 { throw .whitespaceBeforeColon }
            if !ASCII.isTokenCharacter(byte) { throw .invalidHeaderName }
        }
        guard let colon else { throw .missingColon }
        guard colon > 0 else { throw .invalidHeaderName }

        var start = colon + 1
        var end = line.count
        while start < end, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        while end > start, line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
        let value = line[start..<end]
        guard value.allSatisfy(ASCII.isFieldValueCharacter) else { throw .invalidHeaderValue }
        return HTTPHeaders.Field(name: String(decoding: line[..<colon], as: UTF8.self),
                                 value: String(decoding: value, as: UTF8.self))
    }
}
