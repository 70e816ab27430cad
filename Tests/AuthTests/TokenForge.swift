@testable import Auth
import Crypto

/// Builds JWTs by hand — any header, any payload, any key — to attack `TokenSigner`.
struct TokenForge {
    static let key = [UInt8](repeating: 0x42, count: 32)
    static let attackerKey = [UInt8](repeating: 0x66, count: 32)
    static let now: Double = 1_800_000_000
    static let header = #"{"alg":"HS256","typ":"JWT"}"#

    static let signer = TokenSigner(key: key, issuer: "https://ragd.example", audience: "ragd-api")

    /// Valid claims as JSON members (raw JSON values), issued at `now`.
    static var claims: [String: String] {
        [
            "sub": #""usr_1""#, "org": #""org_1""#, "sid": #""ses_1""#, "role": #""admin""#,
            "iss": #""https://ragd.example""#, "aud": #""ragd-api""#, "iat": "1800000000", "nbf": "1800000000",
            "exp": "1800000900", "jti": #""jti_1""#,
        ]
    }

    /// A JSON object from raw members; a nil value leaves the member out.
    static func object(_ members: [String: String?]) -> String {
        "{" + members.compactMap { name, value in value.map { "\"\(name)\":\($0)" } }.sorted().joined(separator: ",") + "}"
    }

    /// The claims with `changes` applied (nil removes a claim), as JSON.
    static func payload(_ changes: [String: String?] = [:]) -> String {
        var members: [String: String?] = claims
        for (name, value) in changes { members[name] = value }
        return object(members)
    }

    /// `base64url(header).base64url(payload).base64url(HMAC-SHA256(key, signing input))`.
    static func token(header: String = header, payload: String = payload(), key: [UInt8] = key) -> String {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        return input + "." + Base64URL.encode(Digest.hmacSHA256(key: key, message: Array(input.utf8)))
    }

    /// A token with the given parts (already encoded) and an empty signature.
    static func unsigned(header: String, payload: String = payload()) -> String {
        Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8)) + "."
    }
}
