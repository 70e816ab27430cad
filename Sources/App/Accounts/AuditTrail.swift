import Auth
import FoundationEssentials
import Store

/// Writes audit entries. Called inside the same transaction as the change it records, so an entry exists exactly
/// when the change does. Details are small string maps and never hold secrets.
enum AuditTrail {
    /// The actions ragd records.
    enum Action: String {
        case userRegistered = "user_registered"
        case loginSucceeded = "login_succeeded"
        case loginFailed = "login_failed"
        case logout
        case tokenReuseDetected = "token_reuse_detected"
        case passwordChanged = "password_changed"
        case apiKeyCreated = "api_key_created"
        case apiKeyRevoked = "api_key_revoked"
        case userCreated = "user_created"
        case userUpdated = "user_updated"
        case roleChanged = "role_changed"
        case userDeleted = "user_deleted"
        case knowledgeBaseCreated = "knowledge_base_created"
        case knowledgeBaseUpdated = "knowledge_base_updated"
        case knowledgeBaseDeleted = "knowledge_base_deleted"
        case documentIngested = "document_ingested"
        case documentDeleted = "document_deleted"
        case jobCanceled = "job_canceled"
    }

    /// Who acted.
    struct Actor {
        let type: String
        let id: String?

        static func of(_ caller: Caller) -> Actor { Actor(type: caller.actorType, id: caller.actorID) }
        static func user(_ id: String) -> Actor { Actor(type: "user", id: id) }
        static let anonymous = Actor(type: "anonymous", id: nil)
    }

    static func record(_ action: Action, by actor: Actor, in org: OrgID?, target: (type: String, id: String)? = nil,
                       client: ClientInfo, details: [String: String] = [:], now: Int64,
                       on db: SQLiteConnection) throws {
        let encoded = String(decoding: JSONCoding.encode(details), as: UTF8.self)
        try AuditLogRepository.append(AuditRecord(
            id: OpaqueToken.identifier(prefix: "aud_"), orgID: org?.rawValue, actorType: actor.type,
            actorID: actor.id, action: action.rawValue, targetType: target?.type, targetID: target?.id,
            clientIP: client.ip, requestID: client.requestID, details: encoded, createdAt: now), in: org, on: db)
    }
}

/// Where an unauthenticated request came from (authenticated ones carry this in `Caller`).
struct ClientInfo: Sendable {
    let ip: String
    let requestID: String

    init(ip: String, requestID: String) {
        self.ip = ip
        self.requestID = requestID
    }

    init(_ caller: Caller) {
        self.init(ip: caller.clientIP, requestID: caller.requestID)
    }
}
