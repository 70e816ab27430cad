/// Why an access token was refused. Each case is specific so tests can prove which check fired; the HTTP edge answers
/// every one of them with the same 401 (RFC 6750 §3.1 `invalid_token`) and logs the case.
package enum TokenError: Error, Equatable {
    /// Longer than `TokenSigner.maxTokenBytes`; refused before any decoding.
    case tooLong
    /// Not three dot-separated canonical base64url parts, a header or payload that is not a JSON object, or a header
    /// with `crit` extensions, none of which we implement (RFC 7515 §4.1.11: then the token MUST be rejected).
    case malformed
    /// `alg` is anything but exactly "HS256" (RFC 8725 §3.1: never `none`, never an algorithm we did not choose).
    case unsupportedAlgorithm
    /// `typ` is not exactly "JWT" (RFC 8725 §3.11 explicit typing).
    case wrongType
    /// The HMAC-SHA256 does not match our key.
    case badSignature
    /// `now ≥ exp + leeway`.
    case expired
    /// `nbf > now + leeway`.
    case notYetValid
    /// `iat > now + leeway`.
    case issuedInFuture
    /// `iss` is not ours.
    case wrongIssuer
    /// `aud` does not name us.
    case wrongAudience
    /// `exp − iat` exceeds the signer's lifetime: not a token we would have issued.
    case lifetimeTooLong
    /// A required claim is absent, of the wrong type or empty (its name).
    case missingClaim(String)
}
