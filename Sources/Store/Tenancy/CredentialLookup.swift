/// The only reads of tenant tables without an organization: turning a credential into the organization it belongs
/// to. Before a credential is checked there is no caller organization to filter by; each lookup is by a value only
/// the credential's holder knows (a login email with its password, or the SHA-256 of a secret token), and every row
/// found is then checked and scoped by the caller.
package enum CredentialLookup {
    static let userByEmail = "SELECT \(UserRecord.columns) FROM users WHERE email = ?"
    static let refreshTokenByHash = """
        SELECT \(RefreshTokenRecord.columns) FROM refresh_tokens WHERE token_hash = ?
        """
    static let sessionOfToken = "SELECT \(SessionRecord.columns) FROM sessions WHERE id = ?"
    static let apiKeyByHash = "SELECT \(APIKeyRecord.columns) FROM api_keys WHERE key_hash = ?"
    static let creatorStatus = "SELECT disabled, role FROM users WHERE id = ? AND org_id = ?"

    /// Every statement this type runs, exactly as run (for the tenancy test's allow-list).
    package static let statements: Set<String> = [
        userByEmail, refreshTokenByHash, sessionOfToken, apiKeyByHash, creatorStatus,
    ]

    /// The account with login email `email` (lower-cased by the caller), in whatever organization.
    package static func user(email: String, on db: SQLiteConnection) throws -> UserRecord? {
        try db.queryOne(userByEmail, [email], row: UserRecord.init)
    }

    /// The refresh token with SHA-256 `tokenHash` and its session.
    package static func refreshToken(hash tokenHash: String, on db: SQLiteConnection) throws
        -> (token: RefreshTokenRecord, session: SessionRecord)? {
        guard let token = try db.queryOne(refreshTokenByHash, [tokenHash], row: RefreshTokenRecord.init),
              let session = try db.queryOne(sessionOfToken, [token.sessionID], row: SessionRecord.init),
              session.orgID == token.orgID else { return nil }
        return (token, session)
    }

    /// The API key with SHA-256 `keyHash` and its creator's current role — nil when the creator was removed or
    /// disabled, since a key never outlives or outranks the person who made it.
    package static func apiKey(hash keyHash: String, on db: SQLiteConnection) throws
        -> (key: APIKeyRecord, creatorRole: String?)? {
        guard let key = try db.queryOne(apiKeyByHash, [keyHash], row: APIKeyRecord.init) else { return nil }
        // Fail closed: every key has a creator; one without (its creator was removed) has no authority left.
        guard let creator = key.createdBy else { return (key, nil) }
        let status: (disabled: Bool, role: String)? = try db.queryOne(creatorStatus, [creator, key.orgID]) {
            (try $0.get(0), try $0.get(1))
        }
        guard let status, !status.disabled else { return (key, nil) }
        return (key, status.role)
    }
}

/// Housekeeping across organizations, run by the server itself (never on behalf of a caller).
package enum Maintenance {
    static let recentlyRevokedSessions = "SELECT session_id FROM session_revocations WHERE revoked_at >= ?"
    static let expiredRefreshTokens = "DELETE FROM refresh_tokens WHERE expires_at < ?"
    static let expiredSessions = "DELETE FROM sessions WHERE expires_at < ?"
    static let oldRevocations = "DELETE FROM session_revocations WHERE revoked_at < ?"
    static let userCount = "SELECT count(*) FROM users"

    /// Every statement this type runs, exactly as run (for the tenancy test's allow-list).
    package static let statements: Set<String> = [
        recentlyRevokedSessions, expiredRefreshTokens, expiredSessions, oldRevocations, userCount,
    ]

    /// Ids of sessions revoked at or after `since`: loaded at start so access tokens of sessions revoked before a
    /// restart stay rejected until they expire.
    package static func sessionsRevoked(since: Int64, on db: SQLiteConnection) throws -> [String] {
        try db.query(recentlyRevokedSessions, [since]) { try $0.get(0) }
    }

    /// Deletes what can no longer matter: refresh tokens and sessions expired before `expiredBefore` (replay
    /// detection ends with expiry), and revocations older than `revokedBefore` (no access token of theirs can still
    /// verify). Returns the rows removed.
    @discardableResult
    package static func prune(expiredBefore: Int64, revokedBefore: Int64, on db: SQLiteConnection) throws -> Int {
        try db.run(expiredRefreshTokens, [expiredBefore]) + db.run(expiredSessions, [expiredBefore])
            + db.run(oldRevocations, [revokedBefore])
    }

    /// Users across the installation (bootstrap creates the first owner only when there are none).
    package static func userCount(on db: SQLiteConnection) throws -> Int {
        try db.queryOne(userCount) { try $0.get(0) } ?? 0
    }
}
