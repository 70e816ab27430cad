import Auth
import Server
import Store

/// Users of the caller's organization. Admins manage members and viewers; only owners touch owners. The last
/// enabled owner can be neither demoted, disabled nor removed, so an organization is never left without one. A role
/// change, a disable or a removal revokes the user's sessions at once (their tokens carried the old role) and a
/// removed or disabled user's API keys stop working.
final class UserService: Sendable {
    let accounts: AccountService
    var runtime: AuthRuntime { accounts.runtime }
    var database: Database { accounts.database }

    init(accounts: AccountService) {
        self.accounts = accounts
    }

    func list(_ caller: Caller, _ page: Pagination) throws -> Page<UserRecord> {
        try database.read { try UserRepository.list(in: caller.org, after: page.position, limit: page.limit, on: $0) }
    }

    func create(_ caller: Caller, email rawEmail: String, password: String, name: String?, role: Role) throws
        -> UserRecord {
        // A key that could create users with passwords could mint credentials outliving its own revocation.
        guard caller.userID != nil else {
            throw HTTPError(.forbidden, code: "forbidden", message: "API keys cannot create users; sign in as an admin.")
        }
        if role == .owner && !caller.has(.manageOwners) { throw Self.ownersOnly }
        let email = try Validation.email(rawEmail)
        let name = try Validation.name(name ?? "", field: "name")
        try accounts.validatePassword(password, field: "password")
        let hash = try accounts.hashPassword(password)
        let now = runtime.nowMilliseconds
        let user = UserRecord(id: OpaqueToken.identifier(prefix: "usr_"), orgID: caller.org.rawValue, email: email,
                              name: name, role: role.rawValue, passwordHash: hash, disabled: false, createdAt: now,
                              updatedAt: now)
        try database.write { db in
            try db.transaction(.immediate) {
                guard try CredentialLookup.user(email: email, on: db) == nil else { throw AccountService.emailTaken }
                try UserRepository.insert(user, in: caller.org, on: db)
                try AuditTrail.record(.userCreated, by: .of(caller), in: caller.org, target: ("user", user.id),
                                      client: ClientInfo(caller), details: ["role": role.rawValue], now: now, on: db)
            }
        }
        return user
    }

    func update(_ caller: Caller, id: String, name: String?, role: Role?, disabled: Bool?) throws -> UserRecord {
        let name = try name.map { try Validation.name($0, field: "name") }
        let now = runtime.nowMilliseconds
        let (updated, revoked): (UserRecord, [String]) = try database.write { db in
            try db.transaction(.immediate) {
                guard let target = try UserRepository.find(id, in: caller.org, on: db) else { throw Self.notFound }
                let wasOwner = target.role == Role.owner.rawValue
                if (wasOwner || role == .owner) && !caller.has(.manageOwners) { throw Self.ownersOnly }
                let losesOwner = wasOwner && !target.disabled && ((role != nil && role != .owner) || disabled == true)
                if losesOwner, try UserRepository.count(role: Role.owner.rawValue, in: caller.org, on: db) <= 1 {
                    throw Self.lastOwner
                }
                let changes = UserChanges(name: name, role: role?.rawValue, disabled: disabled)
                guard let updated = try UserRepository.update(id, in: caller.org, changes: changes, now: now, on: db)
                else { throw Self.notFound }
                var revoked: [String] = []
                let roleChanged = updated.role != target.role
                if roleChanged || (updated.disabled && !target.disabled) {
                    revoked = try SessionRepository.revokeAll(ofUser: id, in: caller.org, except: nil,
                                                              reason: roleChanged ? "role_changed" : "disabled",
                                                              now: now, on: db)
                }
                if roleChanged {
                    try AuditTrail.record(.roleChanged, by: .of(caller), in: caller.org, target: ("user", id),
                                          client: ClientInfo(caller), details: ["from": target.role, "to": updated.role],
                                          now: now, on: db)
                }
                var details: [String: String] = [:]
                if updated.name != target.name { details["name"] = "changed" }
                if updated.disabled != target.disabled { details["disabled"] = String(updated.disabled) }
                if !details.isEmpty {
                    try AuditTrail.record(.userUpdated, by: .of(caller), in: caller.org, target: ("user", id),
                                          client: ClientInfo(caller), details: details, now: now, on: db)
                }
                return (updated, revoked)
            }
        }
        for session in revoked { runtime.revocations.revoke(session, now: runtime.clock.now()) }
        return updated
    }

    func delete(_ caller: Caller, id: String) throws {
        let now = runtime.nowMilliseconds
        let revoked: [String] = try database.write { db in
            try db.transaction(.immediate) {
                guard let target = try UserRepository.find(id, in: caller.org, on: db) else { throw Self.notFound }
                if target.role == Role.owner.rawValue {
                    guard caller.has(.manageOwners) else { throw Self.ownersOnly }
                    if !target.disabled, try UserRepository.count(role: Role.owner.rawValue, in: caller.org, on: db) <= 1 {
                        throw Self.lastOwner
                    }
                }
                // Sessions are deleted with the user; their ids must reach the revocation set first.
                let revoked = try SessionRepository.revokeAll(ofUser: id, in: caller.org, except: nil,
                                                              reason: "user_deleted", now: now, on: db)
                let keys = try APIKeyRepository.revokeAll(createdBy: id, in: caller.org, now: now, on: db)
                _ = try UserRepository.delete(id, in: caller.org, on: db)
                try AuditTrail.record(.userDeleted, by: .of(caller), in: caller.org, target: ("user", id),
                                      client: ClientInfo(caller),
                                      details: ["email": target.email, "api_keys_revoked": String(keys.count)],
                                      now: now, on: db)
                return revoked
            }
        }
        for session in revoked { runtime.revocations.revoke(session, now: runtime.clock.now()) }
    }

    static let notFound = HTTPError(.notFound, code: "not_found", message: "No such user.")
    static let ownersOnly = HTTPError(.forbidden, code: "forbidden", message: "Only an owner can manage owners.")
    static let lastOwner = HTTPError(.conflict, code: "last_owner",
                                     message: "An organization needs at least one enabled owner.")
}
