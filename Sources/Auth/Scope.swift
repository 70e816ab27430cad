/// What an API key may do, chosen at creation and capped by its creator's role (`PermissionMatrix.maximumScopes`).
package enum Scope: String, Sendable, CaseIterable, Codable {
    /// Query, list and get.
    case read
    /// `read` plus ingest, delete documents and the other writes.
    case write
    /// Everything in the organization except granting ownership and minting keys (see `PermissionMatrix`).
    case admin
}
