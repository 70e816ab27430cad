import Synchronization

/// The destination of encoded log records.
package protocol LogSink: Sendable {
    /// Takes one record: a JSON object followed by a line feed. Must never block on I/O for long: it is called from
    /// event-loop threads.
    func write(_ line: [UInt8], level: LogLevel)

    /// Writes out everything taken so far, returning when done.
    func flush()
}

/// A sink that keeps records in memory, for tests.
package final class MemoryLogSink: LogSink {
    private let stored = Mutex<[String]>([])

    /// Creates an empty sink.
    package init() {}

    /// Stores the record without its line feed.
    package func write(_ line: [UInt8], level: LogLevel) {
        let text = String(decoding: line.last == UInt8(ascii: "\n") ? line.dropLast() : line[...], as: UTF8.self)
        stored.withLock { $0.append(text) }
    }

    /// Nothing to flush.
    package func flush() {}

    /// The records written so far, oldest first.
    package var lines: [String] { stored.withLock { $0 } }
}
