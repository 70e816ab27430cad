import Auth
import Server
import Store

/// Sign-up, sign-in, token refresh, sign-out and password change. Password hashing (tens of milliseconds) always
/// runs outside database transactions so it never holds the single writer.
final class AccountService: Sendable {
    let runtime: AuthRuntime
    let database: Database

    init(runtime: AuthRuntime, database: Database) {
        self.runtime = runtime
        self.database = database
    }

    struct Issued {
        let user: UserRecord
        let organization: OrganizationRecord
        let accessToken: String
        let refreshToken: String

        func body(expiresIn: Double) -> TokenBody {
            TokenBody(user: UserView(user), org: OrganizationSummary(organization), accessToken: accessToken,
                      refreshToken: refreshToken, expiresIn: Int(expiresIn))
        }
    }

    // MARK: Register

    /// Creates an organization with `email` as its owner and signs them in.
    func register(email rawEmail: String, password: String, name: String?, organizationName: String?,
                  client: ClientInfo) throws -> Issued {
        guard runtime.signupOpen else {
            throw HTTPError(.forbidden, code: "signup_closed", message: "Registration is closed on this server.")
        }
        let email = try Validation.email(rawEmail)
        let name = try Validation.name(name ?? "", field: "name")
        let organizationName = try Validation.name(organizationName ?? "", field: "org_name")
        try validatePassword(password, field: "password")
        let hash = try hashPassword(password)
        let now = runtime.nowMilliseconds
        let organization = OrganizationRecord(
            id: OpaqueToken.identifier(prefix: "org_"),
            name: organizationName.isEmpty ? (name.isEmpty ? email : name) + "'s organization" : organizationName,
            tier: "free", createdAt: now)
        let user = UserRecord(id: OpaqueToken.identifier(prefix: "usr_"), orgID: organization.id, email: email,
                              name: name, role: Role.owner.rawValue, passwordHash: hash, disabled: false,
                              createdAt: now, updatedAt: now)
        let org = OrgID(organization.id)
        let (session, refreshToken) = try database.write { db in
            try db.transaction(.immediate) {
                guard try CredentialLookup.user(email: email, on: db) == nil else { throw Self.emailTaken }
                try OrganizationRepository.insert(organization, on: db)
                try UserRepository.insert(user, in: org, on: db)
                try AuditTrail.record(.userRegistered, by: .user(user.id), in: org, target: ("user", user.id),
                                      client: client, now: now, on: db)
                return try self.startSession(for: user, client: client, now: now, on: db)
            }
        }
        return issue(user: user, organization: organization, session: session, refreshToken: refreshToken)
    }

    static let emailTaken = HTTPError(.conflict, code: "email_taken", message: "An account with this email exists.")

    // MARK: Login

    /// Verifies credentials with the same cost, status and body whether the email is unknown or the password is
    /// wrong; throttles per account, address and pair.
    ///
    /// The user is read before hashing (tens of milliseconds, or seconds behind a queue) and read again inside the
    /// transaction that starts the session: if a password change, disable or role change committed meanwhile, this
    /// login fails instead of minting a session from stale data — and a rehash only replaces the hash it verified.
    func login(email rawEmail: String, password: String, client: ClientInfo) throws -> Issued {
        let email = rawEmail.trimmingWhitespace.lowercased()
        try beginAttempt(account: email, client: client)
        var judged = false
        let address = TrustedProxies.limitKey(for: client.ip)
        defer { if !judged { runtime.throttle.abandoned(account: email, ip: address) } }
        let found = try database.read { try CredentialLookup.user(email: email, on: $0) }
        if password.unicodeScalars.count > runtime.passwordPolicy.maximumLength {
            judged = true  // certainly wrong, and cheap to tell: counted and audited like any wrong password
            try fail(user: found, reason: "wrong_password", client: client)
        }
        guard let user = found else {
            try hashingResult { () throws(PasswordError) in try runtime.hasher.verifyDummy(password) }
            judged = true
            try fail(user: nil, reason: "unknown_email", client: client)
        }
        let verification = try hashingResult { () throws(PasswordError) in
            try runtime.hasher.verify(password, against: user.passwordHash)
        }
        judged = true
        guard case .valid(let needsRehash) = verification, !user.disabled else {
            try fail(user: user, reason: user.disabled ? "disabled" : "wrong_password", client: client)
        }
        let newHash = needsRehash ? try? hashPassword(password) : nil
        let now = runtime.nowMilliseconds
        let org = OrgID(user.orgID)
        typealias Started = (user: UserRecord, organization: OrganizationRecord, session: String, token: String)
        let issued: Started? = try database.write { db -> Started? in
            try db.transaction(.immediate) { () -> Started? in
                guard let current = try UserRepository.find(user.id, in: org, on: db),
                      current.passwordHash == user.passwordHash, current.role == user.role, !current.disabled,
                      let organization = try OrganizationRepository.find(org, on: db) else { return nil }
                if let newHash { _ = try UserRepository.setPasswordHash(newHash, of: user.id, in: org, now: now, on: db) }
                try AuditTrail.record(.loginSucceeded, by: .user(user.id), in: org, target: ("user", user.id),
                                      client: client, details: needsRehash ? ["rehashed": "true"] : [:], now: now,
                                      on: db)
                let (session, token) = try self.startSession(for: current, client: client, now: now, on: db)
                return (current, organization, session, token)
            }
        }
        guard let (current, organization, session, refreshToken) = issued.map({ ($0.user, $0.organization, $0.session, $0.token) }) else {
            // The account changed while the password was being checked: sign in again against the new state.
            throw Self.invalidCredentials
        }
        runtime.throttle.succeeded(account: email, ip: address)
        return issue(user: current, organization: organization, session: session, refreshToken: refreshToken)
    }

