@testable import Embedding
import Testing

/// Token ids against the reference tokenizer (HuggingFace `tokenizers` on the model's tokenizer.json).
@Suite struct WordPieceReferenceTests {
    @Test func idsMatchTheReferenceForAll200Texts() throws {
        let tokenizer = try ModelFixture.tokenizer()
        let cases = ModelFixture.cases
        #expect(cases.count == 200)
        var mismatches = 0
        for item in cases {
            let ids = tokenizer.encode(item.text)
            if ids != item.ids {
                mismatches += 1
                Issue.record("\(item.text.debugDescription.prefix(120)): got \(ids.prefix(40)) expected \(item.ids.prefix(40))")
            }
        }
        #expect(mismatches == 0)
    }

    @Test func countAgreesWithTokenIDs() throws {
        let tokenizer = try ModelFixture.tokenizer()
        for item in ModelFixture.cases {
            let ids = tokenizer.tokenIDs(item.text)
            #expect(tokenizer.count(Substring(item.text)) == ids.count, "\(item.text.debugDescription.prefix(80))")
            if item.ids.count < WordPieceTokenizer.defaultMaxTokens {
                #expect([tokenizer.classifierID] + ids + [tokenizer.separatorID] == item.ids)
            }
        }
    }
}
