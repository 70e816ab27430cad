import JSON
import TestSupport
import Testing

@Suite struct JSONParserTests {
    private func parse(_ text: String) -> JSONValue? { JSONParser.parse(text) }

    @Test func parsesValues() {
        let expected: JSONValue = ["a": [1, .number(-2500), true, false, .null, "x\"\\/\u{8}\u{C}\n\r\té"]]
        #expect(parse(#" {"a": [1, -2.5e3, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9"]} "#) == expected)
        #expect(parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(parse("0") == .number(0))
        #expect(parse("-0.5") == .number(-0.5))
        #expect(parse("{}") == .object([]))
    }

    @Test func keepsMemberOrder() throws {
        let value = try #require(parse(#"{"z":1,"a":2,"m":{"y":3,"b":4}}"#))
        #expect(value.members?.map(\.key) == ["z", "a", "m"])
        #expect(value["m"]?.members?.map(\.key) == ["y", "b"])
        #expect(value.objectValue?["a"] == .number(2))
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "'a'", "01", "-", "1.", ".5", "1e", "+1",
        "1e400", "NaN", "Infinity", "tru", "nul", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"",
        "\"\\ud800\\u0041\"", "\"a\nb\"", "1 2", "{\"a\":1,\"a\":1}", "[]]",
    ])
    func rejects(text: String) {
        #expect(parse(text) == nil)
    }

    @Test func rejectsInvalidUTF8AndDeepNesting() {
        #expect(JSONParser.parse([0x22, 0xC3, 0x22]) == nil)
        #expect(JSONParser.parse([0x22, 0xED, 0xA0, 0x80, 0x22]) == nil)  // an encoded surrogate
        let nested = { (depth: Int) in String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }
        #expect(JSONParser.parse(nested(16), maxDepth: 16) != nil)
        #expect(JSONParser.parse(nested(18), maxDepth: 16) == nil)
        #expect(parse(nested(64)) != nil)
        #expect(parse(nested(100_000)) == nil, "bounded recursion: a hostile document cannot exhaust the stack")
    }

    @Test func serializesCompactlyInOrder() {
        let value: JSONValue = ["b": .number(1_800_000_000), "a": "x/\"\u{1}\u{8}", "c": [true, .null, .number(0.5)]]
        #expect(value.serializedText == #"{"b":1800000000,"a":"x/\"\u0001\b","c":[true,null,0.5]}"#)
        #expect(parse(value.serializedText) == value)
        #expect(JSONValue.number(.infinity).serializedText == "null")
        #expect(JSONValue.number(-3).serializedText == "-3")
        // Integers are written digit by digit: every magnitude and sign as Swift prints it.
        for value: Int64 in [0, 7, -7, 9, 10, -10, 99, 100, 1_234_567, -9_007_199_254_740_991, 9_007_199_254_740_991] {
            #expect(JSONValue.number(Double(value)).serializedText == String(value))
        }
        #expect(JSONValue.number(-0.0).serializedText == "0")
        #expect(JSONValue.string("é\n\t\\").serializedText == #""é\n\t\\""#)
    }

    /// Strings are scanned eight bytes at a time: every character that needs escaping is found wherever it falls in
    /// a word (first byte, last byte, next to multi-byte characters), against a byte-at-a-time escaper.
    @Test func escapesEverySpecialByteAtEveryPosition() {
        let pieces: [String] = ["a", "Z", " ", "~", "\"", "\\", "\n", "\u{0}", "\u{1F}", "\u{7F}", "é", "東", "😀", "!", "#", "]"]
        var generator = SystemRandomNumberGenerator()
        for length in 0..<40 {
            for _ in 0..<50 {
                let text = (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
                let serialized = JSONValue.string(text).serializedText
                #expect(serialized == jsonString(text), "\(Array(text.utf8))")
                #expect(parse(serialized) == .string(text))
            }
        }
    }
}
