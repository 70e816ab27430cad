import Auth
import Server
import Store

/// `/v1/org` and `/v1/users` (admins and owners).
enum UserEndpoints {
    private struct CreateRequest: Decodable {
        let email: String
        let password: String
        let name: String?
        let role: Role
    }

    private struct UpdateRequest: Decodable {
        let role: Role?
        let name: String?
        let disabled: Bool?
    }

    private struct OrganizationBody: Encodable {
        struct Limits: Encodable {
            let requestsPerMinute: Int
            let burst: Int
        }

        struct Usage: Encodable {
            let users: Int
            let apiKeys: Int
            let documents: Int
            let chunks: Int
            let queriesToday: Int
            let tokensMonth: Int
            let costUsdMonth: Double
        }

        let id: String
        let name: String
        let tier: String
        let limits: Limits
        let usage: Usage
        let createdAt: String
    }

    /// `history` is flushed before usage is read, so a query answered just before counts.
    static func make(access: AccessControl, users: UserService, jsonLimit: Int, history: QueryRecorder) -> [Endpoint] {
        let database = users.database
        let runtime = users.runtime
        let visible = ResourceGuard(parameter: "id", noun: "user") { id, caller in
            try database.read { try UserRepository.find(id, in: caller.org, on: $0) } != nil
        }
        return [
            Endpoint(.get, "/v1/org", operationID: "getOrganization",
                     summary: "The caller's organization: tier, limits and usage.", tag: "organization",
                     responses: [.init(200, "The organization.", schema: ["type": "object"])],
                     permission: .readOrganization,
                     handler: access.protected(.readOrganization) { _, caller in
                         let (today, month) = Timestamp.dayAndMonthStart(milliseconds: runtime.nowMilliseconds)
                         history.flush()
                         let (organization, usage) = try database.read { db in
                             (try OrganizationRepository.find(caller.org, on: db),
                              try OrganizationRepository.usage(of: caller.org, today: today, monthStart: month, on: db))
                         }
                         guard let organization else { throw Authenticator.invalidToken }
                         let limit = runtime.limit(forTier: organization.tier)
                         return JSONCoding.response(OrganizationBody(
                             id: organization.id, name: organization.name, tier: organization.tier,
                             limits: .init(requestsPerMinute: Int((limit.refillPerSecond * 60).rounded()),
                                           burst: limit.capacity),
                             usage: .init(users: usage.users, apiKeys: usage.apiKeys, documents: usage.documents,
                                          chunks: usage.chunks, queriesToday: usage.queriesToday,
                                          tokensMonth: usage.tokensMonth, costUsdMonth: usage.costUSDMonth),
                             createdAt: Timestamp.format(milliseconds: organization.createdAt)))
                     }),
            Endpoint(.get, "/v1/users", operationID: "listUsers", summary: "Users of the organization.", tag: "users",
                     queryParameters: AccountSchemas.pageParameters,
                     responses: [.init(200, "A page of users.", schema: AccountSchemas.list(of: "User"))],
                     permission: .manageUsers,
                     handler: access.protected(.manageUsers) { request, caller in
                         let page = try users.list(caller, try Pagination(request))
                         return JSONCoding.response(ListBody(data: page.items.map(UserView.init), next: page.next))
                     }),
            Endpoint(.post, "/v1/users", operationID: "createUser",
                     summary: "Add a user to the organization (owners only may add owners).", tag: "users",
                     execution: .dedicated(runtime.passwordPool), maxBodyBytes: jsonLimit, requestSchema: AccountSchemas.reference("CreateUser"),
                     responses: [.init(201, "Created.", schema: AccountSchemas.reference("User"))],
                     permission: .manageUsers,
                     handler: access.protected(.manageUsers) { request, caller in
                         let body = try JSONCoding.decode(CreateRequest.self, from: request,
                                                          allowing: ["email", "password", "name", "role"])
                         let user = try users.create(caller, email: body.email, password: body.password,
                                                     name: body.name, role: body.role)
                         return JSONCoding.response(UserView(user), status: .created)
                     }),
            Endpoint(.patch, "/v1/users/{id}", operationID: "updateUser",
                     summary: "Change a user's role, name or disabled flag; sessions end on a role change or disable.",
                     tag: "users", maxBodyBytes: jsonLimit, requestSchema: AccountSchemas.reference("UpdateUser"),
                     responses: [.init(200, "Updated.", schema: AccountSchemas.reference("User"))],
                     permission: .manageUsers,
                     handler: access.protected(.manageUsers, resource: visible) { request, caller in
                         let body = try JSONCoding.decode(UpdateRequest.self, from: request,
                                                          allowing: ["role", "name", "disabled"])
                         let user = try users.update(caller, id: request.parameters["id"] ?? "", name: body.name,
                                                     role: body.role, disabled: body.disabled)
                         return JSONCoding.response(UserView(user))
                     }),
            Endpoint(.delete, "/v1/users/{id}", operationID: "deleteUser",
                     summary: "Remove a user; their sessions end and the API keys they created are revoked.",
                     tag: "users", responses: [.init(204, "Removed.")], permission: .manageUsers,
                     handler: access.protected(.manageUsers, resource: visible) { request, caller in
                         try users.delete(caller, id: request.parameters["id"] ?? "")
                         return Response(status: .noContent)
                     }),
        ]
    }
}
