/// One thing the authorization layer allows or denies. Handlers ask for a permission, never for a role or scope, so
/// `PermissionMatrix` is the single place the mapping lives (OWASP ASVS 5 V8: centralized, deny-by-default access
/// control).
package enum Permission: String, Sendable, CaseIterable {
    /// Query; list/get knowledge bases, documents, chunks, jobs, conversations, queries, traces, prompts, evaluations.
    case read
    /// Ingest; delete documents; cancel jobs; write prompts, feedback, evaluations and conversations.
    case write
    /// Create, update (config) and delete knowledge bases.
    case manageKnowledgeBases
    /// Create, list and revoke one's own API keys (scopes capped by role).
    case manageOwnAPIKeys
    /// List and revoke every API key of the organization.
    case manageAPIKeys
    /// `GET /v1/org`.
    case readOrganization
    /// List, create, update and delete users other than owners.
    case manageUsers
    /// Grant or change the owner role; change or remove owners.
    case manageOwners
    /// `GET /v1/admin/audit-log`.
    case readAuditLog
    /// Admin statistics, backups, re-indexing.
    case administer

    /// A short description for the documentation table.
    package var summary: String {
        switch self {
        case .read: "query; list/get knowledge bases, documents, chunks, jobs, conversations, traces, prompts, evaluations"
        case .write: "ingest; delete documents; cancel jobs; write prompts, feedback, evaluations, conversations"
        case .manageKnowledgeBases: "create, update (config), delete knowledge bases"
        case .manageOwnAPIKeys: "create/list/revoke one's own API keys (scopes capped by role)"
        case .manageAPIKeys: "list/revoke every API key of the organization"
        case .readOrganization: "`GET /v1/org`"
        case .manageUsers: "list/create/update/delete users (not owners)"
        case .manageOwners: "grant the owner role; change or remove owners"
        case .readAuditLog: "`GET /v1/admin/audit-log`"
        case .administer: "admin stats, backups, re-index"
        }
    }
}