    /// Reserves a sign-in attempt with the throttle, or answers 429.
    private func beginAttempt(account: String, client: ClientInfo) throws {
        switch runtime.throttle.attempt(account: account, ip: TrustedProxies.limitKey(for: client.ip)) {
        case .allowed: return
        case .wait(let seconds), .locked(let seconds):
            throw HTTPError(.tooManyRequests, code: "too_many_attempts",
                            message: "Too many failed sign-ins; retry after \(seconds) s.",
                            headers: ["Retry-After": String(max(1, seconds))])
        }
    }

    /// Records a failed sign-in (the throttle already counted it) and answers 401.
    private func fail(user: UserRecord?, reason: String, client: ClientInfo) throws -> Never {
        let now = runtime.nowMilliseconds
        try database.write { db in
            try AuditTrail.record(.loginFailed, by: .anonymous, in: user.map { OrgID($0.orgID) },
                                  target: user.map { ("user", $0.id) }, client: client, details: ["reason": reason],
                                  now: now, on: db)
        }
        throw Self.invalidCredentials
    }

    static let invalidCredentials = HTTPError(.unauthorized, code: "invalid_credentials",
                                              message: "The email or password is incorrect.")

    // MARK: Refresh

    private enum RefreshOutcome {
        case issued(UserRecord, OrganizationRecord, session: String, refreshToken: String)
        case rejected
        case replayed(session: String)
    }

    /// Rotates a refresh token. Presenting a spent token means it was stolen (or replayed): the whole session is
    /// revoked, its access tokens stop working at once, and the event is audited.
    func refresh(token: String, client: ClientInfo) throws -> Issued {
        let invalid = HTTPError(.unauthorized, code: "invalid_refresh_token",
                                message: "The refresh token is invalid, expired or already used.")
        guard OpaqueToken.isWellFormedRefreshToken(token) else { throw invalid }
        let hash = OpaqueToken.digest(token)
        let now = runtime.nowMilliseconds
        let outcome: RefreshOutcome = try database.write { db in
            try db.transaction(.immediate) {
                guard let (stored, session) = try CredentialLookup.refreshToken(hash: hash, on: db) else {
                    return .rejected
                }
                let org = OrgID(session.orgID)
                let spentNow = stored.spentAt == nil
                    ? try SessionRepository.spendRefreshToken(hash, in: org, now: now, on: db) : false
                if !spentNow {
                    if try SessionRepository.revoke(session.id, in: org, reason: "refresh_token_reuse", now: now, on: db) {
                        try AuditTrail.record(.tokenReuseDetected, by: .user(session.userID), in: org,
                                              target: ("session", session.id), client: client, now: now, on: db)
                    }
                    return .replayed(session: session.id)
                }
                guard session.revokedAt == nil, session.expiresAt > now, stored.expiresAt > now,
                      let user = try UserRepository.find(session.userID, in: org, on: db), !user.disabled,
                      let organization = try OrganizationRepository.find(org, on: db) else { return .rejected }
                let next = OpaqueToken.refreshToken()
                try SessionRepository.insertRefreshToken(RefreshTokenRecord(
                    tokenHash: OpaqueToken.digest(next), sessionID: session.id, orgID: org.rawValue, createdAt: now,
                    expiresAt: min(now + Int64(self.runtime.settings.refreshTokenSeconds * 1000), session.expiresAt)),
                    in: org, on: db)
                return .issued(user, organization, session: session.id, refreshToken: next)
            }
        }
        switch outcome {
        case .issued(let user, let organization, let session, let refreshToken):
            return issue(user: user, organization: organization, session: session, refreshToken: refreshToken)
        case .replayed(let session):
            runtime.revocations.revoke(session, now: runtime.clock.now())
            throw invalid
        case .rejected:
            throw invalid
        }
    }

    // MARK: Logout, password

    /// Ends the caller's session: its refresh tokens and access tokens stop working at once.
    func logout(_ caller: Caller) throws {
        guard let session = caller.sessionID else {
            throw HTTPError(.badRequest, code: "no_session", message: "API keys have no session; revoke the key instead.")
        }
        let now = runtime.nowMilliseconds
        try database.write { db in
            try db.transaction(.immediate) {
                if try SessionRepository.revoke(session, in: caller.org, reason: "logout", now: now, on: db) {
                    try AuditTrail.record(.logout, by: .of(caller), in: caller.org, target: ("session", session),
                                          client: ClientInfo(caller), now: now, on: db)
                }
            }
        }
        runtime.revocations.revoke(session, now: runtime.clock.now())
    }

