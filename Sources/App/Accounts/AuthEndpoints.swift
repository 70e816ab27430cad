import Auth
import Server
import Store

/// `/v1/auth/*`: register, login, refresh (open, limited per client address) and logout, me, password.
enum AuthEndpoints {
    private struct RegisterRequest: Decodable {
        let email: String
        let password: String
        let name: String?
        let orgName: String?
    }

    private struct LoginRequest: Decodable {
        let email: String
        let password: String
    }

    private struct RefreshRequest: Decodable {
        let refreshToken: String
    }

    private struct PasswordRequest: Decodable {
        let currentPassword: String
        let newPassword: String
    }

    private struct MeBody: Encodable {
        struct KeyIdentity: Encodable {
            let id: String
            let name: String
            let scopes: [String]
            let kbIds: [String]?
        }

        let user: UserView?
        let apiKey: KeyIdentity?
        let org: OrganizationSummary
        let role: String?
    }

    static func make(access: AccessControl, accounts: AccountService, limits: RagdConfig) -> [Endpoint] {
        let jsonLimit = limits.jsonBodyBytes
        let expiresIn = accounts.runtime.settings.accessTokenSeconds
        let hashing = Execution.dedicated(accounts.runtime.passwordPool)
        let tokens = AccountSchemas.reference("Tokens")
        return [
            Endpoint(.post, "/v1/auth/register", operationID: "register",
                     summary: "Create an organization and its owner; returns tokens. 403 when registration is closed.",
                     tag: "auth", execution: hashing, maxBodyBytes: jsonLimit,
                     requestSchema: AccountSchemas.reference("Register"),
                     responses: [.init(201, "Registered and signed in.", schema: tokens)], authenticated: false,
                     handler: access.open { request, client in
                         let body = try JSONCoding.decode(RegisterRequest.self, from: request,
                                                          allowing: ["email", "password", "name", "org_name"])
                         let issued = try accounts.register(email: body.email, password: body.password, name: body.name,
                                                            organizationName: body.orgName,
                                                            client: ClientInfo(ip: client, requestID: request.id))
                         return JSONCoding.response(issued.body(expiresIn: expiresIn), status: .created)
                     }),
            Endpoint(.post, "/v1/auth/login", operationID: "login",
                     summary: "Sign in; 401 invalid_credentials whether the email is unknown or the password wrong.",
                     tag: "auth", execution: hashing, maxBodyBytes: jsonLimit,
                     requestSchema: AccountSchemas.reference("Login"),
                     responses: [.init(200, "Signed in.", schema: tokens)], authenticated: false,
                     handler: access.open { request, client in
                         let body = try JSONCoding.decode(LoginRequest.self, from: request, allowing: ["email", "password"])
                         let issued = try accounts.login(email: body.email, password: body.password,
                                                         client: ClientInfo(ip: client, requestID: request.id))
                         return JSONCoding.response(issued.body(expiresIn: expiresIn))
                     }),
            Endpoint(.post, "/v1/auth/refresh", operationID: "refresh",
                     summary: "Rotate a refresh token; reusing a spent one revokes the whole session.",
                     tag: "auth", maxBodyBytes: jsonLimit, requestSchema: AccountSchemas.reference("Refresh"),
                     responses: [.init(200, "New access and refresh tokens.", schema: tokens)], authenticated: false,
                     handler: access.open { request, client in
                         let body = try JSONCoding.decode(RefreshRequest.self, from: request, allowing: ["refresh_token"])
                         let issued = try accounts.refresh(token: body.refreshToken,
                                                           client: ClientInfo(ip: client, requestID: request.id))
                         return JSONCoding.response(issued.body(expiresIn: expiresIn))
                     }),
            Endpoint(.post, "/v1/auth/logout", operationID: "logout",
                     summary: "End the session: its access and refresh tokens stop working at once.",
                     tag: "auth", maxBodyBytes: jsonLimit, responses: [.init(204, "Signed out.")], permission: .read,
                     handler: access.protected(.read) { _, caller in
                         try accounts.logout(caller)
                         return Response(status: .noContent)
                     }),
            Endpoint(.get, "/v1/auth/me", operationID: "me", summary: "Who the credential belongs to.", tag: "auth",
                     responses: [.init(200, "The user (or API key) and organization.", schema: ["type": "object"])],
                     permission: .read,
                     handler: access.protected(.read) { _, caller in
                         try JSONCoding.response(me(caller, database: accounts.database))
                     }),
            Endpoint(.post, "/v1/auth/password", operationID: "changePassword",
                     summary: "Change the password; every other session of the user is revoked.", tag: "auth",
                     execution: hashing, maxBodyBytes: jsonLimit, requestSchema: AccountSchemas.reference("ChangePassword"),
                     responses: [.init(204, "Changed.")], permission: .read,
                     handler: access.protected(.read) { request, caller in
                         let body = try JSONCoding.decode(PasswordRequest.self, from: request,
                                                          allowing: ["current_password", "new_password"])
                         try accounts.changePassword(caller, current: body.currentPassword, new: body.newPassword)
                         return Response(status: .noContent)
                     }),
        ]
    }

    private static func me(_ caller: Caller, database: Database) throws -> MeBody {
        let (organization, user) = try database.read { db in
            (try OrganizationRepository.find(caller.org, on: db),
             try caller.userID.flatMap { try UserRepository.find($0, in: caller.org, on: db) })
        }
        guard let organization else { throw Authenticator.invalidToken }
        switch caller.principal {
        case .user:
            guard let user, !user.disabled else { throw Authenticator.invalidToken }
            return MeBody(user: UserView(user), apiKey: nil, org: OrganizationSummary(organization), role: user.role)
        case .apiKey(let id, let scopes, let knowledgeBaseIDs, _, _):
            let key = try database.read { try APIKeyRepository.find(id, in: caller.org, on: $0) }
            return MeBody(user: nil,
                          apiKey: .init(id: id, name: key?.name ?? "", scopes: scopes.map(\.rawValue).sorted(),
                                        kbIds: knowledgeBaseIDs),
                          org: OrganizationSummary(organization), role: nil)
        }
    }
}
