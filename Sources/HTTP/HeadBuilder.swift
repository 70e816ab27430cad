/// Accumulates a request head line by line and applies the message-framing rules of RFC 9112 §6 once it is complete.
struct HeadBuilder: Sendable {
    var requestLine: (method: HTTPMethod, target: String, version: HTTPVersion)?
    var headers = HTTPHeaders()
    var emptyLinesSkipped = 0
    var hostCount = 0
    var contentLengths: [String] = []
    var transferCodings: [Substring] = []
    var sawTransferEncoding = false
    var connectionTokens: [Substring] = []
    var expectations: [Substring] = []

    /// Whether any byte of this request was seen (an empty line before the request line counts).
    var hasStarted: Bool { requestLine != nil || emptyLinesSkipped > 0 }

    /// Records a field, noting the ones that decide framing and connection handling.
    mutating func add(_ field: HTTPHeaders.Field) {
        headers.add(field.name, field.value)
        let name = field.name
        if HTTPHeaders.namesEqual(name, "host") {
            hostCount += 1
        } else if HTTPHeaders.namesEqual(name, "content-length") {
            contentLengths.append(field.value)
        } else if HTTPHeaders.namesEqual(name, "transfer-encoding") {
            sawTransferEncoding = true
            transferCodings += Self.listElements(field.value)
        } else if HTTPHeaders.namesEqual(name, "connection") {
            connectionTokens += Self.listElements(field.value)
        } else if HTTPHeaders.namesEqual(name, "expect") {
            expectations += Self.listElements(field.value)
        }
    }

    /// Validates the complete head and decides framing, keep-alive and 100-continue. The checks run in a fixed order
    /// so one malformed request always yields the same error.
    func finish(limits: HTTPLimits) throws(HTTPParseError) -> HTTPRequestHead {
        guard let (method, target, version) = requestLine else { throw .invalidRequestLine }
        if sawTransferEncoding && version == .http1_0 { throw .transferEncodingOnHTTP10 }
        if sawTransferEncoding && !contentLengths.isEmpty { throw .contentLengthWithTransferEncoding }
        if contentLengths.count > 1 { throw .duplicateContentLength }
        var declaredLength: Int?
        if let text = contentLengths.first { declaredLength = try Self.parseContentLength(text) }
        if sawTransferEncoding {
            // Exactly one coding, `chunked`: anything else means we cannot find the end of the body (RFC 9112 §6.3).
            guard transferCodings.count == 1, Self.equalsIgnoringCase(transferCodings[0], "chunked") else {
                throw .unsupportedTransferEncoding
            }
        }
        if hostCount > 1 { throw .duplicateHost }
        if hostCount == 0 && version == .http1_1 { throw .missingHost }
        var expectsContinue = false
        for expectation in expectations {
            guard Self.equalsIgnoringCase(expectation, "100-continue") else { throw .unsupportedExpectation }
            // RFC 9110 §10.1.1: a 100-continue expectation from an HTTP/1.0 client is ignored.
            expectsContinue = version == .http1_1
        }

        let framing: HTTPBodyFraming
        if sawTransferEncoding {
            framing = .chunked
        } else if let declaredLength, declaredLength > 0 {
            guard declaredLength <= limits.maxBodyBytes else { throw .bodyTooLarge }
            framing = .length(declaredLength)
        } else {
            framing = .none
        }

        let close = connectionTokens.contains { Self.equalsIgnoringCase($0, "close") }
        let keepAliveToken = connectionTokens.contains { Self.equalsIgnoringCase($0, "keep-alive") }
        let keepAlive = !close && (version == .http1_1 || keepAliveToken)
        return HTTPRequestHead(method: method, target: target, version: version, headers: headers,
                               framing: framing, keepAlive: keepAlive, expectsContinue: expectsContinue)
    }

    /// `Content-Length = 1*DIGIT` (RFC 9110 §8.6): no sign, no hex, no spaces, no list. Values too big for an Int are
    /// certainly over the body limit.
    private static func parseContentLength(_ text: String) throws(HTTPParseError) -> Int {
        guard !text.isEmpty else { throw .invalidContentLength }
        var value = 0
        var overflowed = false
        for byte in text.utf8 {
            guard (0x30...0x39).contains(byte) else { throw .invalidContentLength }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(byte - 0x30))
            overflowed = overflowed || o1 || o2
            value = sum
        }
        if overflowed { throw .bodyTooLarge }
        return value
    }

    private static func listElements(_ value: String) -> [Substring] {
        value.split(separator: ",", omittingEmptySubsequences: false).map(\.trimmingOWS)
    }

    static func equalsIgnoringCase(_ text: Substring, _ lowercase: String) -> Bool {
        text.utf8.count == lowercase.utf8.count
            && zip(text.utf8, lowercase.utf8).allSatisfy { ASCII.lowercased($0) == $1 }
    }
}

extension HTTPRequestParser {
    /// Parses head lines until the head is complete; nil while more bytes are needed.
    mutating func parseHeadLines() throws(HTTPParseError) -> HTTPRequestHead? {
        while head.requestLine == nil {
            let scan: LineScan
            do {
                scan = try takeLine(lineLimit: limits.maxRequestLineBytes, sectionRemaining: nil)
            } catch {
                throw error.parseError(lineTooLong: .requestLineTooLong)
            }
            guard case .line(let range) = scan else { return nil }
            if range.isEmpty {
                head.emptyLinesSkipped += 1
                if head.emptyLinesSkipped > limits.maxLeadingEmptyLines { throw .tooManyEmptyLines }
                continue
            }
            head.requestLine = try input.withBytes(range) { line throws(HTTPParseError) in
                try RequestLineParser.parse(line)
            }
        }
        let complete = try parseFieldLines(lineTooLong: .headerLineTooLong) { parser, field in
            parser.head.add(field)
        }
        guard complete else { return nil }
        let finished = try head.finish(limits: limits)
        startBody(for: finished)
        return finished
    }
}
