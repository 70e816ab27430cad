import Auth
import Server
import Store
import Synchronization

/// Turns the credential of a request — `Authorization: Bearer <access token | API key>` or `X-API-Key` — into a
/// principal and its organization, or a 401 that says nothing about why (no internals for an attacker to probe).
package final class Authenticator: Sendable {
    private let runtime: AuthRuntime
    private let database: Database
    /// When each API key's `last_used_at` was last written: at most one write per key per minute.
    private let keyUseWritten = Mutex<[String: Double]>([:])

    /// Creates an authenticator over `database`.
    package init(runtime: AuthRuntime, database: Database) {
        self.runtime = runtime
        self.database = database
    }

    /// The principal of `request` and the organization it acts for.
    package func authenticate(_ request: Request) throws(HTTPError) -> (Principal, OrgID) {
        guard let credential = Self.credential(of: request) else {
            throw Self.unauthorized("unauthenticated", "Send an access token or API key as a Bearer credential.")
        }
        if credential.hasPrefix("rag_") {
            return try authenticateKey(credential)
        }
        let claims: AccessTokenClaims
        do {
            claims = try runtime.signer.verify(credential, now: runtime.clock.now())
        } catch {
            throw Self.invalidToken
        }
        guard !runtime.revocations.contains(claims.session), let role = Role(rawValue: claims.role) else {
            throw Self.invalidToken
        }
        return (.user(id: claims.subject, role: role, session: claims.session), OrgID(claims.organization))
    }

    private func authenticateKey(_ key: String) throws(HTTPError) -> (Principal, OrgID) {
        let invalid = Self.unauthorized("invalid_api_key", "The API key is invalid, expired or revoked.")
        guard OpaqueToken.isWellFormedAPIKey(key) else { throw invalid }
        let found: (key: APIKeyRecord, creatorRole: String?)?
        do {
            found = try database.read { try CredentialLookup.apiKey(hash: OpaqueToken.digest(key), on: $0) }
        } catch {
            throw HTTPError(.serviceUnavailable, code: "unavailable", message: "Try again shortly.",
                            headers: ["Retry-After": "1"])
        }
        let now = runtime.nowMilliseconds
        guard let (record, creatorRoleName) = found, let creatorRoleName, let creatorRole = Role(rawValue: creatorRoleName),
              record.revokedAt == nil, record.expiresAt.map({ $0 > now }) ?? true else { throw invalid }
        let scopes = Set(record.scopes.compactMap(Scope.init(rawValue:)))
        recordUse(of: record, now: now)
        return (.apiKey(id: record.id, scopes: scopes, knowledgeBaseIDs: record.knowledgeBaseIDs,
                        createdBy: record.createdBy, creatorRole: creatorRole), OrgID(record.orgID))
    }

    private func recordUse(of key: APIKeyRecord, now: Int64) {
        let seconds = Double(now) / 1000
        let due = keyUseWritten.withLock { written in
            guard seconds - (written[key.id] ?? 0) >= 60 else { return false }
            written[key.id] = seconds
            if written.count > 100_000 { written = written.filter { seconds - $0.value < 60 } }
            return true
        }
        guard due else { return }
        // Best effort: a failed usage stamp must not fail the request.
        _ = try? database.write { try APIKeyRepository.touch(key.id, in: OrgID(key.orgID), now: now, on: $0) }
    }

    /// The credential: a Bearer token (access token or API key) or an `X-API-Key` header.
    static func credential(of request: Request) -> String? {
        if let authorization = request.header("Authorization") {
            let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
            return String(parts[1]).trimmingWhitespace
        }
        return request.header("X-API-Key")?.trimmingWhitespace
    }

    static let invalidToken = unauthorized("invalid_token", "The access token is invalid or expired.")

    static func unauthorized(_ code: String, _ message: String) -> HTTPError {
        HTTPError(.unauthorized, code: code, message: message,
                  headers: ["WWW-Authenticate": #"Bearer realm="ragd""#])
    }
}
