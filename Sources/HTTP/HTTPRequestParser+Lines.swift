/// Running totals for a header or trailer section, checked against `maxHeaderBytes` and `maxHeaderCount`.
struct FieldSection: Sendable {
    var bytes = 0
    var count = 0
}

/// The outcome of looking for one CRLF-terminated line.
enum LineScan {
    /// A complete line: the content range (without CRLF) inside the parser's buffer; already consumed.
    case line(Range<Int>)
    /// No LF yet.
    case incomplete
}

/// Which limit a too-long line broke.
enum LineLimitBreach {
    case line
    case section
}

extension HTTPRequestParser {
    /// Takes the next line if it is complete.
    ///
    /// A line may hold at most `lineLimit` content bytes, and `sectionRemaining` (if given) bounds its total size with
    /// CRLF. Both limits trip at the same byte position whether the line is complete or not: a partial line of `p`
    /// bytes trips the line limit at `p ≥ lineLimit + 2` (content plus a possible CR) and the section limit at
    /// `p > sectionRemaining`; a complete line is checked as if it had arrived byte by byte, so the reported breach
    /// never depends on how the input was split.
    mutating func takeLine(lineLimit: Int, sectionRemaining: Int?) throws(LineFailure) -> LineScan {
        let lineTrip = lineLimit + 2
        let sectionTrip = sectionRemaining.map { $0 + 1 } ?? Int.max
        guard let newline = input.nextLineFeed() else {
            if let breach = Self.breach(at: input.count, lineTrip: lineTrip, sectionTrip: sectionTrip) {
                throw .limit(breach)
            }
            return .incomplete
        }
        let raw = newline - input.readIndex
        if let breach = Self.breach(at: raw, lineTrip: lineTrip, sectionTrip: sectionTrip) { throw .limit(breach) }
        guard raw > 0, input.bytes[newline - 1] == 0x0D else { throw .syntax(.bareLineFeed) }
        // The whole line including CRLF must fit the section (a partial line never counts its LF).
        if raw + 1 >= sectionTrip { throw .limit(.section) }
        let content = input.readIndex..<(newline - 1)
        input.readIndex = newline + 1
        return .line(content)
    }

    private static func breach(at bytes: Int, lineTrip: Int, sectionTrip: Int) -> LineLimitBreach? {
        guard bytes >= min(lineTrip, sectionTrip) else { return nil }
        return lineTrip <= sectionTrip ? .line : .section
    }

    /// Reads the field lines of a header or trailer section until its empty line; nil while incomplete.
    /// `onField` sees each validated field; the section's size and count limits are enforced here.
    mutating func parseFieldLines(
        lineTooLong: HTTPParseError,
        onField: (inout Self, HTTPHeaders.Field) throws(HTTPParseError) -> Void
    ) throws(HTTPParseError) -> Bool {
        while true {
            let scan: LineScan
            do {
                scan = try takeLine(lineLimit: limits.maxHeaderLineBytes,
                                    sectionRemaining: limits.maxHeaderBytes - fieldSection.bytes)
            } catch {
                throw error.parseError(lineTooLong: lineTooLong)
            }
            guard case .line(let range) = scan else { return false }
            if range.isEmpty { return true }
            fieldSection.bytes += range.count + 2
            fieldSection.count += 1
            if fieldSection.count > limits.maxHeaderCount { throw .tooManyHeaders }
            let field = try input.withBytes(range) { line throws(HTTPParseError) in try FieldLineParser.parse(line) }
            try onField(&self, field)
        }
    }
}

/// A line failure before its content is examined: a broken limit or a bare LF.
enum LineFailure: Error {
    case limit(LineLimitBreach)
    case syntax(HTTPParseError)

    /// The parse error for this failure, given what "line too long" means where the line was read.
    func parseError(lineTooLong: HTTPParseError) -> HTTPParseError {
        switch self {
        case .limit(.line): lineTooLong
        case .limit(.section): .headerSectionTooLarge
        case .syntax(let error): error
        }
    }
}
