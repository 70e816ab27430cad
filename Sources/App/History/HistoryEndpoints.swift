import Auth
import JSON
import Server

/// `/v1/queries` (history and feedback), `/v1/traces/{id}` and `/v1/conversations`.
enum HistoryEndpoints {
    static func make(access: AccessControl, service: HistoryService, jsonLimit: Int) -> [Endpoint] {
        let object: JSONValue = ["type": "object"]
        // Objects the caller may not see are 404 before any permission check, like every other object.
        let query = ResourceGuard(parameter: "id", noun: "query") { id, caller in try service.canSee(query: id, caller) }
        let trace = ResourceGuard(parameter: "id", noun: "trace") { id, caller in try service.canSee(trace: id, caller) }
        let conversation = ResourceGuard(parameter: "id", noun: "conversation") { id, caller in
            try service.canSee(conversation: id, caller)
        }
        return [
            Endpoint(.get, "/v1/queries", operationID: "listQueries",
                     summary: "Query history, newest first: the whole organization's for admins and owners, else the "
                         + "caller's own.",
                     tag: "queries", queryParameters: KnowledgeSchemas.pageParameters,
                     responses: [.init(200, "A page of queries.", schema: object)], permission: .read,
                     handler: access.protected(.read) { request, caller in
                         let page = try service.queries(caller, page: try Pagination(request))
                         return JSONCoding.list(page.items.map(HistoryViews.query), next: page.next)
                     }),
            Endpoint(.get, "/v1/queries/{id}", operationID: "getQuery", summary: "One query of the history.",
                     tag: "queries", responses: [.init(200, "The query.", schema: object)], permission: .read,
                     handler: access.protected(.read, resource: query) { request, caller in
                         JSONCoding.response(json: HistoryViews.query(try service.query(caller, id: request.parameters["id"] ?? "")))
                     }),
            Endpoint(.post, "/v1/queries/{id}/feedback", operationID: "giveFeedback",
                     summary: "Rate an answer (1 or -1, with an optional comment); giving feedback again replaces it.",
                     tag: "queries", maxBodyBytes: jsonLimit,
                     requestSchema: ["type": "object", "required": ["rating"], "properties": [
                         "rating": ["type": "integer", "enum": [1, -1]], "comment": ["type": "string"],
                     ]],
                     // Whoever may ask may rate their own answers (and admins any).
                     responses: [.init(204, "Recorded.")], permission: .read,
                     handler: access.protected(.read, resource: query) { request, caller in
                         try service.feedback(caller, id: request.parameters["id"] ?? "",
                                              body: try JSONBody(request, allowing: ["rating", "comment"]))
                         return Response(status: .noContent)
                     }),
            Endpoint(.get, "/v1/traces/{id}", operationID: "getTrace",
                     summary: "Where a query's time and cost went: spans (auth, embed, lexical, dense, fuse, rerank, "
                         + "generate…) with attributes.",
                     tag: "queries", responses: [.init(200, "The trace.", schema: object)], permission: .read,
                     handler: access.protected(.read, resource: trace) { request, caller in
                         JSONCoding.response(json: HistoryViews.trace(try service.trace(caller, id: request.parameters["id"] ?? "")))
                     }),
            Endpoint(.get, "/v1/conversations", operationID: "listConversations",
                     summary: "The caller's conversations, most recently active first.", tag: "conversations",
                     queryParameters: KnowledgeSchemas.pageParameters,
                     responses: [.init(200, "A page of conversations.", schema: object)], permission: .read,
                     handler: access.protected(.read) { request, caller in
                         let page = try service.conversations(caller, page: try Pagination(request))
                         return JSONCoding.list(page.items.map { HistoryViews.conversation($0, turns: nil) }, next: page.next)
                     }),
            Endpoint(.get, "/v1/conversations/{id}", operationID: "getConversation",
                     summary: "A conversation with its messages (questions, answers and their citations).",
                     tag: "conversations", responses: [.init(200, "The conversation.", schema: object)],
                     permission: .read,
                     handler: access.protected(.read, resource: conversation) { request, caller in
                         let (conversation, turns) = try service.conversation(caller, id: request.parameters["id"] ?? "")
                         return JSONCoding.response(json: HistoryViews.conversation(conversation, turns: turns))
                     }),
            Endpoint(.delete, "/v1/conversations/{id}", operationID: "deleteConversation",
                     summary: "Delete a conversation and its messages.", tag: "conversations",
                     responses: [.init(204, "Deleted.")], permission: .read,
                     handler: access.protected(.read, resource: conversation) { request, caller in
                         try service.deleteConversation(caller, id: request.parameters["id"] ?? "")
                         return Response(status: .noContent)
                     }),
        ]
    }
}
