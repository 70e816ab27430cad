import Auth
import JSON
import Server

/// `/v1/knowledge-bases`: create, list, read, update, delete.
enum KnowledgeBaseEndpoints {
    static func make(access: AccessControl, service: KnowledgeBaseService, jsonLimit: Int) -> [Endpoint] {
        let visible = ResourceGuard(parameter: "kb", noun: "knowledge base") { id, caller in
            try service.isVisible(id, to: caller)
        }
        return [
            Endpoint(.post, "/v1/knowledge-bases", operationID: "createKnowledgeBase",
                     summary: "Create a knowledge base; config fields left out take the server defaults.",
                     tag: "knowledge-bases", maxBodyBytes: jsonLimit,
                     requestSchema: KnowledgeSchemas.reference("CreateKnowledgeBase"),
                     responses: [.init(201, "Created.", schema: KnowledgeSchemas.reference("KnowledgeBase"))],
                     permission: .manageKnowledgeBases,
                     handler: access.protected(.manageKnowledgeBases) { request, caller in
                         let body = try JSONBody(request, allowing: ["name", "description", "config"])
                         let kb = try service.create(caller, body: body)
                         return JSONCoding.response(json: KnowledgeViews.knowledgeBase(kb, stats: .init()),
                                                    status: .created)
                     }),
            Endpoint(.get, "/v1/knowledge-bases", operationID: "listKnowledgeBases",
                     summary: "Knowledge bases of the organization (those an API key is limited to, for such keys).",
                     tag: "knowledge-bases", queryParameters: KnowledgeSchemas.pageParameters,
                     responses: [.init(200, "A page of knowledge bases.", schema: KnowledgeSchemas.list(of: "KnowledgeBase"))],
                     permission: .read,
                     handler: access.protected(.read) { request, caller in
                         let page = try service.list(caller, try Pagination(request))
                         return JSONCoding.list(page.items.map { KnowledgeViews.knowledgeBase($0.0, stats: $0.1) },
                                                next: page.next)
                     }),
            Endpoint(.get, "/v1/knowledge-bases/{kb}", operationID: "getKnowledgeBase",
                     summary: "One knowledge base with its stats.", tag: "knowledge-bases",
                     responses: [.init(200, "The knowledge base.", schema: KnowledgeSchemas.reference("KnowledgeBase"))],
                     permission: .read,
                     handler: access.protected(.read, resource: visible) { request, caller in
                         let (kb, stats) = try service.find(caller, id: request.parameters["kb"] ?? "")
                         return JSONCoding.response(json: KnowledgeViews.knowledgeBase(kb, stats: stats))
                     }),
            Endpoint(.patch, "/v1/knowledge-bases/{kb}", operationID: "updateKnowledgeBase",
                     summary: "Rename, describe or reconfigure; a chunking or embedding change re-indexes every document "
                         + "in the background (reindex_job_id).",
                     tag: "knowledge-bases", maxBodyBytes: jsonLimit,
                     requestSchema: KnowledgeSchemas.reference("UpdateKnowledgeBase"),
                     responses: [.init(200, "Updated.", schema: KnowledgeSchemas.reference("KnowledgeBaseUpdate"))],
                     permission: .manageKnowledgeBases,
                     handler: access.protected(.manageKnowledgeBases, resource: visible) { request, caller in
                         let body = try JSONBody(request, allowing: ["name", "description", "config"])
                         let id = request.parameters["kb"] ?? ""
                         let (_, job) = try service.update(caller, id: id, body: body)
                         let (kb, stats) = try service.find(caller, id: id)
                         guard case .object(var members) = KnowledgeViews.knowledgeBase(kb, stats: stats) else {
                             preconditionFailure("a knowledge base view is an object")
                         }
                         members.append(("reindex_job_id", job.map { .string($0.id) } ?? .null))
                         return JSONCoding.response(json: .object(members))
                     }),
            Endpoint(.delete, "/v1/knowledge-bases/{kb}", operationID: "deleteKnowledgeBase",
                     summary: "Delete a knowledge base with its documents, chunks, vectors and jobs.",
                     tag: "knowledge-bases", responses: [.init(204, "Deleted.")], permission: .manageKnowledgeBases,
                     handler: access.protected(.manageKnowledgeBases, resource: visible) { request, caller in
                         try service.delete(caller, id: request.parameters["kb"] ?? "")
                         return Response(status: .noContent)
                     }),
        ]
    }
}
