import JSON
import TestSupport
import Testing
@testable import Observability

@Suite struct LogRecordEncoderTests {
    /// Encodes with a fixed timestamp so the whole line can be compared.
    static func line(
        _ message: String, _ fields: [(String, LogValue)] = [], level: LogLevel = .info, maxStringBytes: Int = 2048
    ) -> String {
        let bytes = LogRecordEncoder.encode(
            level: level, message: message, fields: fields, maxStringBytes: maxStringBytes,
            timestamp: { LogTimestamp().append(seconds: 1_795_237_578, nanoseconds: 123_999_999, to: &$0) }
        )
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func encodesOneExactLineWithFieldsInOrder() {
        let fields: [(String, LogValue)] = [
            ("request_id", "r-1"), ("status", 200), ("duration_ms", 1.5), ("cached", true), ("user", nil),
            ("ratio", .double(.nan)), ("big", .double(-.infinity)), ("bytes", .int(-42)), ("whole", 3.0),
        ]
        let expected = #"{"time":"2026-11-21T05:06:18.123Z","level":"info","msg":"request","request_id":"r-1","status":200,"duration_ms":1.5,"cached":true,"user":null,"ratio":null,"big":null,"bytes":-42,"whole":3}"#
        #expect(Self.line("request", fields) == expected + "\n")
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() {
        let nasty = "q\"b\\n\nr\rt\tb\u{08}f\u{0C}z\u{00}e\u{1F}d\u{7F}é😀\u{2028}/"
        let line = Self.line(nasty, [("k\"ey", "v\nv")])
        let expectedMessage = #""msg":"q\"b\\n\nr\rt\tb\bf\fz\u0000e\u001fd"# + "\u{7F}é😀\u{2028}/\""
        #expect(line.contains(expectedMessage))
        #expect(line.contains(#","k\"ey":"v\nv"}"#))
        #expect(line.utf8.filter { $0 < 0x20 } == [0x0A])  // only the terminating line feed
        let parsed = JSONParser.parse(String(line.dropLast()))?.members
        #expect(parsed?[2].value == .string(nasty))
        #expect(parsed?[3].key == "k\"ey")
    }

    @Test func truncatesLongStringsOnAScalarBoundary() {
        let long = String(repeating: "a", count: 10_000)
        let parsed = JSONParser.parse(String(Self.line(long, [("f", .string(long))]).dropLast()))?.members
        #expect(parsed?[2].value == .string(String(repeating: "a", count: 2048) + "…"))
        #expect(parsed?[3].value == .string(String(repeating: "a", count: 2048) + "…"))
        // "é" is two bytes: a 5-byte limit cuts after two of them, never inside the third.
        let accents = JSONParser.parse(String(Self.line("ééé", maxStringBytes: 5).dropLast()))?.members
        #expect(accents?[2].value == .string("éé…"))
        let exact = JSONParser.parse(String(Self.line("ab", maxStringBytes: 2).dropLast()))?.members
        #expect(exact?[2].value == .string("ab"))
    }

    @Test func formatsRFC3339Timestamps() {
        func format(_ seconds: Int64, _ nanoseconds: Int32) -> String {
            var out = [UInt8]()
            LogTimestamp().append(seconds: seconds, nanoseconds: nanoseconds, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        #expect(format(0, 0) == "1970-01-01T00:00:00.000Z")
        #expect(format(951_868_799, 5_000_000) == "2000-02-29T23:59:59.005Z")
        #expect(format(1_795_237_578, 999_999_999) == "2026-11-21T05:06:18.999Z")
        #expect(format(-1, 40_000_000) == "1969-12-31T23:59:59.040Z")
        // The per-second cache must follow the clock, not keep the first second it saw.
        let shared = LogTimestamp()
        var out = [UInt8]()
        shared.append(seconds: 0, nanoseconds: 0, to: &out)
        shared.append(seconds: 61, nanoseconds: 0, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "1970-01-01T00:00:00.000Z1970-01-01T00:01:01.000Z")
    }

    @Test func currentTimeHasTheRFC3339Shape() {
        var out = [UInt8]()
        LogTimestamp.shared.appendNow(to: &out)
        let text = String(decoding: out, as: UTF8.self)
        #expect(text.wholeMatch(of: /20\d\d-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-6]\d\.\d{3}Z/) != nil, "\(text)")
    }

    @Test(.enabled(if: Subprocess.isExecutable("/usr/bin/python3")))
    func pythonDecodesWhatWeEncode() {
        let messages = ["plain", "q\"b\\", "line\nbreak\r\t", "\u{00}\u{01}\u{1F}\u{7F}", "é😀中\u{2028}", "{\"json\":1}"]
        let lines = messages.map { Self.line($0, [("n", 1.25), ("ok", false)]) }.joined()
        // Prints each decoded message as code points; `json.loads` rejects anything that is not strict JSON.
        let script = """
            import json, sys
            for line in sys.stdin:
                record = json.loads(line)
                assert list(record) == ["time", "level", "msg", "n", "ok"], list(record)
                assert record["n"] == 1.25 and record["ok"] is False
                print(" ".join("%x" % ord(c) for c in record["msg"]))
            """
        let result = Subprocess.run("/usr/bin/python3", ["-c", script], input: Array(lines.utf8))
        #expect(result.status == 0, "\(result.output)")
        let expected = messages.map { $0.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ") }
        #expect(FileDescriptors.lines(result.output) == expected)
    }
}
