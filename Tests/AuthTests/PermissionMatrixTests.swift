import Testing
@testable import Auth

@Suite struct PermissionMatrixTests {
    @Test func rolesNestStrictly() {
        let ordered: [Role] = [.viewer, .member, .admin, .owner]
        for (lower, higher) in zip(ordered, ordered.dropFirst()) {
            #expect(PermissionMatrix.permissions(of: lower).isStrictSubset(of: PermissionMatrix.permissions(of: higher)))
            #expect(lower.rank < higher.rank)
        }
        #expect(ordered.map(\.rank) == [0, 1, 2, 3])
        #expect(PermissionMatrix.permissions(of: .owner) == Set(Permission.allCases))
    }

    @Test func roleContents() {
        #expect(PermissionMatrix.permissions(of: .viewer) == [.read, .manageOwnAPIKeys])
        #expect(PermissionMatrix.permissions(of: .member) == [.read, .write, .manageOwnAPIKeys])
        #expect(PermissionMatrix.permissions(of: .admin) == Set(Permission.allCases).subtracting([.manageOwners]))
    }

    @Test func scopeContents() {
        #expect(PermissionMatrix.permissions(of: [Scope.read]) == [.read])
        #expect(PermissionMatrix.permissions(of: [Scope.write]) == [.read, .write])
        let admin = PermissionMatrix.permissions(of: [Scope.admin])
        #expect(admin == Set(Permission.allCases).subtracting([.manageOwners, .manageOwnAPIKeys]))
        #expect(PermissionMatrix.permissions(of: Set<Scope>()).isEmpty)
        #expect(PermissionMatrix.permissions(of: [.read, .write]) == [.read, .write])
    }

    @Test func maximumScopes() {
        #expect(PermissionMatrix.maximumScopes(for: .viewer) == [.read])
        #expect(PermissionMatrix.maximumScopes(for: .member) == [.read, .write])
        #expect(PermissionMatrix.maximumScopes(for: .admin) == [.read, .write, .admin])
        #expect(PermissionMatrix.maximumScopes(for: .owner) == [.read, .write, .admin])
        // A key with the most scopes its creator may grant never exceeds the creator's role.
        for role in Role.allCases {
            let keyPermissions = PermissionMatrix.permissions(of: PermissionMatrix.maximumScopes(for: role))
            #expect(keyPermissions.isSubset(of: PermissionMatrix.permissions(of: role)), "\(role)")
        }
    }

    @Test func keysAreCappedByTheirCreatorsRole() {
        // An admin-scoped key whose creator was demoted to viewer can only read.
        #expect(PermissionMatrix.permissions(of: [.admin], cappedBy: .viewer) == [.read])
        #expect(PermissionMatrix.permissions(of: [.write], cappedBy: .member) == [.read, .write])
    }

    @Test func tableListsEveryPermissionWithItsCells() {
        let table = PermissionMatrix.markdownTable
        print(table)
        let rows = table.split(separator: "\n").filter { $0.hasPrefix("| `") }
        #expect(rows.count == Permission.allCases.count)
        let header = table.split(separator: "\n")[0]
        #expect(header.split(separator: "|").map { $0.trimmingSpaces } == [
            "permission", "viewer", "member", "admin", "owner", "scope `read`", "scope `write`", "scope `admin`", "allows",
        ])
        let roles: [Role] = [.viewer, .member, .admin, .owner]
        for (permission, row) in zip(Permission.allCases, rows) {
            let cells = row.split(separator: "|").map { $0.trimmingSpaces }
            #expect(cells[0] == "`\(permission.rawValue)`")
            let marks = cells[1...7].map { $0 == "✓" }
            let expected = roles.map { PermissionMatrix.permissions(of: $0).contains(permission) }
                + Scope.allCases.map { PermissionMatrix.permissions(of: [$0]).contains(permission) }
            #expect(marks == expected, "\(permission)")
        }
        #expect(table.contains("`manageOwnAPIKeys`"))
    }

    @Test func rolesAndScopesRoundTripTheirNames() {
        #expect(Role(rawValue: "owner") == .owner)
        #expect(Role(rawValue: "Owner") == nil)
        #expect(Scope(rawValue: "admin") == .admin)
        #expect(Scope.allCases.map(\.rawValue) == ["read", "write", "admin"])
    }
}

private extension Substring {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
