/// Base64url without padding (RFC 4648 §5), as JWS compact serialization requires (RFC 7515 §2) and as opaque tokens
/// use so they pass through URLs, headers and JSON unescaped.
package enum Base64URL {
    /// The unpadded base64url encoding of `bytes`.
    package static func encode(_ bytes: some Collection<UInt8>) -> String {
        Base64Codec.url.encode(bytes)
    }

    /// The bytes `text` encodes, or nil unless `text` is canonical unpadded base64url: only `A–Z a–z 0–9 - _`, no `=`,
    /// no whitespace, length not ≡ 1 (mod 4), and zero unused trailing bits — so each byte string has exactly one text.
    package static func decode(_ text: some StringProtocol) -> [UInt8]? {
        Base64Codec.url.decode(text)
    }
}
