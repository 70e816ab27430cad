/// What a new password must satisfy: length only.
///
/// NIST SP 800-63B §3.1.1.2 (Rev. 4): at least 8 characters, allow at least 64, no composition rules (mixtures of
/// character classes), no truncation, and accept every printing character including spaces and Unicode. So the only
/// rules here are lengths, counted in Unicode scalars of the text as received (a precomposed "é" is one, "e" plus a
/// combining accent two; `PasswordHasher` normalizes before hashing, not before counting). Deliberately *not* rejected: all-whitespace passwords (a length rule already
/// stops trivial ones, and OWASP ASVS 5 V6.2 forbids composition rules) and NUL or other control characters (argon2
/// hashes an explicit byte count, so nothing truncates at NUL, and rejecting them would only surprise password
/// managers). Checking against breached-password lists (§3.1.1.2 SHALL) needs a corpus and belongs to the caller.
package struct PasswordPolicy: Sendable {
    /// Fewest Unicode scalars a new password may have.
    package var minimumLength = 8
    /// Most Unicode scalars a password may have; longer ones are refused before hashing so a 10 MB "password" costs no
    /// CPU (OWASP Password Storage Cheat Sheet: cap input length against long-password denial of service).
    package var maximumLength = 1024

    /// The default policy: 8 to 1024 scalars.
    package init() {}

    /// Throws `.tooShort` or `.tooLong` unless `password` has an allowed length.
    package func validate(_ password: String) throws(PasswordError) {
        try checkMaximum(password)
        if password.unicodeScalars.count < minimumLength { throw .tooShort(minimum: minimumLength) }
    }

    /// Throws `.tooLong` when `password` exceeds the maximum, in time bounded by the maximum rather than by the input:
    /// a scalar is 1–4 UTF-8 bytes, so up to `maximumLength` bytes always passes, beyond `4 × maximumLength` always
    /// fails, and only in between are scalars counted.
    func checkMaximum(_ password: String) throws(PasswordError) {
        let bytes = password.utf8.count
        if bytes <= maximumLength { return }
        if bytes > 4 * maximumLength || password.unicodeScalars.count > maximumLength {
            throw .tooLong(maximum: maximumLength)
        }
    }
}
