import Testing
@testable import LexicalIndex

/// Word → stem pairs worked through Porter2's rules by hand; each step is covered by a few.
@Suite struct EnglishStemmerTests {
    static let pairs: [(String, String)] = [
        // Step 1a: plurals.
        ("caresses", "caress"), ("ties", "tie"), ("cries", "cri"), ("gas", "gas"), ("gaps", "gap"),
        ("kiwis", "kiwi"), ("ponies", "poni"), ("caress", "caress"),
        // Step 1b: -ed/-ing and the repairs after them; -eed in R1 only.
        ("luxuriated", "luxuri"), ("hopping", "hop"), ("hoped", "hope"), ("hoping", "hope"), ("filing", "file"),
        ("failing", "fail"), ("sized", "size"), ("agreed", "agre"), ("feed", "feed"),
        // Step 1c: y → i after a consonant that is not the first letter.
        ("cry", "cri"), ("by", "by"), ("say", "say"), ("happy", "happi"), ("sayings", "say"),
        // Step 2.
        ("relational", "relat"), ("conditional", "condit"), ("valency", "valenc"), ("hesitancy", "hesit"),
        ("digitizer", "digit"), ("vietnamization", "vietnam"), ("predication", "predic"), ("operator", "oper"),
        ("feudalism", "feudal"), ("decisiveness", "decis"), ("hopefulness", "hope"), ("callousness", "callous"),
        ("formality", "formal"), ("sensitivity", "sensit"), ("sensibility", "sensibl"), ("analogy", "analog"),
        ("fully", "fulli"), ("hopelessly", "hopeless"), ("fluently", "fluentli"),
        // Steps 3 and 4.
        ("triplicate", "triplic"), ("formative", "format"), ("electrical", "electr"), ("goodness", "good"),
        ("revival", "reviv"), ("allowance", "allow"), ("inference", "infer"), ("airliner", "airlin"),
        ("adjustable", "adjust"), ("defensible", "defens"), ("irritant", "irrit"), ("replacement", "replac"),
        ("adjustment", "adjust"), ("dependent", "depend"), ("adoption", "adopt"), ("homologous", "homolog"),
        ("effective", "effect"), ("bowdlerize", "bowdler"),
        // Step 5.
        ("probate", "probat"), ("rate", "rate"), ("cease", "ceas"), ("controll", "control"), ("roll", "roll"),
        // Exceptions and the special R1 prefixes.
        ("skies", "sky"), ("dying", "die"), ("news", "news"), ("inning", "inning"), ("proceeding", "proceed"),
        ("proceed", "proceed"), ("generously", "generous"), ("generate", "generat"), ("communism", "communism"),
        ("arsenal", "arsenal"),
        // Apostrophes and a leading consonant y.
        ("children's", "children"), ("'tis", "tis"), ("youth", "youth"), ("yearly", "year"),
    ]

    @Test(arguments: pairs)
    func stems(_ word: String, _ stem: String) {
        #expect(EnglishStemmer.stem(word) == stem)
    }

    @Test func leavesShortWordsAlone() {
        #expect(EnglishStemmer.stem("is") == "is")
        #expect(EnglishStemmer.stem("a") == "a")
        #expect(EnglishStemmer.stem("") == "")
    }
}
