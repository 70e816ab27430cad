import JSON
import Synchronization
import Testing
@testable import Observability

@Suite struct LoggerTests {
    @Test(arguments: [
        ("debug", LogLevel.debug), ("INFO", .info), ("Warn", .warn), ("warning", .warn), ("ERROR", .error),
    ])
    func parsesLevels(text: String, level: LogLevel) {
        #expect(LogLevel(parsing: text) == level)
    }

    @Test func rejectsUnknownLevels() {
        #expect(LogLevel(parsing: "verbose") == nil)
        #expect(LogLevel(parsing: "") == nil)
    }

    @Test func filtersBelowTheConfiguredLevelWithoutEvaluating() {
        let sink = MemoryLogSink()
        let logger = Logger(level: .warn, sink: sink)
        let evaluations = Atomic<Int>(0)
        func expensive() -> String {
            evaluations.add(1, ordering: .relaxed)
            return "built"
        }
        logger.debug(expensive())
        logger.info(expensive(), [("x", .string(expensive()))])
        logger.warn(expensive())
        logger.error("failed")
        #expect(evaluations.load(ordering: .relaxed) == 1)
        #expect(!logger.isEnabled(.info) && logger.isEnabled(.warn) && logger.isEnabled(.error))
        let levels = sink.lines.map { JSONParser.parse($0)?.members?[1].value }
        #expect(levels == [.string("warn"), .string("error")])
    }

    @Test func defaultFieldsComeFirstThenRecordFieldsInOrder() throws {
        let sink = MemoryLogSink()
        let logger = Logger(level: .debug, sink: sink, fields: [("service", "ragd")])
            .with([("component", "server")])
            .with([("loop", 2)])
        logger.info("request", [("request_id", "abc"), ("method", "GET"), ("route", "/v1/kbs/{id}"), ("status", 200)])
        let line = try #require(sink.lines.first)
        let fields = try #require(JSONParser.parse(line)?.members)
        #expect(fields.map(\.key) == [
            "time", "level", "msg", "service", "component", "loop", "request_id", "method", "route", "status",
        ])
        #expect(fields[5].value == .number(2))
        #expect(fields[8].value == .string("/v1/kbs/{id}"))
        #expect(fields[9].value == .number(200))
    }

    @Test func derivedLoggersDoNotChangeTheirParent() {
        let sink = MemoryLogSink()
        let parent = Logger(sink: sink)
        _ = parent.with([("component", "x")])
        parent.info("plain")
        #expect(JSONParser.parse(sink.lines[0])?.members?.count == 3)
    }
}
