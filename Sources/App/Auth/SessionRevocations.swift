import Synchronization

/// Sessions revoked while their access tokens may still be unexpired. An access token names its session; checking
/// this set on every request makes logout, password change and replay detection take effect at once, without a
/// database read per request. Entries are kept only as long as a token of the session could still verify.
package final class SessionRevocations: Sendable {
    private let entries = Mutex<[String: Double]>([:])
    private let retention: Double

    /// Keeps each revocation for `retention` seconds (the access-token lifetime plus leeway).
    package init(retention: Double) {
        self.retention = retention
    }

    /// Marks `session` revoked at `now`.
    package func revoke(_ session: String, now: Double) {
        entries.withLock { entries in
            entries[session] = now + retention
            if entries.count > 1024 && entries.count.isMultiple(of: 256) {
                entries = entries.filter { $0.value > now }
            }
        }
    }

    /// Whether `session` is revoked.
    package func contains(_ session: String) -> Bool {
        entries.withLock { $0[session] != nil }
    }

    /// Sessions remembered right now.
    package var count: Int { entries.withLock { $0.count } }
}
