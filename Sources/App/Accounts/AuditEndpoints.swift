import Auth
import FoundationEssentials
import Server
import Store

/// `GET /v1/admin/audit-log`: the organization's audit entries, newest first.
enum AuditEndpoints {
    private struct EntryView: Encodable {
        struct Party: Encodable {
            let type: String
            let id: String?
        }

        let id: String
        let action: String
        let actor: Party
        let target: Party?
        let clientIp: String?
        let requestId: String?
        let details: [String: String]
        let createdAt: String

        init(_ record: AuditRecord) {
            id = record.id
            action = record.action
            actor = Party(type: record.actorType, id: record.actorID)
            target = record.targetType.map { Party(type: $0, id: record.targetID) }
            clientIp = record.clientIP
            requestId = record.requestID
            details = (try? JSONDecoder().decode([String: String].self, from: Data(record.details.utf8))) ?? [:]
            createdAt = Timestamp.format(milliseconds: record.createdAt)
        }
    }

    static func make(access: AccessControl, database: Database) -> [Endpoint] {
        [
            Endpoint(.get, "/v1/admin/audit-log", operationID: "auditLog",
                     summary: "Who did what in the organization, newest first.", tag: "admin",
                     queryParameters: AccountSchemas.pageParameters,
                     responses: [.init(200, "A page of entries.", schema: AccountSchemas.list(of: "AuditEntry"))],
                     permission: .readAuditLog,
                     handler: access.protected(.readAuditLog) { request, caller in
                         let pagination = try Pagination(request)
                         let page = try database.read {
                             try AuditLogRepository.list(in: caller.org, before: pagination.position,
                                                         limit: pagination.limit, on: $0)
                         }
                         return JSONCoding.response(ListBody(data: page.items.map(EntryView.init), next: page.next))
                     }),
        ]
    }
}
