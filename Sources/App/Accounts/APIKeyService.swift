import Auth
import Server
import Store

/// API keys: `rag_` + 256 random bits, shown once and stored as SHA-256. A user may create keys with at most the
/// scopes of their role; admins (and admin-scoped keys) see and revoke every key of the organization, others only
/// their own. Revocation takes effect on the next request: keys are looked up on every request, never cached.
final class APIKeyService: Sendable {
    let runtime: AuthRuntime
    let database: Database

    init(runtime: AuthRuntime, database: Database) {
        self.runtime = runtime
        self.database = database
    }

    /// At most this many knowledge bases per key restriction.
    static let maximumKnowledgeBases = 100

    func create(_ caller: Caller, name rawName: String, scopes rawScopes: [String], knowledgeBaseIDs: [String]?,
                expiresAt: String?) throws -> (record: APIKeyRecord, key: String) {
        guard let userID = caller.userID, let role = caller.role else {
            throw HTTPError(.forbidden, code: "forbidden", message: "API keys cannot create API keys.")
        }
        let name = try Validation.name(rawName, field: "name")
        guard !name.isEmpty else {
            throw HTTPError(.badRequest, code: "invalid_name", message: "name is required.", details: ["field": "name"])
        }
        var scopes: [Scope] = []
        for raw in rawScopes {
            guard let scope = Scope(rawValue: raw) else {
                throw HTTPError(.badRequest, code: "invalid_scope", message: "Unknown scope '\(raw)'; use read, write or admin.",
                                details: ["field": "scopes"])
            }
            if !scopes.contains(scope) { scopes.append(scope) }
        }
        guard !scopes.isEmpty else {
            throw HTTPError(.badRequest, code: "invalid_scope", message: "Give at least one scope.",
                            details: ["field": "scopes"])
        }
        let allowed = PermissionMatrix.maximumScopes(for: role)
        if let excess = scopes.first(where: { !allowed.contains($0) }) {
            throw HTTPError(.forbidden, code: "scope_not_allowed",
                            message: "Your role cannot create keys with the '\(excess.rawValue)' scope.")
        }
        if let ids = knowledgeBaseIDs {
            guard !ids.isEmpty, ids.count <= Self.maximumKnowledgeBases, ids.allSatisfy(Validation.isIdentifier) else {
                throw HTTPError(.badRequest, code: "invalid_kb_ids",
                                message: "kb_ids must list 1 to \(Self.maximumKnowledgeBases) knowledge base ids.",
                                details: ["field": "kb_ids"])
            }
        }
        let now = runtime.nowMilliseconds
        var expiry: Int64?
        if let expiresAt {
            guard let parsed = Timestamp.parse(expiresAt), parsed > now else {
                throw HTTPError(.badRequest, code: "invalid_expires_at",
                                message: "expires_at must be an RFC 3339 time in the future.",
                                details: ["field": "expires_at"])
            }
            expiry = parsed
        }
        let key = OpaqueToken.apiKey()
        let record = APIKeyRecord(
            id: OpaqueToken.identifier(prefix: "key_"), orgID: caller.org.rawValue, createdBy: userID, name: name,
            prefix: OpaqueToken.displayPrefix(ofAPIKey: key), keyHash: OpaqueToken.digest(key),
            scopes: scopes.map(\.rawValue), knowledgeBaseIDs: knowledgeBaseIDs.map { Array(Set($0)).sorted() },
            expiresAt: expiry, createdAt: now)
        let limits = (user: runtime.settings.maxAPIKeysPerUser, organization: runtime.settings.maxAPIKeysPerOrganization)
        try database.write { db in
            try db.transaction(.immediate) {
                let live = try APIKeyRepository.liveCounts(in: caller.org, createdBy: userID, on: db)
                guard live.createdBy < limits.user, live.organization < limits.organization else {
                    throw HTTPError(.conflict, code: "too_many_api_keys",
                                    message: "Revoke unused API keys first (at most \(limits.user) per user and "
                                        + "\(limits.organization) per organization).")
                }
                try APIKeyRepository.insert(record, in: caller.org, on: db)
                try AuditTrail.record(.apiKeyCreated, by: .of(caller), in: caller.org, target: ("api_key", record.id),
                                      client: ClientInfo(caller),
                                      details: ["scopes": record.scopes.joined(separator: ","), "prefix": record.prefix],
                                      now: now, on: db)
            }
        }
        return (record, key)
    }

    func list(_ caller: Caller, _ page: Pagination) throws -> Page<APIKeyRecord> {
        let createdBy = caller.has(.manageAPIKeys) ? nil : caller.userID ?? ""
        return try database.read {
            try APIKeyRepository.list(in: caller.org, createdBy: createdBy, after: page.position, limit: page.limit,
                                      on: $0)
        }
    }

    /// Whether `caller` may see key `id`: it exists in the caller's organization, and the caller manages every key
    /// or created this one.
    func isVisible(_ id: String, to caller: Caller) throws -> Bool {
        guard let key = try database.read({ try APIKeyRepository.find(id, in: caller.org, on: $0) }),
              key.revokedAt == nil else { return false }
        return caller.has(.manageAPIKeys) || (caller.userID != nil && key.createdBy == caller.userID)
    }

    func revoke(_ caller: Caller, id: String) throws {
        let now = runtime.nowMilliseconds
        try database.write { db in
            try db.transaction(.immediate) {
                guard try APIKeyRepository.revoke(id, in: caller.org, now: now, on: db) else {
                    throw HTTPError(.notFound, code: "not_found", message: "No such API key.")
                }
                try AuditTrail.record(.apiKeyRevoked, by: .of(caller), in: caller.org, target: ("api_key", id),
                                      client: ClientInfo(caller), now: now, on: db)
            }
        }
    }
}
