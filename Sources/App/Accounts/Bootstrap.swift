import Auth
import Store

/// Creates the first owner of a headless deployment: `ragd admin create-user`, or at start-up from
/// `RAGD_BOOTSTRAP_OWNER_EMAIL` + `RAGD_BOOTSTRAP_OWNER_PASSWORD_FILE` (+ `RAGD_BOOTSTRAP_ORG`) when the installation
/// has no users yet — so a fresh production instance with registration closed can still be signed into.
package enum Bootstrap {
    /// A bootstrap problem, worded for the operator.
    package struct Problem: Error, CustomStringConvertible {
        package let description: String
    }

    /// Creates a new organization named `organizationName` with `email` as its `role` (organizations are not looked
    /// up by name: each call creates one).
    package static func createUser(email rawEmail: String, password: String, organizationName: String, role: Role,
                                   runtime: AuthRuntime, database: Database) throws -> UserRecord {
        let email: String
        do {
            email = try Validation.email(rawEmail)
            try runtime.passwordPolicy.validate(password)
        } catch {
            throw Problem(description: "\(error)")
        }
        let hash = try runtime.hasher.hash(password)
        let now = runtime.nowMilliseconds
        return try database.write { db in
            try db.transaction(.immediate) {
                guard try CredentialLookup.user(email: email, on: db) == nil else {
                    throw Problem(description: "a user with email \(email) already exists")
                }
                let organization = OrganizationRecord(id: OpaqueToken.identifier(prefix: "org_"),
                                                      name: organizationName, tier: "free", createdAt: now)
                try OrganizationRepository.insert(organization, on: db)
                let org = OrgID(organization.id)
                let user = UserRecord(id: OpaqueToken.identifier(prefix: "usr_"), orgID: organization.id, email: email,
                                      name: "", role: role.rawValue, passwordHash: hash, disabled: false,
                                      createdAt: now, updatedAt: now)
                try UserRepository.insert(user, in: org, on: db)
                try AuditTrail.record(.userCreated, by: AuditTrail.Actor(type: "system", id: nil), in: org,
                                      target: ("user", user.id), client: ClientInfo(ip: "local", requestID: "bootstrap"),
                                      details: ["role": role.rawValue, "via": "bootstrap"], now: now, on: db)
                return user
            }
        }
    }

    /// The environment-driven first owner: created only when the installation has no users at all.
    static func createOwnerIfNeeded(environment: [String: String], runtime: AuthRuntime,
                                    database: Database) throws -> UserRecord? {
        guard let email = environment["RAGD_BOOTSTRAP_OWNER_EMAIL"], !email.isEmpty else { return nil }
        guard try database.read({ try Maintenance.userCount(on: $0) }) == 0 else { return nil }
        guard let file = environment["RAGD_BOOTSTRAP_OWNER_PASSWORD_FILE"], !file.isEmpty else {
            throw Problem(description: "RAGD_BOOTSTRAP_OWNER_EMAIL needs RAGD_BOOTSTRAP_OWNER_PASSWORD_FILE")
        }
        let password = try TextFile.read(file, limit: 8192).trimmingTrailingNewlines
        return try createUser(email: email, password: password,
                              organizationName: environment["RAGD_BOOTSTRAP_ORG"] ?? "Default",
                              role: .owner, runtime: runtime, database: database)
    }
}

extension String {
    /// Without trailing CR/LF (a password file usually ends with a newline that is not part of the password).
    package var trimmingTrailingNewlines: String {
        var text = Substring(self)
        while let last = text.last, last == "\n" || last == "\r" { text.removeLast() }
        return String(text)
    }
}
