import Auth
import Server
import Store

/// The long-lived security objects of one ragd process, built once from configuration: clock, token signer,
/// password hasher, rate limiter, login throttle, revoked sessions and trusted proxies.
package final class AuthRuntime: Sendable {
    package let clock: any Clock
    package let signer: TokenSigner
    package let hasher: PasswordHasher
    package let passwordPolicy: PasswordPolicy
    package let limiter: RateLimiter
    package let throttle: LoginThrottle
    package let revocations: SessionRevocations
    package let proxies: TrustedProxies
    package let settings: AuthSettings
    package let rateLimits: RateLimitSettings
    /// Whether POST /v1/auth/register is open.
    package let signupOpen: Bool
    /// Runs the routes that hash passwords (register, login, password change, user creation): as many threads as
    /// hashes may run at once and a bounded queue, so a burst of sign-ins waits or gets 503 there instead of holding
    /// the general worker threads that serve everyone else.
    package let passwordPool: WorkerPool

    /// Builds the runtime; `clock` is injectable so tests can move time.
    package init(config: RagdConfig, signingKey: [UInt8], clock: any Clock = SystemClock()) {
        let auth = config.auth
        self.clock = clock
        settings = auth
        rateLimits = config.rateLimits
        signer = TokenSigner(key: signingKey, issuer: auth.issuer, audience: auth.audience,
                             lifetime: auth.accessTokenSeconds)
        let concurrency = auth.passwordConcurrency > 0 ? auth.passwordConcurrency : ProcessorCount.online
        hasher = PasswordHasher(
            parameters: Argon2Parameters(memoryKiB: auth.passwordMemoryKiB, iterations: auth.passwordIterations,
                                         parallelism: auth.passwordParallelism),
            maxConcurrent: concurrency, maxWaiting: auth.passwordQueue)
        passwordPool = WorkerPool(threads: concurrency, queueDepth: max(1, auth.passwordQueue), name: "ragd-password")
        passwordPolicy = PasswordPolicy()
        limiter = RateLimiter(clock: clock)
        var throttlePolicy = LoginThrottlePolicy()
        throttlePolicy.freeFailures = auth.loginFreeFailures
        throttlePolicy.baseDelay = auth.loginBaseDelaySeconds
        throttlePolicy.maxDelay = auth.loginMaxDelaySeconds
        throttlePolicy.lockoutAfter = auth.loginLockoutAfter
        throttlePolicy.lockoutDuration = auth.loginLockoutSeconds
        throttlePolicy.ipFreeFailures = auth.loginIPFreeFailures
        throttle = LoginThrottle(policy: throttlePolicy, clock: clock)
        revocations = SessionRevocations(retention: auth.accessTokenSeconds + 60)
        proxies = TrustedProxies(config.server.trustedProxies)
        switch auth.allowSignup {
        case "true": signupOpen = true
        case "false": signupOpen = false
        default: signupOpen = config.environment == .development
        }
    }

    /// Now, in Unix milliseconds (the unit stored in the database).
    package var nowMilliseconds: Int64 { Int64((clock.now() * 1000).rounded(.down)) }

    /// The per-principal limit of an organization tier (unknown tiers get the free limits).
    package func limit(forTier tier: String) -> RateLimit {
        switch tier {
        case "enterprise": .perMinute(rateLimits.enterprisePerMinute, burst: rateLimits.enterpriseBurst)
        case "team": .perMinute(rateLimits.teamPerMinute, burst: rateLimits.teamBurst)
        default: .perMinute(rateLimits.freePerMinute, burst: rateLimits.freeBurst)
        }
    }

    /// The limit of all principals of an organization of `tier` together.
    package func organizationLimit(forTier tier: String) -> RateLimit {
        let single = limit(forTier: tier)
        let factor = Double(rateLimits.organizationMultiplier)
        return RateLimit(capacity: single.capacity * rateLimits.organizationMultiplier,
                         refillPerSecond: single.refillPerSecond * factor)
    }

    /// The per-address limit of unauthenticated routes.
    package var unauthenticatedLimit: RateLimit {
        .perMinute(rateLimits.unauthenticatedPerMinute, burst: rateLimits.unauthenticatedBurst)
    }

    /// Loads sessions revoked recently enough that their access tokens could still verify (after a restart).
    package func loadRevocations(from database: Database) throws {
        let now = clock.now()
        let since = Int64((now - settings.accessTokenSeconds - 60) * 1000)
        let revoked = try database.read { try Maintenance.sessionsRevoked(since: since, on: $0) }
        for session in revoked { revocations.revoke(session, now: now) }
    }
}
