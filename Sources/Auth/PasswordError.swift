/// Why a password could not be accepted, hashed or checked.
package enum PasswordError: Error, Equatable {
    /// Fewer Unicode scalars than the policy's minimum (NIST SP 800-63B §3.1.1.2: at least 8).
    case tooShort(minimum: Int)
    /// More Unicode scalars than the policy's maximum; rejected before any hashing.
    case tooLong(maximum: Int)
    /// Every hashing slot is busy and the waiting line is full: answer 503 with `Retry-After` rather than queue
    /// memory-hungry work without bound.
    case overloaded
    /// libargon2 reported an error (its message), e.g. it could not allocate the memory the parameters ask for.
    case hashingFailed(String)
}
