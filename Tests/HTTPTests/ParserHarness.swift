import HTTP
import TestSupport
import Testing

/// Events with consecutive body pieces merged: how a body is split depends on how bytes arrive, nothing else may.
enum Normalized: Equatable, CustomStringConvertible {
    case head(HTTPRequestHead)
    case body([UInt8])
    case end(HTTPHeaders)
    case error(HTTPParseError)

    var description: String {
        switch self {
        case .head(let head): "head(\(head.method) \(head.target))"
        case .body(let bytes): "body(\(bytes.count) bytes)"
        case .end(let trailers): "end(\(trailers.count) trailers)"
        case .error(let error): "error(\(error))"
        }
    }
}

enum ParserHarness {
    /// Feeds `input` in the given pieces, draining events after each, and returns the normalized events.
    static func run(_ pieces: [[UInt8]], limits: HTTPLimits) -> [Normalized] {
        var parser = HTTPRequestParser(limits: limits)
        var events: [Normalized] = []
        for piece in pieces {
            parser.append(contentsOf: piece)
            while let event = parser.next() {
                switch event {
                case .head(let head): events.append(.head(head))
                case .body(let bytes):
                    if case .body(let previous) = events.last {
                        events[events.count - 1] = .body(previous + bytes)
                    } else {
                        events.append(.body(bytes))
                    }
                case .end(let trailers): events.append(.end(trailers))
                case .error(let error): events.append(.error(error))
                }
            }
        }
        return events
    }

    /// Parses `input` all at once, byte by byte and in seeded random splits; expects identical events and returns them.
    static func parse(_ input: [UInt8], limits: HTTPLimits = HTTPLimits(),
                      sourceLocation: SourceLocation = #_sourceLocation) -> [Normalized] {
        let whole = run([input], limits: limits)
        let bytewise = run(input.map { [$0] }, limits: limits)
        #expect(whole == bytewise, "byte-by-byte feed differs from whole feed", sourceLocation: sourceLocation)
        var generator = SplitMix64(seed: UInt64(input.count))
        for _ in 0..<3 {
            var pieces: [[UInt8]] = []
            var index = 0
            while index < input.count {
                let size = Int.random(in: 1...max(1, min(97, input.count - index)), using: &generator)
                pieces.append(Array(input[index..<index + size]))
                index += size
            }
            #expect(run(pieces, limits: limits) == whole, "random split differs", sourceLocation: sourceLocation)
        }
        return whole
    }

    static func parse(_ text: String, limits: HTTPLimits = HTTPLimits(),
                      sourceLocation: SourceLocation = #_sourceLocation) -> [Normalized] {
        parse(Array(text.utf8), limits: limits, sourceLocation: sourceLocation)
    }

    /// The error the input produces (all feeds agree), or nil.
    static func error(_ text: String, limits: HTTPLimits = HTTPLimits(),
                      sourceLocation: SourceLocation = #_sourceLocation) -> HTTPParseError? {
        error(Array(text.utf8), limits: limits, sourceLocation: sourceLocation)
    }

    static func error(_ bytes: [UInt8], limits: HTTPLimits = HTTPLimits(),
                      sourceLocation: SourceLocation = #_sourceLocation) -> HTTPParseError? {
        let events = parse(bytes, limits: limits, sourceLocation: sourceLocation)
        guard case .error(let error)? = events.last else { return nil }
        #expect(events.filter { if case .error = $0 { true } else { false } }.count == 1, sourceLocation: sourceLocation)
        return error
    }

    /// The single head the input yields, if parsing succeeds with exactly one complete request.
    static func head(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> HTTPRequestHead? {
        let events = parse(text, sourceLocation: sourceLocation)
        guard case .head(let head)? = events.first, case .end? = events.last else { return nil }
        return head
    }
}
