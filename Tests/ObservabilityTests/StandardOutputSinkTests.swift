#if canImport(Glibc)
import JSON
import Glibc
#endif
import TestSupport
import Testing
import Threading
@testable import Observability

@Suite struct StandardOutputSinkTests {
    static let never: UInt64 = 60_000_000_000

    /// A valid record of exactly `size` bytes, line feed included.
    static func record(_ index: Int, size: Int = 100) -> [UInt8] {
        let head = #"{"i":\#(index),"pad":""#
        return Array((head + String(repeating: "x", count: size - head.utf8.count - 3) + "\"}\n").utf8)
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func flushesOnceTheThresholdIsPassed() {
        let pipe = FileDescriptors.pipe()
        defer { close(pipe.read); close(pipe.write) }
        let sink = StandardOutputSink(fd: pipe.write, flushInterval: Self.never, flushThreshold: 1_000)
        defer { sink.shutdown() }
        for index in 0..<5 { sink.write(Self.record(index), level: .info) }
        #expect(FileDescriptors.read(pipe.read, timeoutMilliseconds: 150).isEmpty)
        for index in 5..<10 { sink.write(Self.record(index), level: .info) }
        let written = FileDescriptors.read(pipe.read, minimumBytes: 1_000, timeoutMilliseconds: 2_000)
        #expect(written == (0..<10).flatMap { Self.record($0) })
    }

    @Test func errorRecordsAreFlushedAtOnce() {
        let pipe = FileDescriptors.pipe()
        defer { close(pipe.read); close(pipe.write) }
        let sink = StandardOutputSink(fd: pipe.write, flushInterval: Self.never)
        defer { sink.shutdown() }
        let logger = Logger(sink: sink)
        logger.info("first")
        #expect(FileDescriptors.read(pipe.read, timeoutMilliseconds: 150).isEmpty)
        logger.error("second")
        let lines = FileDescriptors.lines(Self.text(FileDescriptors.read(pipe.read, minimumBytes: 120, timeoutMilliseconds: 2_000)))
        #expect(lines.compactMap { JSONParser.parse($0)?.members?[2].value } == [.string("first"), .string("second")])
    }

    @Test func flushesAfterTheInterval() {
        let pipe = FileDescriptors.pipe()
        defer { close(pipe.read); close(pipe.write) }
        let sink = StandardOutputSink(fd: pipe.write, flushInterval: 50_000_000)
        defer { sink.shutdown() }
        let start = MonotonicClock.now
        sink.write(Self.record(1), level: .debug)
        let written = FileDescriptors.read(pipe.read, minimumBytes: 100, timeoutMilliseconds: 2_000)
        #expect(written == Self.record(1))
        #expect(MonotonicClock.now - start >= 40_000_000)
    }

    @Test func dropsAndCountsRecordsBeyondCapacity() throws {
        let pipe = FileDescriptors.pipe()
        defer { close(pipe.read); close(pipe.write) }
        let sink = StandardOutputSink(fd: pipe.write, flushInterval: Self.never, flushThreshold: 1 << 20, capacity: 1_000)
        defer { sink.shutdown() }
        for index in 0..<100 { sink.write(Self.record(index), level: .info) }
        #expect(sink.droppedRecords == 90)
        sink.flush()
        let lines = FileDescriptors.lines(Self.text(FileDescriptors.read(pipe.read, minimumBytes: 1_050, timeoutMilliseconds: 2_000)))
        try #require(lines.count == 11)
        let note = try #require(JSONParser.parse(lines[0])?.members)
        #expect(note.map(\.key) == ["time", "level", "msg", "dropped"])
        #expect(note[1].value == .string("warn") && note[3].value == .number(90))
        #expect(Array(lines[1...]) == (0..<10).map { String(Self.text(Self.record($0)).dropLast()) })
        // The note reports each drop once.
        sink.write(Self.record(100), level: .info)
        sink.flush()
        #expect(FileDescriptors.read(pipe.read, minimumBytes: 100, timeoutMilliseconds: 2_000) == Self.record(100))
    }

    @Test func aClosedReaderCostsRecordsNotTheProcess() {
        signal(SIGPIPE, SIG_IGN)  // as ragd's main does; otherwise the write would kill the process
        let pipe = FileDescriptors.pipe()
        close(pipe.read)
        defer { close(pipe.write) }
        let sink = StandardOutputSink(fd: pipe.write, flushInterval: Self.never)
        for index in 0..<5 { sink.write(Self.record(index), level: .info) }
        sink.flush()
        #expect(sink.droppedRecords == 5)
        sink.write(Self.record(5), level: .error)
        sink.shutdown()
        // The failed drop note is not a record: only the six records count.
        #expect(sink.droppedRecords == 6)
        sink.write(Self.record(6), level: .info)  // after shutdown: written directly, fails, counted
        #expect(sink.droppedRecords == 7)
    }

    @Test func aFullNonBlockingDescriptorDropsInsteadOfSpinning() throws {
        let pipe = FileDescriptors.pipe()
        defer { close(pipe.read); close(pipe.write) }
        _ = fcntl(pipe.write, F_SETFL, fcntl(pipe.write, F_GETFL) | O_NONBLOCK)
        let sink = StandardOutputSink(
            fd: pipe.write, flushInterval: Self.never, flushThreshold: 1 << 20, writeTimeout: 50_000_000
        )
        defer { sink.shutdown() }
        for index in 0..<2_000 { sink.write(Self.record(index), level: .info) }  // 200 KB into a 64 KiB pipe
        let start = MonotonicClock.now
        sink.flush()
        #expect(MonotonicClock.now - start < 1_000_000_000)
        let dropped = sink.droppedRecords
        #expect(dropped > 1_000 && dropped < 2_000)
        var text = Self.text(FileDescriptors.read(pipe.read, minimumBytes: .max, timeoutMilliseconds: 100))
        sink.write(Self.record(9_999), level: .info)
        sink.flush()
        text += Self.text(FileDescriptors.read(pipe.read, minimumBytes: .max, timeoutMilliseconds: 100))
        let lines = FileDescriptors.lines(text)
        let parsed = lines.map { JSONParser.parse($0)?.members }
        // At most the one record cut mid-line is broken; the sink ends it before writing more.
        #expect(parsed.filter { $0 == nil }.count <= 1)
        let note = try #require(parsed[parsed.count - 2])
        #expect(note[3] == ("dropped", .number(Double(dropped))))
        #expect(lines.last == String(Self.text(Self.record(9_999)).dropLast()))
        #expect(lines.count == 2_000 - dropped + 2 + (parsed.contains { $0 == nil } ? 1 : 0))
    }

    @Test func concurrentLoggersWriteOnlyWholeLines() throws {
        let fd = FileDescriptors.temporaryFile()
        defer { close(fd) }
        let sink = StandardOutputSink(fd: fd, flushInterval: 5_000_000, flushThreshold: 4_096)
        let threads = 4
        let perThread = 2_000
        let workers = (0..<threads).map { thread in
            OSThread.spawn(name: "log-\(thread)") {
                let logger = Logger(sink: sink, fields: [("thread", .int(thread))])
                for sequence in 0..<perThread {
                    let level: LogLevel = sequence % 500 == 0 ? .error : .info
                    logger.log(level, "record \"\(sequence)\"\nsecond line", [("seq", .int(sequence))])
                    if sequence % 700 == 0 { sink.flush() }
                }
            }
        }
        workers.forEach { $0.join() }
        sink.shutdown()
        #expect(sink.droppedRecords == 0)
        let lines = FileDescriptors.lines(FileDescriptors.readAll(fd))
        try #require(lines.count == threads * perThread)
        var nextSequence = Array(repeating: 0, count: threads)
        for line in lines {
            let fields = try #require(JSONParser.parse(line)?.members, "\(line)")
            guard case .number(let thread) = fields[3].value, case .number(let sequence) = fields[4].value else {
                Issue.record("unexpected fields in \(line)")
                return
            }
            #expect(fields[2].value == .string("record \"\(Int(sequence))\"\nsecond line"))
            #expect(nextSequence[Int(thread)] == Int(sequence))
            nextSequence[Int(thread)] += 1
        }
        #expect(nextSequence == Array(repeating: perThread, count: threads))
    }

    @Test func shutdownFlushesAndLaterRecordsAreWrittenDirectly() {
        let pipe = FileDescriptors.pipe()
        defer { close(pipe.read); close(pipe.write) }
        let sink = StandardOutputSink(fd: pipe.write, flushInterval: Self.never)
        sink.write(Self.record(1), level: .info)
        sink.shutdown()
        sink.shutdown()
        #expect(FileDescriptors.read(pipe.read, minimumBytes: 100, timeoutMilliseconds: 100) == Self.record(1))
        sink.write(Self.record(2), level: .info)
        #expect(FileDescriptors.read(pipe.read, minimumBytes: 100, timeoutMilliseconds: 100) == Self.record(2))
    }
}
