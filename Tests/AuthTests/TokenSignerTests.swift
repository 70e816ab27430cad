import Testing
@testable import Auth
import Crypto

@Suite struct TokenSignerTests {
    let signer = TokenForge.signer
    let now = TokenForge.now

    @Test func roundTrip() throws {
        let (token, claims) = signer.issue(subject: "usr_1", organization: "org_1", session: "ses_1", role: "owner",
                                           now: now + 0.75)
        #expect(claims.issuedAt == 1_800_000_000)
        #expect(claims.notBefore == claims.issuedAt)
        #expect(claims.expiresAt == 1_800_000_900)
        #expect(claims.issuer == "https://ragd.example" && claims.audience == "ragd-api")
        #expect(Base64URL.decode(claims.tokenID)?.count == 16)
        #expect(try signer.verify(token, now: now + 1) == claims)
        #expect(try signer.verify(token, now: now + 899) == claims)
        // Two tokens for the same identity differ (jti).
        let second = signer.issue(subject: "usr_1", organization: "org_1", session: "ses_1", role: "owner", now: now)
        #expect(second.token != token && second.claims.tokenID != claims.tokenID)
    }

    @Test func issuesTheExactHeaderAndCompactJSON() throws {
        let (token, _) = signer.issue(subject: "usr_1", organization: "org_1", session: "ses_1", role: "member", now: now)
        let parts = token.split(separator: ".")
        #expect(parts.count == 3)
        #expect(Base64URL.decode(parts[0]) == Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let payload = String(decoding: Base64URL.decode(parts[1])!, as: UTF8.self)
        #expect(payload.hasPrefix(#"{"aud":"ragd-api","exp":1800000900,"iat":1800000000,"iss":"https://ragd.example","#))
        #expect(!payload.contains(" ") && !payload.contains("\\/"))
    }

    @Test func expiryWithLeeway() throws {
        let (token, _) = signer.issue(subject: "usr_1", organization: "org_1", session: "ses_1", role: "member", now: now)
        _ = try signer.verify(token, now: now + 900 + 29.9)
        #expect(throws: TokenError.expired) { try signer.verify(token, now: now + 900 + 30) }
        #expect(throws: TokenError.expired) { try signer.verify(token, now: now + 86_400) }
    }

    /// Verified tokens are remembered by their exact text: a hit still expires on time, and a token differing in
    /// one byte from a remembered one is verified from scratch (and fails).
    @Test func rememberedTokensStillExpireAndAltersFail() throws {
        let (token, claims) = signer.issue(subject: "usr_1", organization: "org_1", session: "ses_1", role: "member",
                                           now: now)
        #expect(try signer.verify(token, now: now + 1) == claims)
        #expect(try signer.verify(token, now: now + 2) == claims)
        #expect(throws: TokenError.notYetValid) { try signer.verify(token, now: now - 60) }
        var altered = Array(token.utf8)
        altered[altered.count - 2] = altered[altered.count - 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(throws: TokenError.badSignature) { try signer.verify(String(decoding: altered, as: UTF8.self), now: now + 3) }
        let other = TokenSigner(key: [UInt8](repeating: 7, count: 32), issuer: signer.issuer, audience: signer.audience)
        #expect(throws: TokenError.badSignature) { try other.verify(token, now: now + 3) }
        #expect(throws: TokenError.expired) { try signer.verify(token, now: now + 931) }
    }

    @Test func shorterLifetime() throws {
        let short = TokenSigner(key: TokenForge.key, issuer: "i", audience: "a", lifetime: 60, leeway: 0)
        let (token, claims) = short.issue(subject: "s", organization: "o", session: "x", role: "viewer", now: now)
        #expect(claims.expiresAt - claims.issuedAt == 60)
        _ = try short.verify(token, now: now + 59)
        #expect(throws: TokenError.expired) { try short.verify(token, now: now + 60) }
        // A token from a signer with a 15-minute lifetime is too long-lived for this one.
        let long = TokenSigner(key: TokenForge.key, issuer: "i", audience: "a")
        let (longToken, _) = long.issue(subject: "s", organization: "o", session: "x", role: "viewer", now: now)
        #expect(throws: TokenError.lifetimeTooLong) { try short.verify(longToken, now: now) }
    }

    @Test func unicodeClaimsRoundTrip() throws {
        let (token, claims) = signer.issue(subject: "usr_ünïcødé ✓ \"quoted\" \\ / \n 😀", organization: "org_日本",
                                           session: "ses_\u{0}\u{1F}", role: "member", now: now)
        let verified = try signer.verify(token, now: now)
        #expect(verified == claims)
        #expect(verified.subject == "usr_ünïcødé ✓ \"quoted\" \\ / \n 😀")
        #expect(verified.session == "ses_\u{0}\u{1F}")
        // Hand-written payload with \u escapes, including a surrogate pair.
        let escaped = TokenForge.token(payload: TokenForge.payload(["sub": #""\u00fc\ud83d\ude00\/""#]))
        #expect(try signer.verify(escaped, now: now).subject == "ü😀/")
    }

    @Test func numericDatesAcceptFractionsAndFloor() throws {
        let token = TokenForge.token(payload: TokenForge.payload(["iat": "1800000000.9", "nbf": "1.8e9", "exp": "1800000900.5"]))
        let claims = try signer.verify(token, now: now)
        #expect(claims.issuedAt == 1_800_000_000)
        #expect(claims.notBefore == 1_800_000_000)
        #expect(claims.expiresAt == 1_800_000_900)
    }

    @Test func validHandMadeTokenVerifies() throws {
        let claims = try signer.verify(TokenForge.token(), now: now)
        #expect(claims == AccessTokenClaims(subject: "usr_1", organization: "org_1", session: "ses_1", role: "admin",
                                            issuer: "https://ragd.example", audience: "ragd-api", issuedAt: 1_800_000_000,
                                            notBefore: 1_800_000_000, expiresAt: 1_800_000_900, tokenID: "jti_1"))
    }
}
