@testable import Embedding
import Testing

/// The tokenizer's rules on a small vocabulary written here, so each rule is checked in isolation.
@Suite struct WordPieceTokenizerTests {
    static let tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "aff", "able", "hello", "world",
                         ",", "!", "[", "]", "sep", "cafe", "中", "文", "a", "##a", "##b", "b", "σασ", "straße", "é",
                         "x", "##x", "is", "##tan", "##bul", "istanbul", "e", "##e"]
    static let tokenizer = try! WordPieceTokenizer(vocabulary: Array((tokens.joined(separator: "\n") + "\n").utf8))

    private func pieces(_ text: String) -> [String] {
        Self.tokenizer.tokenIDs(text).map { Self.tokens[Int($0)] }
    }

    @Test func greedyLongestMatchWithContinuations() {
        #expect(pieces("unaffable") == ["un", "##aff", "##able"])
        #expect(pieces("aff able") == ["aff", "able"])
        #expect(pieces("abab") == ["a", "##b", "##a", "##b"])
    }

    @Test func aWordThatCannotBeSpelledIsOneUnknown() {
        #expect(pieces("unaffablez hello") == ["[UNK]", "hello"], "a partial match is dropped whole")
        #expect(pieces(String(repeating: "x", count: 100)).count == 100)
        #expect(pieces(String(repeating: "x", count: 101)) == ["[UNK]"], "over 100 characters")
    }

    @Test func normalizationLowerCasesStripsAccentsAndSplitsPunctuation() {
        #expect(pieces("Hello, WORLD!") == ["hello", ",", "world", "!"])
        #expect(pieces("Café") == ["cafe"], "é decomposes and its accent is dropped")
        #expect(pieces("Cafe\u{301}") == ["cafe"])
        #expect(pieces("ΣΑΣ") == ["σασ"], "lower-cased letter by letter, no final sigma")
        #expect(pieces("İstanbul") == ["istanbul"], "İ decomposes to I + dot, the dot is dropped before lower-casing")
        #expect(pieces("STRASSE") == ["[UNK]"] && pieces("Straße") == ["straße"], "ß is not expanded")
    }

    @Test func controlCharactersVanishWhitespaceSplitsIdeographsStandAlone() {
        #expect(pieces("hel\u{0}lo\u{200B}") == ["hello"], "NUL and format characters are removed, not spaces")
        #expect(pieces("hello\u{00A0}world\u{2028}hello\tworld") == ["hello", "world", "hello", "world"])
        #expect(pieces("a中文b") == ["a", "中", "文", "b"])
        #expect(pieces("  \n\t ") == [])
    }

    @Test func specialTokenSpellingsStayText() {
        #expect(pieces("[SEP]") == ["[", "sep", "]"])
        #expect(!Self.tokenizer.tokenIDs("[CLS] hello [SEP]").contains(Self.tokenizer.separatorID))
    }

    @Test func encodeAddsSpecialsAndTruncates() {
        let tokenizer = Self.tokenizer
        #expect(tokenizer.encode("hello world") == [2, 9, 10, 3])
        #expect(tokenizer.encode("") == [2, 3])
        #expect(tokenizer.encode("unaffable hello world", maxTokens: 4) == [2, 4, 5, 3], "cut inside a word, like the reference")
        #expect(tokenizer.encode(String(repeating: "hello ", count: 1000)).count == WordPieceTokenizer.defaultMaxTokens)
    }

    @Test func countMatchesTokenIDsAndIsAdditiveOverWhitespace() {
        let tokenizer = Self.tokenizer
        let words = ["unaffable", "Hello,", "中文", "[SEP]", "Café!", "zzz", "abab", "\u{0}"]
        var total = 0
        for word in words {
            #expect(tokenizer.count(Substring(word)) == tokenizer.tokenIDs(word).count, "\(word)")
            total += tokenizer.count(Substring(word))
        }
        #expect(tokenizer.count(Substring(words.joined(separator: " \n"))) == total)
    }

    @Test func specialTokensAreRequired() {
        #expect(throws: TokenizerError.missingSpecialToken("[CLS]")) {
            try WordPieceTokenizer(vocabulary: Array("[PAD]\n[UNK]\n[SEP]\nhello\n".utf8))
        }
        #expect(throws: TokenizerError.unreadable(FileReadError(path: "/nonexistent/vocab.txt", errno: 2))) {
            try WordPieceTokenizer(vocabularyFile: "/nonexistent/vocab.txt")
        }
    }
}
