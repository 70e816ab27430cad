import Testing
@testable import Auth
import Crypto

@Suite struct OpaqueTokenTests {
    @Test func apiKeyFormat() {
        let key = OpaqueToken.apiKey()
        #expect(key.hasPrefix("rag_"))
        #expect(key.utf8.count == 4 + 43)
        // 43 base64url characters decode to exactly 256 bits.
        #expect(Base64URL.decode(key.dropFirst(4))?.count == 32)
        #expect(OpaqueToken.isWellFormedAPIKey(key))
        #expect(!OpaqueToken.isWellFormedRefreshToken(key))
    }

    @Test func refreshTokenFormat() {
        let token = OpaqueToken.refreshToken()
        #expect(token.hasPrefix("rt_"))
        #expect(token.utf8.count == 3 + 43)
        #expect(Base64URL.decode(token.dropFirst(3))?.count == 32)
        #expect(OpaqueToken.isWellFormedRefreshToken(token))
        #expect(!OpaqueToken.isWellFormedAPIKey(token))
    }

    @Test func identifierFormat() {
        let crockford = Set("0123456789abcdefghjkmnpqrstvwxyz")
        var seen = Set<String>()
        for _ in 0..<1000 {
            let id = OpaqueToken.identifier(prefix: "usr_")
            #expect(id.hasPrefix("usr_"))
            #expect(id.count == 24)
            #expect(id.dropFirst(4).allSatisfy(crockford.contains))
            seen.insert(id)
        }
        #expect(seen.count == 1000)
        // Over 1000 ids of 20 characters every symbol of the alphabet appears: the bits are spread, not stuck.
        let used = Set(seen.flatMap { $0.dropFirst(4) })
        #expect(used == crockford)
    }

    @Test func tokensAreUnique() {
        var keys = Set<String>()
        var refresh = Set<String>()
        for _ in 0..<10_000 {
            keys.insert(OpaqueToken.apiKey())
            refresh.insert(OpaqueToken.refreshToken())
        }
        #expect(keys.count == 10_000)
        #expect(refresh.count == 10_000)
    }

    @Test func digestIsStableSHA256Hex() {
        let token = "rag_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        #expect(OpaqueToken.digest(token) == OpaqueToken.digest(token))
        #expect(OpaqueToken.digest(token) == Digest.sha256Hex(token))
        #expect(OpaqueToken.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(OpaqueToken.digest(token) != OpaqueToken.digest(token + "A"))
    }

    @Test func displayPrefix() {
        let key = "rag_AbCdEfGh" + String(repeating: "x", count: 35)
        #expect(OpaqueToken.displayPrefix(ofAPIKey: key) == "rag_AbCdEfGh")
    }

    @Test func wellFormedChecksRejectNearMisses() {
        let key = OpaqueToken.apiKey()
        let secret = String(key.dropFirst(4))
        let body = String(secret.dropLast())
        var nearMisses: [String] = ["", "rag_", String(key.dropLast()), key + "A", " " + key, key + "\n"]
        nearMisses += ["Rag_" + secret, "rag-" + secret, "rk_" + secret]
        nearMisses += ["=", "+", "/", " ", "é"].map { "rag_" + body + $0 }
        // 43 characters whose last one has non-zero unused bits: not the encoding of any 32 bytes.
        nearMisses.append("rag_" + String(repeating: "A", count: 42) + "B")
        for text in nearMisses {
            #expect(!OpaqueToken.isWellFormedAPIKey(text), "\(text)")
        }
        #expect(OpaqueToken.isWellFormedAPIKey("rag_" + String(repeating: "A", count: 42) + "E"))
        let refresh = OpaqueToken.refreshToken()
        #expect(!OpaqueToken.isWellFormedRefreshToken(String(refresh.dropLast())))
        #expect(!OpaqueToken.isWellFormedRefreshToken("rt" + refresh.dropFirst(3)))
        #expect(!OpaqueToken.isWellFormedRefreshToken("rt_" + String(repeating: "A", count: 42) + "="))
    }
}
