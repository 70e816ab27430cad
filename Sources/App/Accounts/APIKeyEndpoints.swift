import Auth
import Server
import Store

/// `/v1/api-keys`: create (the key is in that response only), list (never the key), revoke.
enum APIKeyEndpoints {
    private struct CreateRequest: Decodable {
        let name: String
        let scopes: [String]
        let kbIds: [String]?
        let expiresAt: String?
    }

    static func make(access: AccessControl, keys: APIKeyService, jsonLimit: Int) -> [Endpoint] {
        let visible = ResourceGuard(parameter: "id", noun: "API key") { id, caller in
            try keys.isVisible(id, to: caller)
        }
        return [
            Endpoint(.post, "/v1/api-keys", operationID: "createAPIKey",
                     summary: "Create an API key with scopes up to the caller's role; the key is shown only here.",
                     tag: "api-keys", maxBodyBytes: jsonLimit, requestSchema: AccountSchemas.reference("CreateAPIKey"),
                     responses: [.init(201, "Created.", schema: AccountSchemas.reference("APIKey"))],
                     permission: .manageOwnAPIKeys,
                     handler: access.protected(.manageOwnAPIKeys) { request, caller in
                         let body = try JSONCoding.decode(CreateRequest.self, from: request,
                                                          allowing: ["name", "scopes", "kb_ids", "expires_at"])
                         let (record, key) = try keys.create(caller, name: body.name, scopes: body.scopes,
                                                             knowledgeBaseIDs: body.kbIds, expiresAt: body.expiresAt)
                         return JSONCoding.response(APIKeyView(record: record, key: key), status: .created)
                     }),
            Endpoint(.get, "/v1/api-keys", operationID: "listAPIKeys",
                     summary: "Live API keys: all of the organization's for admins, otherwise the caller's own.",
                     tag: "api-keys", queryParameters: AccountSchemas.pageParameters,
                     responses: [.init(200, "A page of keys.", schema: AccountSchemas.list(of: "APIKey"))],
                     permission: .manageOwnAPIKeys,
                     handler: access.protected(anyOf: [.manageOwnAPIKeys, .manageAPIKeys]) { request, caller in
                         let page = try keys.list(caller, try Pagination(request))
                         return JSONCoding.response(ListBody(data: page.items.map { APIKeyView(record: $0, key: nil) },
                                                             next: page.next))
                     }),
            Endpoint(.delete, "/v1/api-keys/{id}", operationID: "revokeAPIKey",
                     summary: "Revoke a key; it fails with 401 from the next request on.", tag: "api-keys",
                     responses: [.init(204, "Revoked.")], permission: .manageOwnAPIKeys,
                     handler: access.protected(anyOf: [.manageOwnAPIKeys, .manageAPIKeys], resource: visible) { request, caller in
                         try keys.revoke(caller, id: request.parameters["id"] ?? "")
                         return Response(status: .noContent)
                     }),
        ]
    }
}
