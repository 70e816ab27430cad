/// Which roles and API-key scopes grant which permissions: the single source the authorization layer and the README
/// table come from.
///
/// Roles nest: viewer ⊂ member ⊂ admin ⊂ owner. Scopes nest too, and an API key's effective permissions are its
/// scopes' permissions intersected with its creator's role's (`permissions(of:cappedBy:)`), so a key never outranks
/// the user who made it — even after that user is demoted.
///
/// The `admin` scope is "everything in the organization" (API.md) with two exceptions, because a key is a long-lived
/// bearer secret that leaks more easily than a password: it cannot manage owners (a leaked key must not be able to
/// take over the organization) and cannot create API keys (a leaked key must not mint successors that outlive its
/// revocation).
package enum PermissionMatrix {
    private static let viewer: Set<Permission> = [.read, .manageOwnAPIKeys]
    private static let member: Set<Permission> = viewer.union([.write])
    private static let admin: Set<Permission> = member.union([
        .manageKnowledgeBases, .manageAPIKeys, .readOrganization, .manageUsers, .readAuditLog, .administer,
    ])
    private static let owner: Set<Permission> = admin.union([.manageOwners])

    /// Everything `role` may do.
    package static func permissions(of role: Role) -> Set<Permission> {
        switch role {
        case .viewer: viewer
        case .member: member
        case .admin: admin
        case .owner: owner
        }
    }

    /// Everything a key with `scopes` may do, before capping by its creator's role.
    package static func permissions(of scopes: Set<Scope>) -> Set<Permission> {
        scopes.reduce(into: []) { result, scope in
            switch scope {
            case .read: result.formUnion([.read])
            case .write: result.formUnion([.read, .write])
            case .admin: result.formUnion(owner.subtracting([.manageOwners, .manageOwnAPIKeys]))
            }
        }
    }

    /// What a key with `scopes` created by a user with `role` may do: the intersection of both.
    package static func permissions(of scopes: Set<Scope>, cappedBy role: Role) -> Set<Permission> {
        permissions(of: scopes).intersection(permissions(of: role))
    }

    /// The scopes a user with `role` may put on a new key: viewer `read`; member `read`, `write`; admin and owner all.
    package static func maximumScopes(for role: Role) -> Set<Scope> {
        switch role {
        case .viewer: [.read]
        case .member: [.read, .write]
        case .admin, .owner: Set(Scope.allCases)
        }
    }

    /// The matrix as a Markdown table — rows are permissions; columns the roles from viewer to owner, then the scopes —
    /// followed by a note on the `admin` scope. The README embeds it verbatim and a test keeps the two equal.
    package static var markdownTable: String {
        let roles: [Role] = [.viewer, .member, .admin, .owner]
        var lines = [
            "| permission | viewer | member | admin | owner | scope `read` | scope `write` | scope `admin` | allows |",
            "|---|:-:|:-:|:-:|:-:|:-:|:-:|:-:|---|",
        ]
        for permission in Permission.allCases {
            let cells = roles.map { permissions(of: $0).contains(permission) }
                + Scope.allCases.map { permissions(of: [$0]).contains(permission) }
            lines.append("| `\(permission.rawValue)` | " + cells.map { $0 ? "✓" : "—" }.joined(separator: " | ")
                + " | \(permission.summary) |")
        }
        lines.append("")
        lines.append("An API key may do what its scopes allow *and* its creator's role allows. Scope `admin` is everything "
            + "in the organization except `manageOwners` (a leaked key must not take over the organization) and "
            + "`manageOwnAPIKeys` (a leaked key must not mint keys that outlive its revocation).")
        return lines.joined(separator: "\n") + "\n"
    }
}
