import Store

/// A user as the API shows it (never the password hash).
struct UserView: Encodable {
    let id: String
    let email: String
    let name: String
    let role: String
    let disabled: Bool
    let createdAt: String
    let updatedAt: String

    init(_ user: UserRecord) {
        id = user.id
        email = user.email
        name = user.name
        role = user.role
        disabled = user.disabled
        createdAt = Timestamp.format(milliseconds: user.createdAt)
        updatedAt = Timestamp.format(milliseconds: user.updatedAt)
    }
}

/// An organization in token and identity responses.
struct OrganizationSummary: Encodable {
    let id: String
    let name: String
    let tier: String

    init(_ organization: OrganizationRecord) {
        id = organization.id
        name = organization.name
        tier = organization.tier
    }
}

/// What register, login and refresh return.
struct TokenBody: Encodable {
    let user: UserView
    let org: OrganizationSummary
    let accessToken: String
    let refreshToken: String
    let tokenType = "Bearer"
    let expiresIn: Int
}

/// An API key as lists show it; `key` is present only in the response that created it.
struct APIKeyView: Encodable {
    let record: APIKeyRecord
    let key: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(record.id, forKey: .id)
        try container.encode(record.name, forKey: .name)
        try container.encode(record.prefix, forKey: .prefix)
        if let key { try container.encode(key, forKey: .key) }
        try container.encode(record.scopes, forKey: .scopes)
        try container.encode(record.knowledgeBaseIDs, forKey: .kbIds)
        try container.encode(record.expiresAt.map { Timestamp.format(milliseconds: $0) }, forKey: .expiresAt)
        try container.encode(record.lastUsedAt.map { Timestamp.format(milliseconds: $0) }, forKey: .lastUsedAt)
        try container.encode(record.createdBy, forKey: .createdBy)
        try container.encode(Timestamp.format(milliseconds: record.createdAt), forKey: .createdAt)
    }

    private enum Keys: String, CodingKey {
        case id, name, prefix, key, scopes, kbIds, expiresAt, lastUsedAt, createdBy, createdAt
    }
}
