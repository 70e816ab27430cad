import Auth
import Server
import Store

/// Who is making a request: a signed-in user (through an access token of one session) or an API key.
package enum Principal: Sendable, Equatable {
    case user(id: String, role: Role, session: String)
    /// An API key; `creatorRole` is its creator's role now, which caps what the scopes grant.
    case apiKey(id: String, scopes: Set<Scope>, knowledgeBaseIDs: [String]?, createdBy: String?, creatorRole: Role)
}

/// An authenticated request's identity as handlers see it: the principal, its organization, what it may do, and
/// where it came from (for the audit log).
package struct Caller: Sendable {
    /// The principal.
    package let principal: Principal
    /// The organization every query of this request is scoped to.
    package let org: OrgID
    /// Everything the principal may do (from its role or its key's scopes).
    package let permissions: Set<Permission>
    /// The client address (after trusted proxies).
    package let clientIP: String
    /// The request id, recorded with audit entries.
    package let requestID: String

    /// Creates a caller; permissions follow from the principal.
    package init(principal: Principal, org: OrgID, clientIP: String, requestID: String) {
        self.principal = principal
        self.org = org
        self.clientIP = clientIP
        self.requestID = requestID
        switch principal {
        case .user(_, let role, _): permissions = PermissionMatrix.permissions(of: role)
        case .apiKey(_, let scopes, _, _, let creatorRole):
            permissions = PermissionMatrix.permissions(of: scopes, cappedBy: creatorRole)
        }
    }

    /// Whether the caller holds `permission`.
    package func has(_ permission: Permission) -> Bool { permissions.contains(permission) }

    /// The user id when the caller is a signed-in user.
    package var userID: String? {
        if case .user(let id, _, _) = principal { id } else { nil }
    }

    /// The role of a signed-in user.
    package var role: Role? {
        if case .user(_, let role, _) = principal { role } else { nil }
    }

    /// The session id of a signed-in user.
    package var sessionID: String? {
        if case .user(_, _, let session) = principal { session } else { nil }
    }

    /// `user` or `api_key`, for the audit log.
    package var actorType: String {
        if case .user = principal { "user" } else { "api_key" }
    }

    /// The user or key id, for the audit log.
    package var actorID: String {
        switch principal {
        case .user(let id, _, _): id
        case .apiKey(let id, _, _, _, _): id
        }
    }

    /// Whether the caller is an API key limited to some knowledge bases.
    package var isLimitedToKnowledgeBases: Bool {
        if case .apiKey(_, _, _?, _, _) = principal { true } else { false }
    }

    /// Whether the caller may touch knowledge base `id` (API keys can be limited to some).
    package func canAccess(knowledgeBase id: String) -> Bool {
        if case .apiKey(_, _, let allowed?, _, _) = principal { return allowed.contains(id) }
        return true
    }
}
