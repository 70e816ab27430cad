/// A user's role within one organization. Roles are nested: each has every permission of the roles below it
/// (`PermissionMatrix`).
package enum Role: String, Sendable, CaseIterable, Codable {
    case owner, admin, member, viewer

    /// Position in the hierarchy, owner 3 … viewer 0: a user may only grant or change roles up to their own rank
    /// (and only owners touch owners, `Permission.manageOwners`).
    package var rank: Int {
        switch self {
        case .owner: 3
        case .admin: 2
        case .member: 1
        case .viewer: 0
        }
    }
}
