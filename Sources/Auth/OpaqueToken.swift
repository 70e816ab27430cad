import Crypto
/// Opaque bearer credentials (refresh tokens, API keys) and record identifiers.
///
/// Credentials carry 256 random bits — far beyond the 64 bits NIST SP 800-63B (Rev. 3 §7.1) requires of a session
/// secret, so guessing is hopeless even without rate limits. They are shown to their owner once and stored only as a
/// SHA-256 digest: a leaked database cannot be replayed, and because the input is uniformly random a fast hash suffices
/// (slow hashing is for low-entropy passwords, OWASP Password Storage Cheat Sheet). The prefixes `rt_` and `rag_` make
/// leaked secrets easy to recognise for secret scanners and humans.
package enum OpaqueToken {
    /// Random bytes per credential: 256 bits.
    static let secretBytes = 32
    /// Characters of a 32-byte secret in unpadded base64url: ⌈32·8/6⌉ = 43.
    static let secretCharacters = 43
    /// Prefix of refresh tokens.
    static let refreshTokenPrefix = "rt_"
    /// Prefix of API keys.
    static let apiKeyPrefix = "rag_"
    /// Characters of an API key's secret shown in listings: 8 base64url characters (48 bits) tell keys apart without
    /// weakening the remaining 208 bits.
    static let displayCharacters = 8

    /// A new refresh token: `rt_` + 43 base64url characters (256 random bits).
    package static func refreshToken() -> String {
        refreshTokenPrefix + Base64URL.encode(SecureRandom.bytes(secretBytes))
    }

    /// A new API key: `rag_` + 43 base64url characters (256 random bits).
    package static func apiKey() -> String {
        apiKeyPrefix + Base64URL.encode(SecureRandom.bytes(secretBytes))
    }

    /// A new identifier such as `usr_0f3k…` (see `RecordID`).
    package static func identifier(prefix: String) -> String {
        RecordID.make(prefix: prefix)
    }

    /// What the database stores for `token`: the SHA-256 of its UTF-8 bytes in lowercase hex. Lookups go by this
    /// digest, so the secret itself is never in a query, an index or a log.
    package static func digest(_ token: String) -> String {
        Digest.sha256Hex(token)
    }

    /// The part of an API key safe to show in listings: `rag_` and the first 8 characters of the secret.
    package static func displayPrefix(ofAPIKey key: String) -> String {
        let secret = key.hasPrefix(apiKeyPrefix) ? key.dropFirst(apiKeyPrefix.count) : Substring(key)
        return apiKeyPrefix + secret.prefix(displayCharacters)
    }

    /// Whether `text` has the exact shape of an API key: `rag_` + canonical base64url of 32 bytes. A cheap filter so
    /// garbage never costs a database lookup.
    package static func isWellFormedAPIKey(_ text: String) -> Bool {
        isWellFormed(text, prefix: apiKeyPrefix)
    }

    /// Whether `text` has the exact shape of a refresh token: `rt_` + canonical base64url of 32 bytes.
    package static func isWellFormedRefreshToken(_ text: String) -> Bool {
        isWellFormed(text, prefix: refreshTokenPrefix)
    }

    private static func isWellFormed(_ text: String, prefix: String) -> Bool {
        guard text.utf8.count == prefix.utf8.count + secretCharacters, text.utf8.starts(with: prefix.utf8) else { return false }
        return Base64Codec.url.decode(utf8: text.utf8.dropFirst(prefix.utf8.count))?.count == secretBytes
    }
}
