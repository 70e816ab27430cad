import Testing
@testable import Crypto

@Suite struct RecordIDTests {
    private static let alphabet = Set("0123456789abcdefghjkmnpqrstvwxyz")

    @Test func randomIDsHavePrefixLengthAndAlphabet() {
        let ids = (0..<1_000).map { _ in RecordID.make(prefix: "doc_") }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.hasPrefix("doc_"))
            #expect(id.count == 4 + RecordID.characters)
            #expect(id.dropFirst(4).allSatisfy { Self.alphabet.contains($0) }, "\(id)")
        }
    }

    /// Ordered ids sort as their times do (string order), stay unique within one millisecond, and look like the
    /// random ones (same length and alphabet), so clients cannot tell the two kinds apart by format.
    @Test func orderedIDsSortByTime() {
        let times: [Int64] = [0, 1, 999, 1_000, 1_795_259_733_000, 1_795_259_733_001, 1_795_259_734_000,
                              4_000_000_000_000]
        var previous = ""
        for time in times {
            let sameMillisecond = (0..<200).map { _ in RecordID.makeOrdered(prefix: "q_", milliseconds: time) }
            #expect(Set(sameMillisecond).count == sameMillisecond.count)
            for id in sameMillisecond {
                #expect(id.count == 2 + RecordID.characters)
                #expect(id.dropFirst(2).allSatisfy { Self.alphabet.contains($0) }, "\(id)")
                #expect(id > previous, "\(id) after \(previous) at \(time)")
            }
            previous = sameMillisecond.max()!
        }
        // Random bits follow the time: two ids of the same millisecond share the first nine characters (45 bits).
        let a = RecordID.makeOrdered(prefix: "", milliseconds: 1_795_259_733_000)
        let b = RecordID.makeOrdered(prefix: "", milliseconds: 1_795_259_733_000)
        #expect(a.prefix(9) == b.prefix(9))
        #expect(a != b)
    }
}
