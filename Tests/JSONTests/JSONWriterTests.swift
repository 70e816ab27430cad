import JSON
import Testing

@Suite struct JSONWriterTests {
    @Test func separatesMembersAndElementsAtEveryLevel() {
        var json = JSONWriter()
        json.object { json in
            json.field("a", "x")
            json.key("empty")
            json.object { _ in }
            json.key("rows")
            json.array { json in
                json.array { json in
                    json.integer(1)
                    json.integer(-20)
                }
                json.array { _ in }
                json.object { json in json.field("n", nil as String?) }
            }
            json.field("b", true)
        }
        #expect(json.text == #"{"a":"x","empty":{},"rows":[[1,-20],[],{"n":null}],"b":true}"#)
        #expect(JSONParser.parse(json.text) != nil)
    }

    @Test func escapesNamesFromData() {
        var json = JSONWriter()
        json.object { json in
            json.key(escaping: "a\"b\n")
            json.integer(1)
            json.key(escaping: "c")
            json.null()
        }
        #expect(json.text == #"{"a\"b\n":1,"c":null}"#)
    }

    @Test func topLevelValuesFollowOneAnother() {
        var json = JSONWriter()
        json.string("a")
        json.null()
        json.number(0.25)
        #expect(json.text == #""a",null,0.25"#)
    }

    @Test func writesNumbersAsJSONValueDoes() {
        var json = JSONWriter()
        json.array { json in
            for value in [1_800_000_000, -3, 0.5, .nan, -.infinity, 1e300] as [Double] { json.number(value) }
        }
        #expect(json.text == "[1800000000,-3,0.5,null,null,1e+300]")
    }

    /// Scores are Floats: the shortest text that reads back as the same Float, valid JSON for every finite value.
    @Test func writesFloatsAsTheirShortestText() throws {
        var generator = SystemRandomNumberGenerator()
        var values: [Float] = [0.031513646, 1, -0.5, 1e-5, .leastNonzeroMagnitude, -.greatestFiniteMagnitude]
        for _ in 0..<5_000 { values.append(Float.random(in: -1...1, using: &generator)) }
        for value in values {
            var json = JSONWriter()
            json.object { json in json.field("score", value) }
            let parsed = try #require(JSONParser.parse(json.text)?.objectValue?["score"]?.numberValue, "\(json.text)")
            #expect(Float(parsed) == value, "\(json.text)")
            #expect(json.text.utf8.count <= 26, "\(json.text)")
        }
        var json = JSONWriter()
        json.array { json in
            json.object { json in
                json.field("a", Float.nan)
                json.field("b", Float.infinity)
            }
        }
        #expect(json.text == #"[{"a":null,"b":null}]"#)
    }

    /// Milliseconds rounded to microseconds take a path of their own; it must print what Swift prints.
    @Test func writesThousandthsAsSwiftDoes() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0.001, -0.001, 0.1, 0.12, 0.123, 1.5, -2.25, 999_999_999.999, 123.4, 0.05, 17.007]
        let range: ClosedRange<Int64> = -2_000_000_000_000...2_000_000_000_000
        for _ in 0..<20_000 { values.append(Double(Int64.random(in: range, using: &generator)) / 1_000) }
        for _ in 0..<2_000 { values.append(Double.random(in: -1e9...1e9, using: &generator)) }
        for value in values where value != value.rounded() {
            #expect(JSONValue.number(value).serializedText == "\(value)", "\(value)")
        }
    }

    /// A tree written through `value` is byte for byte the tree's own serialization, and parses back to it.
    @Test func embedsTreesExactly() throws {
        let tree: JSONValue = ["k": ["s": "q\"\\\n\u{1}é", "l": [1, .number(2.5), false, .null], "o": .object([])]]
        var json = JSONWriter()
        json.object { json in
            json.field("tree", tree)
            json.field("after", 7 as Int?)
        }
        let parsed = try #require(JSONParser.parse(json.text))
        #expect(parsed["tree"] == tree)
        #expect(parsed["after"] == .number(7))
        #expect(json.text == #"{"tree":"# + tree.serializedText + #","after":7}"#)
    }
}
