import JSON
import Server
import Store

/// Query history, feedback, traces and conversations as the API shows them. Admins and owners see the whole
/// organization's queries and traces; everyone else sees their own. Conversations are always private to the user
/// or key that started them.
final class HistoryService: Sendable {
    let database: Database
    let recorder: QueryRecorder
    let now: @Sendable () -> Int64

    init(database: Database, recorder: QueryRecorder, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.recorder = recorder
        self.now = now
    }

    /// Nil when the caller may read every principal's history, else the caller's own id. An API key limited to some
    /// knowledge bases sees only its own queries even with the admin scope: others' queries quote knowledge bases
    /// it may not search.
    static func scope(of caller: Caller) -> String? {
        caller.has(.readAuditLog) && !caller.isLimitedToKnowledgeBases ? nil : caller.actorID
    }

    func canSee(query id: String, _ caller: Caller) throws -> Bool {
        recorder.flush()
        return try database.read { try QueryRepository.find(id, principal: Self.scope(of: caller), in: caller.org, on: $0) } != nil
    }

    func canSee(trace id: String, _ caller: Caller) throws -> Bool {
        recorder.flush()
        return try database.read { try TraceRepository.find(id, principal: Self.scope(of: caller), in: caller.org, on: $0) } != nil
    }

    func canSee(conversation id: String, _ caller: Caller) throws -> Bool {
        recorder.flush()
        return try database.read {
            try ConversationRepository.find(id, principal: caller.actorID, in: caller.org, on: $0)
        } != nil
    }

    func queries(_ caller: Caller, page: Pagination) throws -> Page<QueryRecord> {
        recorder.flush()
        return try database.read {
            try QueryRepository.list(principal: Self.scope(of: caller), in: caller.org, before: page.position,
                                     limit: page.limit, on: $0)
        }
    }

    func query(_ caller: Caller, id: String) throws -> QueryRecord {
        recorder.flush()
        guard let record = try database.read({
            try QueryRepository.find(id, principal: Self.scope(of: caller), in: caller.org, on: $0)
        }) else { throw HTTPError(.notFound, code: "not_found", message: "Query \(id) was not found.") }
        return record
    }

    /// Feedback may be given by whoever asked (and by admins); giving it again replaces it.
    func feedback(_ caller: Caller, id: String, body: JSONBody) throws {
        guard let rating = try body.integer("rating", in: -1...1), rating != 0 else {
            throw JSONBody.invalid("rating must be 1 or -1.", field: "rating")
        }
        let comment = try body.string("comment")
        if let comment, comment.utf8.count > 4_000 {
            throw JSONBody.invalid("comment is longer than 4,000 bytes.", field: "comment")
        }
        recorder.flush()
        let found = try database.write { db in
            try QueryRepository.setFeedback(id, rating: rating, comment: comment, at: now(),
                                            principal: Self.scope(of: caller), in: caller.org, on: db)
        }
        guard found else { throw HTTPError(.notFound, code: "not_found", message: "Query \(id) was not found.") }
    }

    func trace(_ caller: Caller, id: String) throws -> TraceRecord {
        recorder.flush()
        guard let record = try database.read({
            try TraceRepository.find(id, principal: Self.scope(of: caller), in: caller.org, on: $0)
        }) else { throw HTTPError(.notFound, code: "not_found", message: "Trace \(id) was not found.") }
        return record
    }

    func conversations(_ caller: Caller, page: Pagination) throws -> Page<ConversationRecord> {
        recorder.flush()
        return try database.read {
            try ConversationRepository.list(principal: caller.actorID, in: caller.org, before: page.position,
                                            limit: page.limit, on: $0)
        }
    }

    /// A conversation with its messages (at most the last `limit` turns).
    func conversation(_ caller: Caller, id: String, limit: Int = 500) throws -> (ConversationRecord, [QueryRecord]) {
        recorder.flush()
        return try database.read { db in
            guard let conversation = try ConversationRepository.find(id, principal: caller.actorID, in: caller.org,
                                                                     on: db) else {
                throw HTTPError(.notFound, code: "not_found", message: "Conversation \(id) was not found.")
            }
            return (conversation, try QueryRepository.turns(of: id, in: caller.org, limit: limit, answeredOnly: false,
                                                            on: db))
        }
    }

    func deleteConversation(_ caller: Caller, id: String) throws {
        recorder.flush()
        let deleted = try database.write { db in
            try db.transaction(.immediate) {
                // The turns stay in history for usage and cost, without their text.
                try ConversationRepository.delete(id, principal: caller.actorID, in: caller.org, on: db)
            }
        }
        guard deleted else { throw HTTPError(.notFound, code: "not_found", message: "Conversation \(id) was not found.") }
    }
}
