import Testing
import TestSupport
@testable import Crypto

@Suite struct Base64URLTests {
    /// RFC 4648 §10 test vectors (identical in both alphabets), unpadded.
    @Test(arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(plain: String, encoded: String) {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test func usesTheURLSafeAlphabet() {
        // 0xFB 0xFF is "+/8=" in standard base64.
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
        #expect(Base64Codec.standard.encode([0xFB, 0xFF]) == "+/8")
    }

    @Test func roundTripsRandomBytes() {
        var random = SplitMix64(seed: 42)
        for length in 0..<200 {
            let input = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let encoded = Base64URL.encode(input)
            #expect(!encoded.contains("="))
            #expect(encoded.utf8.count == (length * 4 + 2) / 3)
            #expect(Base64URL.decode(encoded) == input)
        }
    }

    @Test(arguments: [
        "Zg==", "Zm8=", "Zg=", // padding
        "+/8", "ab/c", "ab+c", // standard alphabet
        " Zm9v", "Zm9v ", "Zm 9v", "Zm9v\n", "Zm9v\t", // whitespace
        "Z", "Zm9vY", // length ≡ 1 (mod 4)
        "Zh", "Zm9", "Zm9vYh", // non-zero unused trailing bits ("Zg", "Zm8", "Zm9vYg" are canonical)
        "Zm9v\u{0}", "Zm9vé", ".", "Zm9v.",
    ])
    func rejectsNonCanonicalText(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func decodesSubstrings() {
        let token = "Zm9v.YmFy"
        let parts = token.split(separator: ".")
        #expect(Base64URL.decode(parts[1]) == Array("bar".utf8))
    }
}
