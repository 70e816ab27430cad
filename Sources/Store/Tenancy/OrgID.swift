/// The organization a request acts for. Every repository method that reads or writes tenant data takes one and puts
/// it in its SQL, so forgetting the tenant does not compile; only `CredentialLookup` and `Maintenance` query across
/// organizations, each for a documented reason.
package struct OrgID: Hashable, Sendable, CustomStringConvertible {
    /// The organization's id (`org_…`).
    package let rawValue: String

    /// Wraps an organization id taken from an authenticated principal or a row already scoped to it.
    package init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    package var description: String { rawValue }
}

/// One page of a keyset-paginated list: rows after a position, and the position to continue from.
package struct Page<Item: Sendable>: Sendable {
    /// The rows, in list order.
    package var items: [Item]
    /// The position after the last row when more rows may follow; nil at the end.
    package var next: Int64?

    /// Builds a page from up to `limit + 1` fetched rows (the extra row only tells whether more follow).
    init(fetched: [(position: Int64, item: Item)], limit: Int) {
        items = fetched.prefix(limit).map(\.item)
        next = fetched.count > limit ? fetched[limit - 1].position : nil
    }
}
