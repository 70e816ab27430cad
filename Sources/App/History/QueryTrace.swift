import JSON
import Threading

/// The spans of one query as it runs: names, start offsets from the request's arrival, durations and attributes.
/// Used by one thread at a time (the worker handling the request, or the stream's producer after it).
final class QueryTrace: @unchecked Sendable {
    struct Span {
        var name: String
        var start: UInt64
        var end: UInt64
        var attributes: [(key: String, value: JSONValue)]
    }

    /// Monotonic nanoseconds when the request arrived.
    let origin: UInt64
    private(set) var spans: [Span] = []
    /// Attributes of the whole request (cache result, citation accuracy, provider…).
    var attributes: [(key: String, value: JSONValue)] = []
    /// Model usage of a call that failed or was cut after it produced tokens (estimated), so it is still billed.
    var unbilled: QueryService.Usage?

    init(origin: UInt64) {
        self.origin = origin
    }

    /// Records a span that ran from `start` to `end` (monotonic nanoseconds).
    func add(_ name: String, from start: UInt64, to end: UInt64 = MonotonicClock.now,
             _ attributes: [(key: String, value: JSONValue)] = []) {
        spans.append(Span(name: name, start: start, end: max(end, start), attributes: attributes))
    }

    /// Runs `body` as span `name`.
    func measure<T>(_ name: String, _ attributes: [(key: String, value: JSONValue)] = [],
                    _ body: () throws -> T) rethrows -> T {
        let start = MonotonicClock.now
        defer { add(name, from: start, attributes) }
        return try body()
    }

    /// Milliseconds since the request arrived.
    var elapsedMilliseconds: Double { Self.milliseconds(MonotonicClock.now - origin) }

    /// `[{name, start_ms, duration_ms, attributes}]` in start order, as JSON text.
    var spansText: String {
        var json = JSONWriter(reservingCapacity: 96 * spans.count)
        json.array { json in
            for span in spans.sorted(by: { $0.start < $1.start }) {
                json.object { json in
                    json.field("name", span.name)
                    json.field("start_ms", Self.milliseconds(span.start &- origin))
                    json.field("duration_ms", Self.milliseconds(span.end - span.start))
                    json.field("attributes", .object(span.attributes))
                }
            }
        }
        return json.text
    }

    /// Milliseconds with microsecond resolution.
    static func milliseconds(_ nanoseconds: UInt64) -> Double {
        (Double(nanoseconds) / 1_000).rounded() / 1_000
    }
}
