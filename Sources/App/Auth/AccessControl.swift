import Auth
import HTTP
import Server
import Store
import Synchronization
import Threading

/// Which object a route's path parameter names, and whether the caller can see it. Checked before the permission so
/// that an id from another organization (or one hidden from the caller) is a 404 whatever the caller's role: object
/// existence never leaks across tenants (OWASP API1, broken object level authorization).
package struct ResourceGuard: Sendable {
    /// The path parameter holding the id.
    package let parameter: String
    /// What the 404 calls the object ("user", "API key").
    package let noun: String
    /// Whether `id` exists for `caller` (scoped to the caller's organization by construction).
    package let isVisible: @Sendable (_ id: String, _ caller: Caller) throws -> Bool

    /// Creates a guard.
    package init(parameter: String, noun: String,
                 isVisible: @escaping @Sendable (_ id: String, _ caller: Caller) throws -> Bool) {
        self.parameter = parameter
        self.noun = noun
        self.isVisible = isVisible
    }
}

/// The one authorization layer. Every route is either `open` (unauthenticated: rate limited per client address) or
/// `protected` by a permission: authenticate → rate limit (per user or key, by organization tier) → find the
/// route's object in the caller's organization (404) → check the permission (403) → run the handler. Handlers never
/// check roles themselves; finer rules (an admin may not touch owners) go through `Caller.has`.
package struct AccessControl: Sendable {
    private let runtime: AuthRuntime
    private let authenticator: Authenticator
    private let tiers: TierCache

    /// Creates the layer.
    package init(runtime: AuthRuntime, authenticator: Authenticator, database: Database) {
        self.runtime = runtime
        self.authenticator = authenticator
        tiers = TierCache(database: database)
    }

    /// A handler for an unauthenticated route, limited per client address.
    package func open(_ handler: @escaping @Sendable (Request, String) throws -> Response) -> Handler {
        { [runtime] request in
            let client = runtime.proxies.clientAddress(of: request)
            let decision = runtime.limiter.acquire("ip:" + TrustedProxies.limitKey(for: client),
                                                   limit: runtime.unauthenticatedLimit)
            return try Self.withRateHeaders(decision) { try handler(request, client) }
        }
    }

    /// A handler for a route that needs `permission` (and, with `resource`, a visible object).
    package func protected(_ permission: Permission, resource: ResourceGuard? = nil,
                           _ handler: @escaping @Sendable (Request, Caller) throws -> Response) -> Handler {
        protected(anyOf: [permission], resource: resource, handler)
    }

    /// A handler for a route that needs any one of `permissions`.
    package func protected(anyOf permissions: [Permission], resource: ResourceGuard? = nil,
                           _ handler: @escaping @Sendable (Request, Caller) throws -> Response) -> Handler {
        { [runtime, authenticator, tiers] request in
            let (principal, org) = try authenticator.authenticate(request)
            let caller = Caller(principal: principal, org: org, clientIP: runtime.proxies.clientAddress(of: request),
                                requestID: request.id)
            let tier = try tiers.tier(of: org)
            // The organization's bucket first: its principals share it, so more keys do not mean more capacity.
            let organization = runtime.limiter.acquire("org:" + org.rawValue, limit: runtime.organizationLimit(forTier: tier))
            let decision = organization.allowed
                ? runtime.limiter.acquire(caller.actorType + ":" + caller.actorID, limit: runtime.limit(forTier: tier))
                : organization
            return try Self.withRateHeaders(decision) {
                if let resource, let id = request.parameters[resource.parameter] {
                    guard try resource.isVisible(id, caller) else {
                        throw HTTPError(.notFound, code: "not_found", message: "No such \(resource.noun).")
                    }
                }
                guard permissions.contains(where: caller.has) else {
                    throw HTTPError(.forbidden, code: "forbidden", message: "Your role or key scopes do not allow this.")
                }
                return try handler(request, caller)
            }
        }
    }

    /// The same checks as `protected` but rate limiting, for a route's `Admission`: an upload that would be refused
    /// (no credentials, another tenant's knowledge base, no permission) is refused before its body is read, so it
    /// costs no disk. The handler's own `protected` wrapper still checks everything, rate limit included.
    package func admission(_ permission: Permission, resource: ResourceGuard? = nil) -> Admission {
        { [runtime, authenticator] request in
            let (principal, org) = try authenticator.authenticate(request)
            let caller = Caller(principal: principal, org: org, clientIP: runtime.proxies.clientAddress(of: request),
                                requestID: request.id)
            if let resource, let id = request.parameters[resource.parameter] {
                guard try resource.isVisible(id, caller) else {
                    throw HTTPError(.notFound, code: "not_found", message: "No such \(resource.noun).")
                }
            }
            guard caller.has(permission) else {
                throw HTTPError(.forbidden, code: "forbidden", message: "Your role or key scopes do not allow this.")
            }
        }
    }

    /// Runs `body` when `decision` allows it and puts the RateLimit-* fields on whatever comes out, error or not.
    private static func withRateHeaders(_ decision: RateDecision, _ body: () throws -> Response) throws -> Response {
        // API answers hold tokens and tenant data: never cached by browsers or proxies.
        var fields: HTTPHeaders = [
            "RateLimit-Limit": String(decision.limit),
            "RateLimit-Remaining": String(decision.remaining),
            "RateLimit-Reset": String(decision.resetSeconds),
            "Cache-Control": "no-store",
        ]
        guard decision.allowed else {
            fields.add("Retry-After", String(max(1, decision.retryAfterSeconds)))
            throw HTTPError(.tooManyRequests, code: "rate_limited",
                            message: "Too many requests; retry after \(max(1, decision.retryAfterSeconds)) s.",
                            headers: fields)
        }
        do {
            var response = try body()
            for field in fields { response.headers.add(field.name, field.value) }
            return response
        } catch var error as HTTPError {
            for field in fields { error.headers.add(field.name, field.value) }
            throw error
        }
    }
}

/// Organization tiers, read from the database at most once a minute per organization (tiers change rarely and only
/// by an operator).
final class TierCache: Sendable {
    private let database: Database
    private let entries = Mutex<[OrgID: (tier: String, loaded: UInt64)]>([:])

    init(database: Database) {
        self.database = database
    }

    func tier(of org: OrgID) throws -> String {
        let now = MonotonicClock.now / 1_000_000_000
        if let cached = entries.withLock({ $0[org] }), now - cached.loaded < 60 { return cached.tier }
        let tier = try database.read { try OrganizationRepository.find(org, on: $0)?.tier } ?? "free"
        entries.withLock { entries in
            if entries.count > 100_000 { entries.removeAll() }
            entries[org] = (tier, now)
        }
        return tier
    }
}
