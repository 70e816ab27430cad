import Testing
@testable import LexicalIndex

@Suite struct AnalyzerTests {
    private let plain = Analyzer(options: AnalyzerOptions(removeStopWords: false, stemEnglish: false))
    private let standard = Analyzer()

    /// One reused scanner gives every text the terms `queryTokens` gives it: nothing of one text is left in the
    /// buffers for the next (a compound cut short, a CJK run, a possessive).
    @Test func reusedBuffersAnalyzeLikeAFreshAnalysis() {
        let texts = ["PPR-9087", "Crème", "東京都", "children's", "the", "e-mails", "x", "", "Σοφία", "il-6", "running",
                     "a--b", "2024", "ﬁne", "naïve", "東", "heart-failure's"]
        for analyzer in [plain, standard] {
            var reusable = Analyzer.Reusable(analyzer)
            for round in 0..<3 {
                for text in texts.shuffled() + (round == 2 ? [texts.joined(separator: " ")] : []) {
                    var terms: [String] = []
                    var bytes = Array(text.utf8)
                    bytes.withUnsafeMutableBufferPointer { buffer in
                        reusable.forEachTerm(in: UnsafeBufferPointer(buffer)) { terms.append(String(decoding: $0, as: UTF8.self)) }
                    }
                    #expect(terms == analyzer.queryTokens(text), "\(text)")
                }
            }
        }
    }

    @Test func foldsCaseAndAccents() {
        #expect(plain.queryTokens("Crème BRÛLÉE Ångström Øresund Łódź ÆSIR œuvre Þór") ==
            ["creme", "brulee", "angstrom", "oresund", "lodz", "aesir", "oeuvre", "thor"])
        #expect(plain.queryTokens("Straße STRASSE straẞe") == ["strasse", "strasse", "strasse"])
        #expect(plain.queryTokens("Σοφία ΣΟΦΊΑ σοφίας") == ["σοφια", "σοφια", "σοφιασ"])
        #expect(plain.queryTokens("5 µg = 5 μg") == ["5", "μg", "5", "μg"])
        #expect(plain.queryTokens("ﬁnal İstanbul") == ["final", "istanbul"])
    }

    @Test func decomposedInputFoldsLikePrecomposed() {
        #expect(plain.queryTokens("Cre\u{300}me bru\u{302}le\u{301}e") == plain.queryTokens("Crème brûlée"))
        #expect(plain.queryTokens("soft\u{AD}ware") == ["software"])
    }

    @Test func keepsAccentsWhenAskedButStillCaseFolds() {
        let keeping = Analyzer(options: AnalyzerOptions(foldAccents: false, removeStopWords: false, stemEnglish: false))
        #expect(keeping.queryTokens("Crème ÆSIR Øre Straße") == ["crème", "æsir", "øre", "strasse"])
    }

    @Test func normalizesDigitsAndFullwidthForms() {
        #expect(plain.queryTokens("ＡＢＣ１２３ ٣٤") == ["abc123", "34"])
    }

    @Test func indexesCodesWholeCatenatedAndInParts() {
        #expect(standard.queryTokens("PPR-9087") == ["ppr-9087", "ppr9087", "ppr", "9087"])
        #expect(standard.queryTokens("ISO/IEC 27001") == ["iso/iec", "isoiec", "iso", "iec", "27001"])
        #expect(standard.queryTokens("v2.3.1") == ["v2.3.1", "v231", "v2", "3", "1"])
        #expect(standard.queryTokens("user_id") == ["user_id", "userid", "user", "id"])
        #expect(standard.queryTokens("e-mail E-Mails") ==
            ["e-mail", "email", "e", "mail", "e-mail", "email", "e", "mail"])
        #expect(standard.queryTokens("COVID\u{2010}19") == ["covid-19", "covid19", "covid", "19"])
        let noCatenation = Analyzer(options: AnalyzerOptions(catenateCompounds: false))
        #expect(noCatenation.queryTokens("PPR-9087") == ["ppr-9087", "ppr", "9087"])
    }

    @Test func connectorsJoinOnlyBetweenLettersOrDigits() {
        #expect(plain.queryTokens("end. Next") == ["end", "next"])
        #expect(plain.queryTokens("foo--bar -baz- _qux_ x/") == ["foo", "bar", "baz", "qux", "x"])
        #expect(plain.queryTokens("3.14") == ["3.14", "314", "3", "14"])
    }

    @Test func dropsPossessives() {
        #expect(standard.queryTokens("the children's toys") == ["children", "toy"])
        #expect(standard.queryTokens("O\u{2019}Neil") == ["o'neil", "oneil", "o", "neil"])
    }

    @Test func cjkBecomesUnigramsAndBigrams() {
        #expect(standard.queryTokens("東京都") == ["東", "東京", "京", "京都", "都"])
        #expect(standard.queryTokens("東京2020年") == ["東", "東京", "京", "2020", "年"])
        #expect(standard.queryTokens("すし") == ["す", "すし", "し"])
        #expect(standard.queryTokens("한국어 문장") == ["한국어", "문장"])
    }

    @Test func stopWordsAreOptional() {
        #expect(standard.queryTokens("The cat and the hat") == ["cat", "hat"])
        #expect(plain.queryTokens("The cat and the hat") == ["the", "cat", "and", "the", "hat"])
        #expect(standard.queryTokens("to be or not to be").isEmpty)
        #expect(standard.queryTokens("and/or") == ["and/or", "andor"])
    }

    @Test func stemsEnglishWords() {
        #expect(standard.queryTokens("Running runs studies studied") == ["run", "run", "studi", "studi"])
        #expect(plain.queryTokens("Running runs") == ["running", "runs"])
    }

    @Test func emptyAndSymbolOnlyTextHasNoTerms() {
        #expect(standard.queryTokens("").isEmpty)
        #expect(standard.queryTokens("  \n\t ... --- !!! 🙂 ").isEmpty)
    }

    @Test func skipsOverlongTokens() {
        let analyzer = Analyzer(options: AnalyzerOptions(removeStopWords: false, stemEnglish: false, maxTokenBytes: 8))
        #expect(analyzer.queryTokens("abcdefghijk ok") == ["ok"])
        #expect(analyzer.queryTokens("abcde-fghij") == ["abcde", "fghij"])
    }

    @Test func documentLengthCountsPartsNotOverlaps() {
        let bag = standard.bagOfTerms("PPR-9087 printer 東京")
        #expect(bag.length == 5)  // ppr, 9087, printer, 東, 京
        #expect(bag.terms.count == 8)
    }

    @Test func overlapTermsWeighHalfInQueries() {
        let bag = standard.bagOfTerms("PPR-9087 ppr")
        #expect(bag.queryWeight(Int(bag.terms.id(of: "ppr-9087")!)) == 0.5)
        #expect(bag.queryWeight(Int(bag.terms.id(of: "ppr")!)) == 2)
    }
}
