import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's DRBG (NIST SP 800-90A; OWASP ASVS 5 V11.5), the one source of
/// randomness for salts, tokens, keys and identifiers. Never `SystemRandomNumberGenerator` mixed with something else: one audited source.
package enum SecureRandom {
    /// `count` random bytes. OpenSSL failing to seed is unrecoverable — continuing would mint guessable secrets — so it
    /// stops the process.
    package static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "negative byte count")
        guard count > 0 else { return [] }
        var output = [UInt8](repeating: 0, count: count)
        let status = output.withUnsafeMutableBytes { RAND_bytes($0.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(count)) }
        precondition(status == 1, "RAND_bytes failed: the CSPRNG is unavailable (OpenSSL error \(ERR_get_error()))")
        return output
    }
}
