/// One dispatched server-sent event.
package struct ServerSentEvent: Sendable, Equatable {
    /// The `event:` type, "message" when none was given.
    package var event: String
    /// The `data:` lines joined with LF.
    package var data: String
    /// The last event id seen in the stream so far (`id:` persists across events), if any.
    package var id: String?

    /// Creates an event.
    package init(event: String = "message", data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}

/// An incremental text/event-stream parser (the WHATWG HTML "server-sent events" interpretation rules) fed with body
/// bytes as they arrive: fields `event`, `data` (several lines joined with LF), `id` (ignored when it contains NUL),
/// `retry` (ignored: we never reconnect); lines starting with `:` are comments; a blank line dispatches the event; a
/// leading byte-order mark is skipped. An event not closed by a blank line when the stream ends is dropped, as the
/// standard says.
package struct ServerSentEventParser: Sendable {
    private var lines: LineSplitter
    private var atStreamStart = true
    private var eventType = ""
    private var data: [UInt8] = []
    private var hasData = false
    private var lastEventID: String?
    /// Most bytes of `data` one event may collect.
    package let maxEventBytes: Int

    /// A parser for one stream; lines and events beyond the limits are errors.
    package init(maxLineBytes: Int = 1 << 20, maxEventBytes: Int = 4 << 20) {
        lines = LineSplitter(maxLineBytes: maxLineBytes)
        self.maxEventBytes = maxEventBytes
    }

    /// The events completed by `bytes`, in order.
    package mutating func feed(_ bytes: some Sequence<UInt8>) throws(HTTPClientError) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for var line in try lines.feed(bytes) {
            if atStreamStart {
                atStreamStart = false
                if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
            }
            if let event = try process(line) { events.append(event) }
        }
        return events
    }

    private mutating func process(_ line: [UInt8]) throws(HTTPClientError) -> ServerSentEvent? {
        if line.isEmpty { return dispatch() }
        if line[0] == UInt8(ascii: ":") { return nil }
        let colon = line.firstIndex(of: UInt8(ascii: ":"))
        let name = String(decoding: line[..<(colon ?? line.count)], as: UTF8.self)
        var value = colon.map { line[($0 + 1)...] } ?? []
        if value.first == 0x20 { value = value.dropFirst() }
        switch name {
        case "event":
            eventType = String(decoding: value, as: UTF8.self)
        case "data":
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
            guard data.count <= maxEventBytes else {
                throw HTTPClientError(.protocolError, "A server-sent event is larger than \(maxEventBytes) bytes.")
            }
        case "id":
            if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
        default:
            break  // `retry` and unknown fields
        }
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            eventType = ""
            data.removeAll(keepingCapacity: true)
            hasData = false
        }
        guard hasData else { return nil }
        return ServerSentEvent(event: eventType.isEmpty ? "message" : eventType,
                               data: String(decoding: data, as: UTF8.self), id: lastEventID)
    }
}
