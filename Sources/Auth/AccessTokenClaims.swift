import JSON

/// The claims of a ragd access token (RFC 7519 §4): who (`sub`), in which organization (`org`) and session (`sid`),
/// with which role, for whom (`iss`/`aud`), when (`iat`/`nbf`/`exp`) and which token (`jti`).
package struct AccessTokenClaims: Sendable, Equatable {
    /// The user id (`sub`).
    package var subject: String
    /// The organization id (`org`, a private claim).
    package var organization: String
    /// The session id (`sid`, RFC 9068 style): logout and refresh-token reuse revoke every token of a session.
    package var session: String
    /// The user's role in the organization at issue time (`role`).
    package var role: String
    /// Who issued the token (`iss`).
    package var issuer: String
    /// Who the token is for (`aud`).
    package var audience: String
    /// Issue time in Unix seconds (`iat`).
    package var issuedAt: Int64
    /// Not valid before, Unix seconds (`nbf`).
    package var notBefore: Int64
    /// Not valid from, Unix seconds (`exp`).
    package var expiresAt: Int64
    /// A unique token id (`jti`), for audit logs and deny lists.
    package var tokenID: String

    /// Claims with every field given.
    package init(subject: String, organization: String, session: String, role: String, issuer: String,
                 audience: String, issuedAt: Int64, notBefore: Int64, expiresAt: Int64, tokenID: String) {
        self.subject = subject
        self.organization = organization
        self.session = session
        self.role = role
        self.issuer = issuer
        self.audience = audience
        self.issuedAt = issuedAt
        self.notBefore = notBefore
        self.expiresAt = expiresAt
        self.tokenID = tokenID
    }

    /// The claims as a JSON object.
    var json: JSONValue {
        // Members in name order, so equal claims always serialize to equal bytes.
        [
            "aud": .string(audience), "exp": .number(Double(expiresAt)), "iat": .number(Double(issuedAt)),
            "iss": .string(issuer), "jti": .string(tokenID), "nbf": .number(Double(notBefore)),
            "org": .string(organization), "role": .string(role), "sid": .string(session), "sub": .string(subject),
        ]
    }
}
