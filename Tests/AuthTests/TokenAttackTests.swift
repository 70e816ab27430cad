import Testing
@testable import Auth
import Crypto

/// Each known JWT attack maps to its specific error (RFC 8725 §2 lists most of them).
@Suite struct TokenAttackTests {
    let signer = TokenForge.signer
    let now = TokenForge.now

    private func expect(_ error: TokenError, _ token: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: error, sourceLocation: sourceLocation) { try signer.verify(token, now: now) }
    }

    @Test func algNoneInAnyCase() {
        for alg in ["none", "None", "NONE", "nOnE"] {
            expect(.unsupportedAlgorithm, TokenForge.unsigned(header: #"{"alg":"\#(alg)"}"#))
            expect(.unsupportedAlgorithm, TokenForge.unsigned(header: #"{"alg":"\#(alg)","typ":"JWT"}"#))
            // Even with our valid signature attached.
            expect(.unsupportedAlgorithm, TokenForge.token(header: #"{"alg":"\#(alg)","typ":"JWT"}"#))
        }
    }

    @Test func otherAlgorithms() {
        for alg in ["HS512", "HS384", "RS256", "ES256", "PS256", "hs256", "HS256 ", ""] {
            expect(.unsupportedAlgorithm, TokenForge.token(header: #"{"alg":"\#(alg)","typ":"JWT"}"#))
        }
        expect(.unsupportedAlgorithm, TokenForge.token(header: #"{"typ":"JWT"}"#))
        expect(.unsupportedAlgorithm, TokenForge.token(header: #"{"alg":["HS256"],"typ":"JWT"}"#))
        expect(.unsupportedAlgorithm, TokenForge.token(header: #"{"alg":null,"typ":"JWT"}"#))
    }

    @Test func wrongType() {
        expect(.wrongType, TokenForge.token(header: #"{"alg":"HS256"}"#))
        expect(.wrongType, TokenForge.token(header: #"{"alg":"HS256","typ":"at+jwt"}"#))
        expect(.wrongType, TokenForge.token(header: #"{"alg":"HS256","typ":"jwt"}"#))
        expect(.malformed, TokenForge.token(header: #"{"alg":"HS256","typ":"JWT","crit":["exp"]}"#))
    }

    @Test func duplicateHeaderMembersAreMalformed() {
        // Parsers disagreeing on duplicates is how confusion attacks start; RFC 7515 §5.2 allows rejecting them.
        expect(.malformed, TokenForge.token(header: #"{"alg":"none","alg":"HS256","typ":"JWT"}"#))
        expect(.malformed, TokenForge.token(payload: String(TokenForge.payload().dropLast()) + #","sub":"usr_2"}"#))
    }

    @Test func wrongKey() {
        expect(.badSignature, TokenForge.token(key: TokenForge.attackerKey))
        expect(.badSignature, TokenForge.token(key: TokenForge.key.dropLast() + [0x43]))
        // (A key with a zero byte appended is the same HMAC key — RFC 2104 pads keys with zeros — so not a test.)
    }

    @Test func tamperedPayloadOrHeader() {
        let genuine = TokenForge.token()
        let parts = genuine.split(separator: ".").map(String.init)
        let promoted = Base64URL.encode(Array(TokenForge.payload(["role": #""owner""#]).utf8))
        expect(.badSignature, parts[0] + "." + promoted + "." + parts[2])
        let otherHeader = Base64URL.encode(Array(#"{"typ":"JWT","alg":"HS256"}"#.utf8))
        expect(.badSignature, otherHeader + "." + parts[1] + "." + parts[2])
        // One flipped signature bit; a truncated or empty signature.
        var signature = Base64URL.decode(parts[2])!
        signature[0] ^= 1
        expect(.badSignature, parts[0] + "." + parts[1] + "." + Base64URL.encode(signature))
        expect(.badSignature, parts[0] + "." + parts[1] + "." + Base64URL.encode(signature.prefix(16)))
        expect(.badSignature, parts[0] + "." + parts[1] + ".")
    }

    @Test func signatureIsCheckedBeforeClaims() {
        let expired = TokenForge.payload(["exp": "1000", "iat": "100", "nbf": "100"])
        expect(.expired, TokenForge.token(payload: expired))
        expect(.badSignature, TokenForge.token(payload: expired, key: TokenForge.attackerKey))
        let header = Base64URL.encode(Array(TokenForge.header.utf8))
        let garbage = "!!not-base64!!"
        expect(.badSignature, header + "." + garbage + "." + Base64URL.encode(SecureRandom.bytes(32)))
        expect(.badSignature, TokenForge.token(payload: "[1,2,3]", key: TokenForge.attackerKey))
        expect(.badSignature, TokenForge.token(payload: "not json", key: TokenForge.attackerKey))
        expect(.badSignature, TokenForge.token(payload: TokenForge.payload(["sub": nil]), key: TokenForge.attackerKey))
    }

    @Test func timeClaims() {
        expect(.expired, TokenForge.token(payload: TokenForge.payload(["exp": "1799999970", "iat": "1799999100",
                                                                       "nbf": "1799999100"])))
        expect(.notYetValid, TokenForge.token(payload: TokenForge.payload(["nbf": "1800000031"])))
        #expect(throws: Never.self) {
            try signer.verify(TokenForge.token(payload: TokenForge.payload(["nbf": "1800000030"])), now: now)
        }
        expect(.issuedInFuture, TokenForge.token(payload: TokenForge.payload(["iat": "1800000100", "nbf": "1800000000",
                                                                              "exp": "1800000900"])))
        expect(.lifetimeTooLong, TokenForge.token(payload: TokenForge.payload(["exp": "1800000960"])))
        expect(.lifetimeTooLong, TokenForge.token(payload: TokenForge.payload(["exp": "1900000000"])))
    }

    @Test func issuerAndAudience() {
        expect(.wrongIssuer, TokenForge.token(payload: TokenForge.payload(["iss": #""https://evil.example""#])))
        expect(.wrongIssuer, TokenForge.token(payload: TokenForge.payload(["iss": "42"])))
        expect(.wrongAudience, TokenForge.token(payload: TokenForge.payload(["aud": #""other-api""#])))
        expect(.wrongAudience, TokenForge.token(payload: TokenForge.payload(["aud": #"["a","b"]"#])))
        expect(.wrongAudience, TokenForge.token(payload: TokenForge.payload(["aud": "[]"])))
        expect(.wrongAudience, TokenForge.token(payload: TokenForge.payload(["aud": #"{"ragd-api":true}"#])))
        #expect(throws: Never.self) {
            try signer.verify(TokenForge.token(payload: TokenForge.payload(["aud": #"["other","ragd-api"]"#])), now: now)
        }
    }

    @Test(arguments: ["iss", "aud", "exp", "nbf", "iat", "sub", "org", "sid", "role", "jti"])
    func missingClaim(name: String) {
        expect(.missingClaim(name), TokenForge.token(payload: TokenForge.payload([name: nil])))
    }

    @Test(arguments: ["sub", "org", "sid", "role", "jti"])
    func emptyOrMistypedStringClaim(name: String) {
        expect(.missingClaim(name), TokenForge.token(payload: TokenForge.payload([name: #""""#])))
        expect(.missingClaim(name), TokenForge.token(payload: TokenForge.payload([name: "1"])))
        expect(.missingClaim(name), TokenForge.token(payload: TokenForge.payload([name: "null"])))
    }

    @Test(arguments: ["exp", "nbf", "iat"])
    func mistypedDateClaim(name: String) {
        expect(.missingClaim(name), TokenForge.token(payload: TokenForge.payload([name: #""1800000000""#])))
        expect(.missingClaim(name), TokenForge.token(payload: TokenForge.payload([name: "true"])))
        expect(.missingClaim(name), TokenForge.token(payload: TokenForge.payload([name: "1e300"])))
    }

    @Test func keyHeadersAreIgnored() throws {
        let pointers = [
            #""jku":"https://evil.example/jwks.json""#, #""x5u":"https://evil.example/cert.pem""#,
            #""kid":"../../dev/null""#, #""x5c":["MIIB"]"#,
            #""jwk":{"kty":"oct","k":"\#(Base64URL.encode(TokenForge.attackerKey))"}"#,
        ]
        for pointer in pointers {
            let header = #"{"alg":"HS256","typ":"JWT",\#(pointer)}"#
            #expect(try signer.verify(TokenForge.token(header: header), now: now).subject == "usr_1")
            expect(.badSignature, TokenForge.token(header: header, key: TokenForge.attackerKey))
        }
    }

    @Test func malformedShapes() {
        let genuine = TokenForge.token()
        let parts = genuine.split(separator: ".").map(String.init)
        expect(.malformed, "")
        expect(.malformed, ".")
        expect(.malformed, "..")
        expect(.malformed, parts[0] + "." + parts[1])
        expect(.malformed, genuine + "." + parts[2])
        expect(.malformed, genuine + ".")
        expect(.malformed, "not a token")
        expect(.malformed, "%%%." + parts[1] + "." + parts[2])
        expect(.malformed, parts[0] + "=." + parts[1] + "." + parts[2])
        expect(.malformed, parts[0] + "." + parts[1] + "." + parts[2] + "=")
        expect(.malformed, parts[0] + "." + parts[1] + "." + parts[2] + "+")
        expect(.malformed, " " + genuine)
        // Header not an object.
        for header in ["[]", #""HS256""#, "null", "42", "", "{", #"{"alg":"HS256","typ":"JWT"} x"#] {
            expect(.malformed, TokenForge.token(header: header))
        }
    }

    @Test func payloadNotAnObject() {
        for payload in ["[]", #"["sub"]"#, #""usr_1""#, "null", "", "{", #"{"sub":"a",}"#, "{\"sub\":\"\u{1}\"}",
                        #"{"sub":"\ud800"}"#] {
            expect(.malformed, TokenForge.token(payload: payload))
        }
        // Invalid UTF-8 inside a correctly signed payload.
        let header = Base64URL.encode(Array(TokenForge.header.utf8))
        let input = header + "." + Base64URL.encode([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D])
        expect(.malformed, input + "." + Base64URL.encode(Digest.hmacSHA256(key: TokenForge.key, message: Array(input.utf8))))
    }

    @Test func oversizedTokens() {
        let huge = String(repeating: "A", count: 100_000)
        expect(.tooLong, huge)
        expect(.tooLong, TokenForge.token(payload: TokenForge.payload(["pad": "\"" + String(repeating: "x", count: 9000) + "\""])))
        expect(.tooLong, String(repeating: ".", count: 8193))
        // Just under the limit is decoded (and here valid).
        let padding = String(repeating: "x", count: 5500)
        let token = TokenForge.token(payload: TokenForge.payload(["pad": "\"" + padding + "\""]))
        #expect(token.utf8.count <= 8192)
        #expect(throws: Never.self) { try signer.verify(token, now: now) }
    }

    @Test func deepNestingIsMalformed() {
        let deep = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        expect(.malformed, TokenForge.token(header: #"{"alg":"HS256","typ":"JWT","x":\#(deep)}"#))
        let nested = String(repeating: "[", count: 20) + String(repeating: "]", count: 20)
        expect(.malformed, TokenForge.token(payload: TokenForge.payload(["x": nested])))
    }
}
