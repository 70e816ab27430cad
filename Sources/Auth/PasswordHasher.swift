import CArgon2
import Synchronization
import Crypto

/// Hashes and verifies passwords with argon2id (RFC 9106), storing PHC strings.
///
/// - Random 16-byte salt per hash, so equal passwords get unrelated hashes.
/// - Passwords are normalized to Unicode NFC before hashing, so "é" typed as one scalar or as "e" + combining accent
///   verifies the same (NIST SP 800-63B §3.1.1.2 asks verifiers to normalize; NFKC would need ICU, which ragd does not
///   link; NFC is what Swift's own `String ==` considers equal).
/// - No truncation: every byte of the normalized password is hashed.
/// - Too-long passwords are refused before hashing, in `hash`, `verify` and `verifyDummy` alike.
/// - Concurrency is bounded by `HashingSlots`; excess callers get `.overloaded`.
package final class PasswordHasher: Sendable {
    /// The result of checking a password against a stored hash.
    package enum Verification: Sendable, Equatable {
        /// The password matches; `needsRehash` when the stored hash used other cost parameters than the current ones,
        /// so the caller should store `hash(password)` now that it has the plaintext (OWASP: upgrade hashes on login).
        case valid(needsRehash: Bool)
        /// Wrong password, or a stored hash that is malformed.
        case invalid
    }

    /// The cost parameters new hashes use.
    package let parameters: Argon2Parameters
    /// The length rules for new passwords (and the maximum for checked ones).
    package let policy: PasswordPolicy
    private let slots: HashingSlots
    /// A hash of a random password under `parameters`, made once, for `verifyDummy`.
    private let dummy: PHCString
    /// Argon2 computations run for callers so far, the dummy made at init not counted (tests prove that rejected input
    /// never reaches argon2).
    let hashesComputed = Atomic<Int>(0)

    /// A hasher with `parameters` for new hashes, `policy` for new passwords, at most `maxConcurrent` hashes at once and
    /// at most `maxWaiting` callers waiting for a slot. Computes one hash (the dummy) before returning.
    package init(parameters: Argon2Parameters = .init(), policy: PasswordPolicy = .init(), maxConcurrent: Int,
                 maxWaiting: Int) {
        precondition(parameters.isValid, "invalid argon2 parameters \(parameters)")
        precondition(policy.minimumLength >= 1 && policy.maximumLength >= policy.minimumLength, "invalid password policy")
        self.parameters = parameters
        self.policy = policy
        slots = HashingSlots(capacity: maxConcurrent, maxWaiting: maxWaiting)
        let salt = SecureRandom.bytes(parameters.saltLength)
        let secret = SecureRandom.bytes(32)
        let tag: [UInt8]
        do {
            tag = try Self.argon2id(secret, salt: salt, parameters: parameters)
        } catch {
            preconditionFailure("argon2id fails with the configured parameters: \(error)")
        }
        dummy = PHCString(memoryKiB: parameters.memoryKiB, iterations: parameters.iterations,
                          parallelism: parameters.parallelism, salt: salt, hash: tag)
    }

    /// Hashes running right now (a gauge for metrics).
    package var running: Int { slots.running }
    /// Callers waiting for a hashing slot right now (a gauge for metrics).
    package var waiting: Int { slots.waiting }

    /// The PHC string of a new hash of `password`, e.g. `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`. Throws
    /// `.tooShort`/`.tooLong` per `policy` (checked before any hashing), `.overloaded`, or `.hashingFailed`.
    package func hash(_ password: String) throws(PasswordError) -> String {
        try policy.validate(password)
        let salt = SecureRandom.bytes(parameters.saltLength)
        let tag = try slots.withSlot { () throws(PasswordError) in try compute(password, salt: salt, parameters: parameters) }
        return PHCString(memoryKiB: parameters.memoryKiB, iterations: parameters.iterations,
                         parallelism: parameters.parallelism, salt: salt, hash: tag).encoded
    }

    /// Checks `password` against the stored PHC string `encoded`. A malformed or out-of-bounds stored string is
    /// `.invalid` (and costs no hashing). Only the maximum length is enforced — a password set under an older, shorter
    /// minimum still verifies. Throws `.tooLong`, `.overloaded` or `.hashingFailed`.
    package func verify(_ password: String, against encoded: String) throws(PasswordError) -> Verification {
        try policy.checkMaximum(password)
        guard let stored = PHCString(parsing: encoded) else { return .invalid }
        let matches = try check(password, against: stored)
        guard matches else { return .invalid }
        let needsRehash = stored.memoryKiB != parameters.memoryKiB || stored.iterations != parameters.iterations
            || stored.parallelism != parameters.parallelism
        return .valid(needsRehash: needsRehash)
    }

    /// Does the work of a real `verify` against a hash made at init with the current parameters, and discards the
    /// result. Call it for unknown accounts so "no such user" and "wrong password" take the same time and throw the
    /// same errors (OWASP Authentication Cheat Sheet: no account enumeration through response times).
    package func verifyDummy(_ password: String) throws(PasswordError) {
        try policy.checkMaximum(password)
        _ = try check(password, against: dummy)
    }

    private func check(_ password: String, against stored: PHCString) throws(PasswordError) -> Bool {
        let parameters = stored.parameters(hashLength: stored.hash.count)
        let tag = try slots.withSlot { () throws(PasswordError) in try compute(password, salt: stored.salt, parameters: parameters) }
        return ConstantTime.equals(tag, stored.hash)
    }

    private func compute(_ password: String, salt: [UInt8], parameters: Argon2Parameters) throws(PasswordError) -> [UInt8] {
        hashesComputed.add(1, ordering: .relaxed)
        return try Self.argon2id(password._nfcCodeUnits, salt: salt, parameters: parameters)
    }

    /// The raw argon2id tag of `secret` (RFC 9106 §3), version 0x13.
    private static func argon2id(_ secret: [UInt8], salt: [UInt8], parameters: Argon2Parameters) throws(PasswordError) -> [UInt8] {
        var tag = [UInt8](repeating: 0, count: parameters.hashLength)
        let status = secret.withUnsafeBytes { secretBytes in
            salt.withUnsafeBytes { saltBytes in
                tag.withUnsafeMutableBytes { tagBytes in
                    argon2id_hash_raw(UInt32(parameters.iterations), UInt32(parameters.memoryKiB),
                                      UInt32(parameters.parallelism), secretBytes.baseAddress, secretBytes.count,
                                      saltBytes.baseAddress, saltBytes.count, tagBytes.baseAddress, tagBytes.count)
                }
            }
        }
        guard status == ARGON2_OK.rawValue else {
            throw .hashingFailed(String(cString: argon2_error_message(status)))
        }
        return tag
    }
}
