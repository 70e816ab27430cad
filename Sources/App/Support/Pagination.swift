import Server

/// `?limit=` (default 50, at most 500) and `?cursor=` of list endpoints. Cursors are opaque to clients; inside they
/// are a position in the caller's own list, so a cursor from another organization's list finds nothing of theirs.
package struct Pagination: Sendable, Equatable {
    /// Rows per page.
    package var limit: Int
    /// The position to continue after (nil: from the start).
    package var position: Int64?

    /// The default and maximum page sizes of API.md.
    package static let defaultLimit = 50
    package static let maximumLimit = 500

    /// Reads and validates the parameters of `request`.
    package init(_ request: Request) throws(HTTPError) {
        limit = Self.defaultLimit
        if let text = request.query("limit") {
            guard let value = Int(text), (1...Self.maximumLimit).contains(value) else {
                throw HTTPError(.badRequest, code: "invalid_limit",
                                message: "limit must be an integer from 1 to \(Self.maximumLimit).",
                                details: ["field": "limit"])
            }
            limit = value
        }
        if let cursor = request.query("cursor"), !cursor.isEmpty {
            guard let position = Self.decode(cursor) else {
                throw HTTPError(.badRequest, code: "invalid_cursor", message: "cursor is not one this API returned.",
                                details: ["field": "cursor"])
            }
            self.position = position
        }
    }

    /// The cursor for continuing after `position`.
    package static func encode(_ position: Int64?) -> String? {
        position.map { "c" + String($0, radix: 36) }
    }

    private static func decode(_ cursor: String) -> Int64? {
        guard cursor.hasPrefix("c"), cursor.count <= 16, let value = Int64(cursor.dropFirst(), radix: 36),
              value >= 0 else { return nil }
        return value
    }
}

/// `{"data": [...], "next_cursor": "…" | null}`.
package struct ListBody<Item: Encodable>: Encodable {
    let data: [Item]
    let nextCursor: String?

    /// A list page.
    package init(data: [Item], next: Int64?) {
        self.data = data
        nextCursor = Pagination.encode(next)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try container.encode(nextCursor, forKey: .nextCursor)  // null, not absent, at the end of the list
    }

    private enum CodingKeys: String, CodingKey {
        case data
        case nextCursor
    }
}
