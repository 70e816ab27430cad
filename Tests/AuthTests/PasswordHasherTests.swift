import Testing
import Threading
@testable import Auth
import Crypto

@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher(parameters: fastArgon2, maxConcurrent: 4, maxWaiting: 16)

    @Test func hashIsPHCStringWithConfiguredParameters() throws {
        let encoded = try hasher.hash("correct horse battery staple")
        #expect(encoded.hasPrefix("$argon2id$v=19$m=1024,t=1,p=1$"))
        let fields = encoded.split(separator: "$")
        #expect(fields.count == 5)
        #expect(Base64Codec.standard.decode(fields[3])?.count == 16)
        #expect(Base64Codec.standard.decode(fields[4])?.count == 32)
    }

    @Test func verifiesRightAndRejectsWrong() throws {
        let encoded = try hasher.hash("correct horse battery staple")
        #expect(try hasher.verify("correct horse battery staple", against: encoded) == .valid(needsRehash: false))
        #expect(try hasher.verify("correct horse battery stapl", against: encoded) == .invalid)
        #expect(try hasher.verify("Correct horse battery staple", against: encoded) == .invalid)
        #expect(try hasher.verify("", against: encoded) == .invalid)
    }

    @Test func saltsDiffer() throws {
        let first = try hasher.hash("same password")
        let second = try hasher.hash("same password")
        #expect(first != second)
        #expect(first.split(separator: "$")[3] != second.split(separator: "$")[3])
    }

    /// The argon2 reference implementation's own vector (src/test.c): proves our PHC parsing and hashing agree with it.
    @Test func verifiesReferenceVector() throws {
        let reference = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"
        #expect(try hasher.verify("password", against: reference) == .valid(needsRehash: true))
        #expect(try hasher.verify("passworD", against: reference) == .invalid)
        #expect(PHCString(parsing: reference)?.encoded == reference)
    }

    @Test func tooLongIsRejectedBeforeHashing() throws {
        let before = hasher.hashesComputed.load(ordering: .relaxed)
        let huge = String(repeating: "a", count: 10_000_000)
        let start = MonotonicClock.now
        #expect(throws: PasswordError.tooLong(maximum: 1024)) { try hasher.hash(huge) }
        #expect(throws: PasswordError.tooLong(maximum: 1024)) { try hasher.verify(huge, against: "$argon2id$") }
        #expect(throws: PasswordError.tooLong(maximum: 1024)) { try hasher.verifyDummy(huge) }
        #expect(throws: PasswordError.tooLong(maximum: 1024)) { try hasher.hash(String(repeating: "a", count: 1025)) }
        #expect(throws: PasswordError.tooShort(minimum: 8)) { try hasher.hash("short") }
        // Other tests hash concurrently, so compare with an upper bound rather than equality.
        #expect(MonotonicClock.now - start < 1_000_000_000)
        let exact = try hasher.hash(String(repeating: "a", count: 1024))
        #expect(try hasher.verify(String(repeating: "a", count: 1024), against: exact) == .valid(needsRehash: false))
        #expect(hasher.hashesComputed.load(ordering: .relaxed) >= before + 2)
    }

    @Test func rejectedInputNeverReachesArgon2() {
        let isolated = PasswordHasher(parameters: fastArgon2, maxConcurrent: 1, maxWaiting: 0)
        let before = isolated.hashesComputed.load(ordering: .relaxed)
        _ = try? isolated.hash(String(repeating: "a", count: 5_000_000))
        _ = try? isolated.verify(String(repeating: "a", count: 1025), against: "$argon2id$")
        _ = try? isolated.verifyDummy(String(repeating: "😀", count: 1025))
        _ = try? isolated.hash("short")
        #expect(isolated.hashesComputed.load(ordering: .relaxed) == before)
        try? isolated.verifyDummy("some password")
        #expect(isolated.hashesComputed.load(ordering: .relaxed) == before + 1)
    }

    @Test func noTruncation() throws {
        let base = String(repeating: "p", count: 1023)
        let encoded = try hasher.hash(base + "a")
        #expect(try hasher.verify(base + "a", against: encoded) == .valid(needsRehash: false))
        #expect(try hasher.verify(base + "b", against: encoded) == .invalid)
        // NUL is hashed like any other character, not a terminator.
        let withNUL = try hasher.hash("pass\u{0}word-one")
        #expect(try hasher.verify("pass\u{0}word-one", against: withNUL) == .valid(needsRehash: false))
        #expect(try hasher.verify("pass", against: withNUL) == .invalid)
        #expect(try hasher.verify("pass\u{0}word-two", against: withNUL) == .invalid)
    }

    @Test func unicodeIsNormalizedToNFC() throws {
        let precomposed = "caf\u{E9} au lait"
        let decomposed = "cafe\u{301} au lait"
        #expect(Array(precomposed.utf8) != Array(decomposed.utf8))
        let encoded = try hasher.hash(precomposed)
        #expect(try hasher.verify(decomposed, against: encoded) == .valid(needsRehash: false))
        #expect(try hasher.verify("cafe au lait", against: encoded) == .invalid)
    }

    @Test func needsRehashWhenParametersChange() throws {
        let encoded = try hasher.hash("correct horse battery staple")
        let stronger = [
            Argon2Parameters(memoryKiB: 2048, iterations: 1, parallelism: 1),
            Argon2Parameters(memoryKiB: 1024, iterations: 2, parallelism: 1),
            Argon2Parameters(memoryKiB: 1024, iterations: 1, parallelism: 2),
        ]
        for parameters in stronger {
            let upgraded = PasswordHasher(parameters: parameters, maxConcurrent: 1, maxWaiting: 1)
            #expect(try upgraded.verify("correct horse battery staple", against: encoded) == .valid(needsRehash: true))
            #expect(try upgraded.verify("wrong horse battery staple", against: encoded) == .invalid)
            let rehashed = try upgraded.hash("correct horse battery staple")
            #expect(try upgraded.verify("correct horse battery staple", against: rehashed) == .valid(needsRehash: false))
        }
    }

    @Test func malformedStoredHashIsInvalidWithoutHashing() throws {
        let good = try hasher.hash("correct horse battery staple")
        let fields = good.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        func replacing(_ index: Int, with value: String) -> String {
            var copy = fields
            copy[index] = value
            return copy.joined(separator: "$")
        }
        let malformed = [
            "", "$", "garbage", "$argon2id$", good + "$", "$" + good, String(good.dropLast(3)), good + "A",
            good.replacingOccurrences("argon2id", "argon2i"), good.replacingOccurrences("argon2id", "argon2d"),
            replacing(2, with: "v=16"), replacing(2, with: ""), replacing(3, with: "m=1024,t=1"),
            replacing(3, with: "m=0,t=1,p=1"), replacing(3, with: "m=1024,t=0,p=1"), replacing(3, with: "m=1024,t=1,p=0"),
            replacing(3, with: "m=01024,t=1,p=1"), replacing(3, with: "m=-1024,t=1,p=1"),
            replacing(3, with: "m=99999999999999999999,t=1,p=1"), replacing(3, with: "m=4294967295,t=1,p=1"),
            replacing(3, with: "m=1024,t=1000,p=1"), replacing(3, with: "t=1,m=1024,p=1"),
            replacing(3, with: "m=1024,t=1,p=1,x=2"), replacing(4, with: fields[4] + "=="), replacing(4, with: "c2FsdA"),
            replacing(4, with: "!!!!"), replacing(5, with: "AAAA"), replacing(5, with: fields[5] + "="),
            replacing(5, with: ""), replacing(4, with: ""),
        ]
        let before = hasher.hashesComputed.load(ordering: .relaxed)
        for text in malformed {
            #expect(try hasher.verify("correct horse battery staple", against: text) == .invalid, "\(text)")
        }
        // Parallel tests hash too; but none of these inputs may hash, so the difference stays below their count.
        #expect(hasher.hashesComputed.load(ordering: .relaxed) - before < malformed.count)
    }

    @Test func dummyVerificationHashesWithCurrentParameters() throws {
        let isolated = PasswordHasher(parameters: fastArgon2, maxConcurrent: 1, maxWaiting: 0)
        try isolated.verifyDummy("anything at all")
        try isolated.verifyDummy("")
        #expect(isolated.hashesComputed.load(ordering: .relaxed) == 2)
    }

    /// The one test with the production parameters (OWASP: m = 19 MiB, t = 2, p = 1).
    @Test func defaultParameters() throws {
        #expect(Argon2Parameters() == Argon2Parameters(memoryKiB: 19_456, iterations: 2, parallelism: 1,
                                                         saltLength: 16, hashLength: 32))
        let production = PasswordHasher(maxConcurrent: 1, maxWaiting: 0)
        let start = MonotonicClock.now
        let encoded = try production.hash("correct horse battery staple")
        let milliseconds = Double(MonotonicClock.now - start) / 1_000_000
        print("argon2id default-parameter hash: \(milliseconds) ms")
        #expect(encoded.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(PHCString(parsing: encoded)?.hash.count == 32)
    }
}

private extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
