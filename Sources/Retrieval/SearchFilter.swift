import JSON

/// The `filters` object of a query, compiled: every condition must hold for a chunk to be returned. Both indexes
/// apply it while they search (not to their top k afterwards), so a filter never starves the result list.
///
/// Keys: `document_id` and `external_id` (a string or a list of them), `created_after` / `created_before` (RFC 3339
/// or a date; after is inclusive, before exclusive), and `metadata.<key>` — the key may be a dotted path into
/// nested objects — whose value is a scalar (equal; for a stored list, contained), a list (any of), or an object of
/// operators `$eq $ne $in $nin $gt $gte $lt $lte $exists`. A document's own metadata is consulted before what was
/// found in the file (title, author, language…).
package struct SearchFilter: Sendable, Equatable {
    package var documentIDs: Set<String>?
    package var externalIDs: Set<String>?
    /// Unix milliseconds, inclusive.
    package var createdAfter: Int64?
    /// Unix milliseconds, exclusive.
    package var createdBefore: Int64?
    package var metadata: [MetadataCondition] = []
    /// The filter as given (after validation), echoed in `explain.filters`.
    package var json: JSONValue = .object([])

    /// No conditions: everything matches.
    package init() {}

    /// Whether no condition is set.
    package var isEmpty: Bool {
        documentIDs == nil && externalIDs == nil && createdAfter == nil && createdBefore == nil && metadata.isEmpty
    }

    /// Limits on what a client may send, so a filter cannot become a denial of service.
    package static let maxConditions = 32
    package static let maxListValues = 1_000

    /// Compiles `filters` (nil or an object). `time` parses a timestamp string into Unix milliseconds.
    package static func parse(_ filters: JSONValue?, time: (String) -> Int64?) throws(SearchFilterError) -> SearchFilter {
        var filter = SearchFilter()
        guard let filters, filters != .null else { return filter }
        guard let members = filters.members else { throw .init(field: "filters", reason: "must be an object") }
        guard members.count <= maxConditions else {
            throw .init(field: "filters", reason: "at most \(maxConditions) conditions")
        }
        filter.json = filters
        for (key, value) in members {
            let field = "filters.\(key)"
            switch key {
            case "document_id": filter.documentIDs = try strings(value, field: field)
            case "external_id": filter.externalIDs = try strings(value, field: field)
            case "created_after": filter.createdAfter = try timestamp(value, field: field, time: time)
            case "created_before": filter.createdBefore = try timestamp(value, field: field, time: time)
            default:
                guard key.hasPrefix("metadata."), key.count > "metadata.".count else {
                    throw .init(field: field, reason: "unknown filter; use document_id, external_id, created_after, "
                                + "created_before or metadata.<key>")
                }
                let path = key.dropFirst("metadata.".count).split(separator: ".", omittingEmptySubsequences: false)
                guard path.allSatisfy({ !$0.isEmpty }) else { throw .init(field: field, reason: "empty key segment") }
                filter.metadata.append(MetadataCondition(path: path.map(String.init),
                                                         predicate: try MetadataPredicate(value, field: field)))
            }
        }
        return filter
    }

    /// Whether a chunk of the document described by `subject` passes.
    package func matches(_ subject: FilterSubject) -> Bool {
        if let documentIDs, !documentIDs.contains(subject.documentID) { return false }
        if let externalIDs, !(subject.externalID.map(externalIDs.contains) ?? false) { return false }
        if let createdAfter, subject.createdAt < createdAfter { return false }
        if let createdBefore, subject.createdAt >= createdBefore { return false }
        for condition in metadata {
            let value = subject.userMetadata?.value(at: condition.path) ?? subject.fileMetadata?.value(at: condition.path)
            guard condition.predicate.holds(for: value) else { return false }
        }
        return true
    }

    private static func strings(_ value: JSONValue, field: String) throws(SearchFilterError) -> Set<String> {
        switch value {
        case .string(let one): return [one]
        case .array(let values):
            guard values.count <= maxListValues else { throw .init(field: field, reason: "at most \(maxListValues) values") }
            var result: Set<String> = []
            for value in values {
                guard case .string(let text) = value else { throw .init(field: field, reason: "must be strings") }
                result.insert(text)
            }
            return result
        default: throw .init(field: field, reason: "must be a string or a list of strings")
        }
    }

    private static func timestamp(_ value: JSONValue, field: String,
                                  time: (String) -> Int64?) throws(SearchFilterError) -> Int64 {
        guard case .string(let text) = value, let milliseconds = time(text) else {
            throw .init(field: field, reason: "must be an RFC 3339 timestamp or a YYYY-MM-DD date")
        }
        return milliseconds
    }
}

/// What a filter looks at for one document (and so for each of its chunks).
package struct FilterSubject: Sendable {
    package var documentID: String
    package var externalID: String?
    /// Unix milliseconds.
    package var createdAt: Int64
    /// The metadata the client gave the document.
    package var userMetadata: JSONValue?
    /// The metadata found in the file.
    package var fileMetadata: JSONValue?

    /// Creates a subject.
    package init(documentID: String, externalID: String?, createdAt: Int64, userMetadata: JSONValue?,
                 fileMetadata: JSONValue?) {
        self.documentID = documentID
        self.externalID = externalID
        self.createdAt = createdAt
        self.userMetadata = userMetadata
        self.fileMetadata = fileMetadata
    }
}

/// A malformed filter, named by its field (`filters.metadata.year`).
package struct SearchFilterError: Error, Sendable, Equatable {
    package let field: String
    package let reason: String

    package init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }
}

extension JSONValue {
    /// The value at a dotted path of object keys; nil when a step is missing or not an object.
    func value(at path: [String]) -> JSONValue? {
        var current = self
        for key in path {
            guard let next = current[key] else { return nil }
            current = next
        }
        return current
    }
}
