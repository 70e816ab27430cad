import Crypto
import JSON
import Threading

/// Issues and verifies ragd access tokens: JWTs (RFC 7519) in JWS compact form (RFC 7515), HS256 only.
///
/// Following the JWT BCP (RFC 8725): the algorithm is fixed by us, never read from the token (§3.1); the key is ours,
/// never taken from `jku`/`jwk`/`x5u`/`x5c`/`kid` (those headers are ignored); the signature is checked in constant time
/// before the payload is even decoded, so no attacker-controlled claim is parsed unauthenticated; issuer and audience
/// are checked (§3.9); `typ` must be "JWT" (§3.11); tokens live at most 15 minutes, and a token claiming a longer
/// lifetime is refused even with a valid signature (it cannot be one of ours, so the key is in someone else's hands).
package struct TokenSigner: Sendable {
    /// Longest token accepted. Ours are ~400 bytes; the cap stops decoding and HMAC work on megabyte headers.
    /// Deepest JSON nesting accepted in a header or payload; ours are flat.
    static let maxJSONDepth = 16
    package static let maxTokenBytes = 8192
    /// Longest lifetime a signer may be configured with: 15 minutes, so a stolen access token is short-lived while
    /// revocation relies on the refresh side (OWASP ASVS 5 V9: self-contained tokens).
    package static let maxLifetime: Double = 900
    /// Slack on `exp − iat` for flooring fractional issue times to whole seconds.
    static let lifetimeTolerance: Int64 = 1
    /// Shortest HMAC key: 256 bits, the size of the SHA-256 output (RFC 7518 §3.2 requires at least that).
    static let minimumKeyBytes = 32
    /// `{"alg":"HS256","typ":"JWT"}`, the only header we issue.
    private static let encodedHeader = Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))

    private let key: [UInt8]
    /// Our `iss`.
    package let issuer: String
    /// Our `aud`.
    package let audience: String
    /// Seconds from issue to expiry.
    package let lifetime: Double
    /// Clock skew tolerated on `exp`, `nbf` and `iat` (RFC 7519 §4.1.4 allows "a small leeway").
    package let leeway: Double
    /// Tokens already verified, by their exact text: a client sends the same token with every request for up to
    /// 15 minutes, and the HMAC, decoding and parsing were a measurable share of a cheap request. A hit still runs
    /// the time checks; revocation is checked by the caller either way.
    private let verified = LRUCache<String, AccessTokenClaims>(capacityBytes: 4 << 20) { token, claims in
        token.utf8.count + claims.subject.utf8.count + claims.organization.utf8.count + claims.session.utf8.count
            + claims.tokenID.utf8.count + 256
    }

    /// A signer with an HMAC `key` of at least 32 bytes, our `issuer` and `audience`, and a `lifetime` of at most 900 s.
    package init(key: [UInt8], issuer: String, audience: String, lifetime: Double = 900, leeway: Double = 30) {
        precondition(key.count >= Self.minimumKeyBytes, "the HS256 key needs at least 32 bytes")
        precondition(lifetime > 0 && lifetime <= Self.maxLifetime, "access-token lifetime must be in (0, 900] seconds")
        precondition(leeway >= 0 && leeway <= 300, "leeway must be in [0, 300] seconds")
        precondition(!issuer.isEmpty && !audience.isEmpty, "issuer and audience are required")
        self.key = key
        self.issuer = issuer
        self.audience = audience
        self.lifetime = lifetime
        self.leeway = leeway
    }

    /// A new signed token for the given identity, issued at `now` (Unix seconds), and its claims.
    package func issue(subject: String, organization: String, session: String, role: String,
                       now: Double) -> (token: String, claims: AccessTokenClaims) {
        precondition(!subject.isEmpty && !organization.isEmpty && !session.isEmpty && !role.isEmpty,
                     "access-token claims must not be empty")
        let issuedAt = Int64(now.rounded(.down))
        let claims = AccessTokenClaims(
            subject: subject, organization: organization, session: session, role: role, issuer: issuer,
            audience: audience, issuedAt: issuedAt, notBefore: issuedAt,
            expiresAt: max(issuedAt + 1, Int64((now + lifetime).rounded(.down))),
            tokenID: Base64URL.encode(SecureRandom.bytes(16))
        )
        let signingInput = Self.encodedHeader + "." + Base64URL.encode(Array(claims.json.serializedText.utf8))
        return (signingInput + "." + Base64URL.encode(Digest.hmacSHA256(key: key, message: signingInput.utf8)), claims)
    }

    /// The claims of `token` if it is one of ours and valid at `now` (Unix seconds); otherwise the first failed check.
    /// Checks run cheapest and least trusting first: size, shape, header, signature — and only then the payload.
    package func verify(_ token: String, now: Double) throws(TokenError) -> AccessTokenClaims {
        if let claims = verified.value(for: token) {
            guard now < Double(claims.expiresAt) + leeway else { throw .expired }
            guard Double(claims.notBefore) <= now + leeway else { throw .notYetValid }
            return claims
        }
        let text = token.utf8
        guard text.count <= Self.maxTokenBytes else { throw .tooLong }
        let parts = text.split(separator: UInt8(ascii: "."), maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed }
        try checkHeader(parts[0])
        guard let signature = Base64Codec.url.decode(utf8: parts[2]) else { throw .malformed }
        // The signing input is the encoded text "header.payload" exactly as received (RFC 7515 §5.2 step 8).
        let signingInput = text.prefix(parts[0].count + 1 + parts[1].count)
        guard ConstantTime.equals(Digest.hmacSHA256(key: key, message: signingInput), signature) else {
            throw .badSignature
        }
        guard let payload = Base64Codec.url.decode(utf8: parts[1]),
              let claims = JSONParser.parse(payload, maxDepth: Self.maxJSONDepth)?.objectValue
        else { throw .malformed }
        let valid = try validate(ClaimSet(members: claims), now: now)
        verified.store(valid, for: token)
        return valid
    }

    /// `alg` exactly "HS256", `typ` exactly "JWT", no `crit`. Everything else in the header (`kid`, `jku`, `jwk`, `x5u`,
    /// `x5c`, …) is ignored: the key is configuration, never token input.
    private func checkHeader(_ encoded: Substring.UTF8View) throws(TokenError) {
        // Fast path: the exact header we issue is valid by construction (every token of ours carries it).
        if encoded.elementsEqual(Self.encodedHeader.utf8) { return }
        guard let bytes = Base64Codec.url.decode(utf8: encoded), let header = JSONParser.parse(bytes, maxDepth: Self.maxJSONDepth)?.objectValue else {
            throw .malformed
        }
        guard header["alg"] == .string("HS256") else { throw .unsupportedAlgorithm }
        guard header["typ"] == .string("JWT") else { throw .wrongType }
        guard header["crit"] == nil else { throw .malformed }
    }

    private func validate(_ claims: ClaimSet, now: Double) throws(TokenError) -> AccessTokenClaims {
        guard try claims.holds(issuer, in: "iss") else { throw .wrongIssuer }
        guard try claims.names(audience, in: "aud") else { throw .wrongAudience }
        let expiresAt = try claims.numericDate("exp")
        let notBefore = try claims.numericDate("nbf")
        let issuedAt = try claims.numericDate("iat")
        guard now < Double(expiresAt) + leeway else { throw .expired }
        guard Double(notBefore) <= now + leeway else { throw .notYetValid }
        guard Double(issuedAt) <= now + leeway else { throw .issuedInFuture }
        guard expiresAt - issuedAt <= Int64(lifetime.rounded(.up)) + Self.lifetimeTolerance else {
            throw .lifetimeTooLong
        }
        return AccessTokenClaims(
            subject: try claims.string("sub"), organization: try claims.string("org"), session: try claims.string("sid"),
            role: try claims.string("role"), issuer: issuer, audience: audience, issuedAt: issuedAt,
            notBefore: notBefore, expiresAt: expiresAt, tokenID: try claims.string("jti")
        )
    }
}
