import COpenSSL

/// Comparison whose running time does not depend on where two secrets differ, so an attacker timing responses cannot
/// recover a MAC or token byte by byte (OWASP ASVS 5 V11.2: constant-time
/// cryptographic operations).
package enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes. Only the lengths may leak (they are public: MACs and digests have a fixed
    /// size); the contents are compared with OpenSSL's `CRYPTO_memcmp`, which the optimizer cannot short-circuit.
    package static func equals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard a.count > 0 else { return true }
        return withContiguousBytes(a) { left in
            withContiguousBytes(b) { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }
}
