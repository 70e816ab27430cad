import HTTP
import Threading

/// Thrown by `StreamWriter.write` once the client has gone (or the server is stopping): stop producing.
package struct StreamCancelled: Error, Sendable {
    package init() {}
}

/// The producer's end of a streamed response. `write` hands bytes to the connection's event loop and blocks while
/// more than `highWater` bytes are still unsent, so a slow client slows the producer instead of growing memory.
package final class StreamWriter: @unchecked Sendable {
    private let lock = ConditionLock()
    private var unsent = 0
    private var cancelled = false
    private let highWater: Int
    private let deliver: @Sendable (StreamEvent) -> Void

    /// What the loop receives from the producer.
    enum StreamEvent: Sendable {
        case bytes([UInt8])
        case end
        /// The producer failed: the body is cut short.
        case abort
    }

    init(highWater: Int, deliver: @escaping @Sendable (StreamEvent) -> Void) {
        self.highWater = highWater
        self.deliver = deliver
    }

    /// Whether the client has gone; a producer doing expensive work between writes should check it.
    package var isCancelled: Bool { lock.withLock { cancelled } }

    /// Sends `bytes` as the next piece of the body; blocks while the client is behind, throws once it is gone.
    package func write(_ bytes: [UInt8]) throws(StreamCancelled) {
        guard !bytes.isEmpty else { return }
        lock.lock()
        while !cancelled && unsent > highWater { lock.wait() }
        if cancelled {
            lock.unlock()
            throw StreamCancelled()
        }
        unsent += bytes.count
        lock.unlock()
        deliver(.bytes(bytes))
    }

    /// Sends UTF-8 text.
    package func write(_ text: String) throws(StreamCancelled) {
        try write(Array(text.utf8))
    }

    /// Ends the body (called by the server when the producer returns).
    func finish() {
        deliver(.end)
    }

    /// Ends the body abnormally (the producer threw): the client sees a truncated response.
    func abort() {
        deliver(.abort)
    }

    /// Loop side: `count` bytes left the connection's buffer for the socket.
    func acknowledge(_ count: Int) {
        lock.withLock {
            unsent -= count
            lock.broadcast()
        }
    }

    /// Loop side: the client is gone or the server stops; wakes and fails the producer.
    func cancel() {
        lock.withLock {
            cancelled = true
            lock.broadcast()
        }
    }
}

/// Server-Sent Events (HTML Living Standard §9.2) over a streamed response.
package enum ServerSentEvents {
    /// A `text/event-stream` response whose events come from `producer`. Proxies are told not to buffer it.
    package static func response(_ producer: @escaping @Sendable (EventSink) throws -> Void) -> Response {
        let headers: HTTPHeaders = [
            "Content-Type": "text/event-stream; charset=utf-8",
            "Cache-Control": "no-cache",
            "X-Accel-Buffering": "no",
        ]
        return Response(status: .ok, headers: headers, body: .stream({ writer in
            try producer(EventSink(writer: writer))
        }))
    }

    /// Writes events to the stream.
    package struct EventSink: Sendable {
        let writer: StreamWriter

        /// Whether the client has gone.
        package var isCancelled: Bool { writer.isCancelled }

        /// Sends one event: `event: name`, then one `data:` line per line of `data`, then a blank line.
        package func send(event: String? = nil, data: String, id: String? = nil) throws(StreamCancelled) {
            try writer.write(ServerSentEvents.format(event: event, data: data, id: id))
        }

        /// Sends a comment line, used as a keep-alive through proxies that close idle streams.
        package func comment(_ text: String) throws(StreamCancelled) {
            try writer.write(": \(ServerSentEvents.clean(text))\n\n")
        }
    }

    /// The wire form of one event. Field values are single lines (line breaks inside `event`/`id` become spaces), and
    /// multi-line data becomes several `data:` lines, which the client joins with LF. CRLF, LF and CR all end a line,
    /// as in the SSE parsing rules.
    package static func format(event: String?, data: String, id: String?) -> String {
        var text = ""
        if let id { text += "id: \(clean(id))\n" }
        if let event { text += "event: \(clean(event))\n" }
        for line in lines(of: data) { text += "data: \(line)\n" }
        return text + "\n"
    }

    private static func lines(of text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        lines.append(String(current))
        return lines
    }

    fileprivate static func clean(_ value: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in value.unicodeScalars { scalars.append(scalar == "\n" || scalar == "\r" ? " " : scalar) }
        return String(scalars)
    }
}
