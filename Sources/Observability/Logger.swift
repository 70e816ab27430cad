/// Writes structured JSON log records — one line each: `time`, `level`, `msg`, then the logger's default fields and
/// the record's fields in the order given — to a sink, dropping records below its level before any work is done.
///
/// A value type: `with(_:)` derives a logger carrying extra default fields (e.g. `component`), encoded once at
/// derivation rather than per record.
package struct Logger: Sendable {
    /// The least severe level written.
    package let level: LogLevel
    /// Where encoded records go.
    package let sink: any LogSink
    /// The longest string value kept, in UTF-8 bytes.
    package let maxStringBytes: Int
    private let encodedFields: [UInt8]
    private let timestamp: LogTimestamp

    /// Creates a logger writing records at or above `level` to `sink`, each carrying `fields`.
    package init(
        level: LogLevel = .info, sink: any LogSink, fields: [(String, LogValue)] = [],
        maxStringBytes: Int = LogRecordEncoder.defaultMaxStringBytes, timestamp: LogTimestamp = .shared
    ) {
        precondition(maxStringBytes >= 1)
        self.level = level
        self.sink = sink
        self.maxStringBytes = maxStringBytes
        self.timestamp = timestamp
        encodedFields = Self.encode(fields, after: [], maxStringBytes: maxStringBytes)
    }

    private init(copying logger: Logger, appending fields: [(String, LogValue)]) {
        level = logger.level
        sink = logger.sink
        maxStringBytes = logger.maxStringBytes
        timestamp = logger.timestamp
        encodedFields = Self.encode(fields, after: logger.encodedFields, maxStringBytes: logger.maxStringBytes)
    }

    private static func encode(_ fields: [(String, LogValue)], after prefix: [UInt8], maxStringBytes: Int) -> [UInt8] {
        var encoded = prefix
        for (key, value) in fields { LogRecordEncoder.appendField(key, value, maxStringBytes: maxStringBytes, to: &encoded) }
        return encoded
    }

    /// A logger that also writes `fields` (after this logger's own) on every record.
    package func with(_ fields: [(String, LogValue)]) -> Logger { Logger(copying: self, appending: fields) }

    /// Whether records at `level` are written; check it before building costly fields.
    @inline(__always)
    package func isEnabled(_ level: LogLevel) -> Bool { level >= self.level }

    /// Writes one record if `level` is enabled; the message and fields are only evaluated then.
    package func log(
        _ level: LogLevel, _ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, LogValue)] = []
    ) {
        guard isEnabled(level) else { return }
        let line = LogRecordEncoder.encode(
            level: level, message: message(), encodedFields: encodedFields, fields: fields(),
            maxStringBytes: maxStringBytes, timestamp: { timestamp.appendNow(to: &$0) }
        )
        sink.write(line, level: level)
    }

    /// Writes a `debug` record.
    package func debug(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, LogValue)] = []) {
        log(.debug, message(), fields())
    }

    /// Writes an `info` record.
    package func info(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, LogValue)] = []) {
        log(.info, message(), fields())
    }

    /// Writes a `warn` record.
    package func warn(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, LogValue)] = []) {
        log(.warn, message(), fields())
    }

    /// Writes an `error` record; the sink flushes it at once.
    package func error(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, LogValue)] = []) {
        log(.error, message(), fields())
    }
}
