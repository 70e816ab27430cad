/// The argon2id cost parameters (RFC 9106 §3.1).
///
/// Defaults are OWASP's Password Storage Cheat Sheet minimum for argon2id: m = 19 MiB, t = 2, p = 1, equivalent in
/// defence to its other listed settings. (RFC 9106 §4's "second recommended option", m = 64 MiB, t = 3, costs 3–4× more
/// memory per concurrent login; raise `memoryKiB` when the machine allows.) 16-byte salts (RFC 9106 §3.1: 128 bits is
/// sufficient) and 32-byte tags.
package struct Argon2Parameters: Sendable, Equatable {
    /// Memory per hash in KiB (`m`).
    package var memoryKiB: Int
    /// Passes over memory (`t`).
    package var iterations: Int
    /// Lanes (`p`); libargon2 computes them on `p` threads, so `p > 1` trades threads for latency.
    package var parallelism: Int
    /// Random salt bytes per hash.
    package var saltLength: Int
    /// Tag (hash output) bytes.
    package var hashLength: Int

    /// Parameters with OWASP's argon2id defaults unless overridden.
    package init(
        memoryKiB: Int = 19_456,
        iterations: Int = 2,
        parallelism: Int = 1,
        saltLength: Int = 16,
        hashLength: Int = 32
    ) {
        self.memoryKiB = memoryKiB
        self.iterations = iterations
        self.parallelism = parallelism
        self.saltLength = saltLength
        self.hashLength = hashLength
    }

    /// Whether libargon2 accepts these values (RFC 9106 §3.1 ranges) and they fit the bounds also applied to stored
    /// hashes: m from 8·p KiB to 1 GiB, t 1–64, p 1–16, salt 8–64 bytes, tag 16–64 bytes. `PasswordHasher.init`
    /// requires it; configuration loading should check it first and report a readable error.
    package var isValid: Bool {
        let limits = PHCString.limits
        return parallelism >= 1 && parallelism <= limits.parallelism
            && memoryKiB >= 8 * parallelism && memoryKiB <= limits.memoryKiB
            && iterations >= 1 && iterations <= limits.iterations
            && limits.saltLength.contains(saltLength) && limits.hashLength.contains(hashLength)
    }
}
