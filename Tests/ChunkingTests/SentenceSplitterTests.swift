@testable import Chunking
import Testing

/// The splitter against a table of tricky sentences, plus the index contract of `sentences(in:)`.
@Suite struct SentenceSplitterTests {
    static let cases: [(text: String, sentences: [String])] = [
        ("Hello world. This is a test.", ["Hello world.", "This is a test."]),
        ("Is it 3.14? Yes! Indeed.", ["Is it 3.14?", "Yes!", "Indeed."]),
        ("Dr. Smith met Mr. and Mrs. Jones. They talked.", ["Dr. Smith met Mr. and Mrs. Jones.", "They talked."]),
        ("Use a tool, e.g. Python. It works, i.e. mostly.", ["Use a tool, e.g. Python.", "It works, i.e. mostly."]),
        ("Smith et al. Showed this. Next.", ["Smith et al. Showed this.", "Next."]),
        ("See Fig. 3 for details. Then stop.", ["See Fig. 3 for details.", "Then stop."]),
        ("Apples vs. Oranges is old. Fine.", ["Apples vs. Oranges is old.", "Fine."]),
        ("Item No. 5 is here. I said no. Then left.", ["Item No. 5 is here.", "I said no.", "Then left."]),
        ("The U.S. Army arrived. Good.", ["The U.S. Army arrived.", "Good."]),
        ("J. R. R. Tolkien wrote it. Read it.", ["J. R. R. Tolkien wrote it.", "Read it."]),
        ("Pi is 3.14159 roughly. Version 2.0 shipped.", ["Pi is 3.14159 roughly.", "Version 2.0 shipped."]),
        ("Wait... What happened? Nothing…", ["Wait...", "What happened?", "Nothing…"]),
        ("I was thinking... maybe not.", ["I was thinking... maybe not."]),
        ("He paused… Then he left.", ["He paused…", "Then he left."]),
        ("He said \"Stop.\" Then he left.", ["He said \"Stop.\"", "Then he left."]),
        ("\"Stop!\" he said. She did.", ["\"Stop!\" he said.", "She did."]),
        ("(See below.) Next one.", ["(See below.)", "Next one."]),
        ("Really?! No way.", ["Really?!", "No way."]),
        ("我们明天见。这是一个测试！好的？", ["我们明天见。", "这是一个测试！", "好的？"]),
        ("「東京です。」次の文。", ["「東京です。」", "次の文。"]),
        ("- apples\n- pears\n- plums", ["- apples", "- pears", "- plums"]),
        ("1. Install it\n2. Run it", ["1. Install it", "2. Run it"]),
        ("1. Install it. 2. Run it.", ["1. Install it.", "2. Run it."]),
        ("First paragraph\n\nSecond paragraph", ["First paragraph", "Second paragraph"]),
        ("A soft\nwrapped line.", ["A soft\nwrapped line."]),
        ("  padded text.   Next one.  ", ["padded text.", "Next one."]),
        ("no terminator at all", ["no terminator at all"]),
        ("Cost is $5. $6 later.", ["Cost is $5.", "$6 later."]),
        ("Ends with a number 42. 43 follows.", ["Ends with a number 42.", "43 follows."]),
        ("Emoji 👍🏽. Next 🇯🇵!", ["Emoji 👍🏽.", "Next 🇯🇵!"]),
        ("¿Qué pasa? ¡Nada! Bien.", ["¿Qué pasa?", "¡Nada!", "Bien."]),
        ("Ελληνικά κείμενο. Άλλη πρόταση.", ["Ελληνικά κείμενο.", "Άλλη πρόταση."]),
        ("lower. case continues", ["lower. case continues"]),
        ("", []),
        ("   \n\t ", []),
    ]

    @Test(arguments: cases)
    func splits(text: String, expected: [String]) {
        let substring = Substring(text)
        let found = SentenceSplitter.sentences(in: substring).map { String(substring.unicodeScalars[$0]) }
        #expect(found == expected)
    }

    @Test func indicesBelongToTheSubstringGiven() {
        let text = "Prefix. Café ﬁne. E\u{301}clair! 日本。End"
        let tail = text[text.index(text.startIndex, offsetBy: 8)...]
        let ranges = SentenceSplitter.sentences(in: tail)
        #expect(ranges.map { String(tail.unicodeScalars[$0]) } == ["Café ﬁne.", "E\u{301}clair!", "日本。", "End"])
        #expect(ranges.allSatisfy { $0.lowerBound >= tail.startIndex && $0.upperBound <= tail.endIndex })
    }

    @Test func everyNonBlankScalarIsInExactlyOneSentence() {
        var generator = GeneratedDocuments(seed: 11, recipe: .init(unicode: true))
        let text = generator.make().text
        let scalars = Array(text.unicodeScalars)
        let ranges = SentenceSplitter.sentenceRanges(in: scalars, 0..<scalars.count)
        var owner = [Int](repeating: 0, count: scalars.count)
        for range in ranges {
            #expect(!scalars[range.lowerBound].properties.isWhitespace)
            #expect(!scalars[range.upperBound - 1].properties.isWhitespace)
            for offset in range { owner[offset] += 1 }
        }
        #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound <= $1.lowerBound })
        #expect(scalars.indices.allSatisfy { owner[$0] == (scalars[$0].properties.isWhitespace ? owner[$0] : 1) })
        #expect(owner.allSatisfy { $0 <= 1 })
        #expect(ranges.count > 100)
    }
}