    /// Changes the caller's password after checking the current one; every other session of theirs is revoked.
    func changePassword(_ caller: Caller, current: String, new: String) throws {
        guard let userID = caller.userID else {
            throw HTTPError(.forbidden, code: "forbidden", message: "Only a signed-in user can change a password.")
        }
        guard let user = try database.read({ try UserRepository.find(userID, in: caller.org, on: $0) }) else {
            throw Authenticator.invalidToken
        }
        let address = TrustedProxies.limitKey(for: caller.clientIP)
        try beginAttempt(account: user.email, client: ClientInfo(caller))
        guard current.unicodeScalars.count <= runtime.passwordPolicy.maximumLength else {
            throw HTTPError(.forbidden, code: "wrong_password", message: "The current password is incorrect.")
        }
        let verification: PasswordHasher.Verification
        do {
            verification = try hashingResult { () throws(PasswordError) in
                try runtime.hasher.verify(current, against: user.passwordHash)
            }
        } catch {
            runtime.throttle.abandoned(account: user.email, ip: address)
            throw error
        }
        guard case .valid = verification else {
            throw HTTPError(.forbidden, code: "wrong_password", message: "The current password is incorrect.")
        }
        runtime.throttle.succeeded(account: user.email, ip: address)
        try validatePassword(new, field: "new_password")
        let hash = try hashPassword(new)
        let now = runtime.nowMilliseconds
        let revoked = try database.write { db in
            try db.transaction(.immediate) {
                _ = try UserRepository.setPasswordHash(hash, of: userID, in: caller.org, now: now, on: db)
                let revoked = try SessionRepository.revokeAll(ofUser: userID, in: caller.org, except: caller.sessionID,
                                                              reason: "password_changed", now: now, on: db)
                try AuditTrail.record(.passwordChanged, by: .of(caller), in: caller.org, target: ("user", userID),
                                      client: ClientInfo(caller), details: ["sessions_revoked": String(revoked.count)],
                                      now: now, on: db)
                return revoked
            }
        }
        for session in revoked { runtime.revocations.revoke(session, now: runtime.clock.now()) }
    }

    // MARK: Shared

    /// Creates a session with its first refresh token; returns the session id and the token (shown once).
    func startSession(for user: UserRecord, client: ClientInfo, now: Int64, on db: SQLiteConnection) throws
        -> (String, String) {
        let org = OrgID(user.orgID)
        let session = SessionRecord(id: OpaqueToken.identifier(prefix: "ses_"), orgID: user.orgID, userID: user.id,
                                    createdAt: now, expiresAt: now + Int64(runtime.settings.sessionSeconds * 1000),
                                    clientIP: client.ip)
        try SessionRepository.insert(session, in: org, on: db)
        let token = OpaqueToken.refreshToken()
        try SessionRepository.insertRefreshToken(RefreshTokenRecord(
            tokenHash: OpaqueToken.digest(token), sessionID: session.id, orgID: user.orgID, createdAt: now,
            expiresAt: min(now + Int64(runtime.settings.refreshTokenSeconds * 1000), session.expiresAt)),
            in: org, on: db)
        return (session.id, token)
    }

    private func issue(user: UserRecord, organization: OrganizationRecord, session: String,
                       refreshToken: String) -> Issued {
        let (token, _) = runtime.signer.issue(subject: user.id, organization: organization.id, session: session,
                                              role: user.role, now: runtime.clock.now())
        return Issued(user: user, organization: organization, accessToken: token, refreshToken: refreshToken)
    }

    func validatePassword(_ password: String, field: String) throws {
        do {
            try runtime.passwordPolicy.validate(password)
        } catch .tooShort(let minimum) {
            throw HTTPError(.badRequest, code: "password_too_short",
                            message: "The password needs at least \(minimum) characters.", details: ["field": field])
        } catch .tooLong(let maximum) {
            throw HTTPError(.badRequest, code: "password_too_long",
                            message: "The password may have at most \(maximum) characters.", details: ["field": field])
        } catch {
            throw HTTPError(.badRequest, code: "invalid_password", message: "The password is not acceptable.",
                            details: ["field": field])
        }
    }

    func hashPassword(_ password: String) throws -> String {
        do {
            return try runtime.hasher.hash(password)
        } catch {
            throw Self.hashingError(error)
        }
    }

    /// Runs a verification; an over-long password is a wrong password (401, counted), overload is 503.
    private func hashingResult<T>(_ body: () throws(PasswordError) -> T) throws -> T {
        do {
            return try body()
        } catch .tooLong {
            throw Self.invalidCredentials
        } catch {
            throw Self.hashingError(error)
        }
    }

    private static func hashingError(_ error: PasswordError) -> HTTPError {
        if case .overloaded = error {
            return HTTPError(.serviceUnavailable, code: "overloaded", message: "Too many sign-ins at once; retry shortly.",
                             headers: ["Retry-After": "1"])
        }
        return HTTPError(.internalServerError, code: "internal_error", message: "Something went wrong on our side.")
    }
}
