/// What search filters need of a document: its ids, creation time and both metadata objects (JSON text).
package struct SearchableDocument: Sendable, Equatable {
    package var id: String
    package var externalID: String?
    package var createdAt: Int64
    package var metadata: String
    package var documentMetadata: String

    /// Creates one.
    package init(id: String, externalID: String?, createdAt: Int64, metadata: String, documentMetadata: String) {
        self.id = id
        self.externalID = externalID
        self.createdAt = createdAt
        self.metadata = metadata
        self.documentMetadata = documentMetadata
    }
}

/// A document (its current version) as stored.
package struct DocumentRecord: Sendable, Equatable {
    package var id: String
    package var orgID: String
    package var kbID: String
    package var externalID: String?
    package var version: Int
    package var title: String
    package var filename: String?
    package var declaredType: String?
    package var contentType: String?
    package var bytes: Int
    package var contentSHA256: String
    package var blobID: String
    /// The blob of a new version being processed while this one stays served (updates of ready documents).
    package var pendingBlobID: String?
    package var status: String
    package var errorCode: String?
    package var errorMessage: String?
    package var pages: Int?
    /// The caller's metadata, a JSON object.
    package var metadata: String
    /// Metadata found in the document (title, author, dates…), a JSON object.
    package var documentMetadata: String
    package var chunkCount: Int
    package var tokenCount: Int
    package var createdAt: Int64
    package var updatedAt: Int64

    /// Creates a record.
    package init(id: String, orgID: String, kbID: String, externalID: String?, version: Int, title: String,
                 filename: String?, declaredType: String?, contentType: String?, bytes: Int, contentSHA256: String,
                 blobID: String, pendingBlobID: String? = nil, status: String, errorCode: String? = nil, errorMessage: String? = nil,
                 pages: Int? = nil, metadata: String, documentMetadata: String = "{}", chunkCount: Int = 0,
                 tokenCount: Int = 0, createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.orgID = orgID
        self.kbID = kbID
        self.externalID = externalID
        self.version = version
        self.title = title
        self.filename = filename
        self.declaredType = declaredType
        self.contentType = contentType
        self.bytes = bytes
        self.contentSHA256 = contentSHA256
        self.blobID = blobID
        self.pendingBlobID = pendingBlobID
        self.status = status
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.pages = pages
        self.metadata = metadata
        self.documentMetadata = documentMetadata
        self.chunkCount = chunkCount
        self.tokenCount = tokenCount
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    static let columns = """
        id, org_id, kb_id, external_id, version, title, filename, declared_type, content_type, bytes, content_sha256, \
        blob_id, status, error_code, error_message, pages, metadata, document_metadata, chunk_count, token_count, \
        created_at, updated_at, pending_blob_id
        """

    init(row: Row) throws {
        self.init(id: try row.get(0), orgID: try row.get(1), kbID: try row.get(2), externalID: try row.get(3),
                  version: try row.get(4), title: try row.get(5), filename: try row.get(6), declaredType: try row.get(7),
                  contentType: try row.get(8), bytes: try row.get(9), contentSHA256: try row.get(10),
                  blobID: try row.get(11), status: try row.get(12), errorCode: try row.get(13),
                  errorMessage: try row.get(14), pages: try row.get(15), metadata: try row.get(16),
                  documentMetadata: try row.get(17), chunkCount: try row.get(18), tokenCount: try row.get(19),
                  createdAt: try row.get(20), updatedAt: try row.get(21))
        pendingBlobID = try row.get(22)
    }

    var arguments: SQLArguments {
        [id, orgID, kbID, externalID, version, title, filename, declaredType, contentType, bytes, contentSHA256, blobID,
         status, errorCode, errorMessage, pages, metadata, documentMetadata, chunkCount, tokenCount, createdAt,
         updatedAt, pendingBlobID]
    }
}

/// Documents of one organization.
package enum DocumentRepository {
    /// What search filters look at, for every document of knowledge base `kbID` that has chunks.
    package static func forEachSearchable(in kbID: String, of org: OrgID, on db: SQLiteConnection,
                                          _ body: (SearchableDocument) throws -> Void) throws {
        try db.forEachRow("""
            SELECT id, external_id, created_at, metadata, document_metadata FROM documents
            WHERE org_id = ? AND kb_id = ? AND chunk_count > 0
            """, [org.rawValue, kbID]) { row in
            try body(SearchableDocument(id: try row.get(0), externalID: try row.get(1), createdAt: try row.get(2),
                                        metadata: try row.get(3), documentMetadata: try row.get(4)))
        }
    }

    /// Stores a new document.
    package static func insert(_ document: DocumentRecord, in org: OrgID, on db: SQLiteConnection) throws {
        precondition(document.orgID == org.rawValue, "document inserted into another organization")
        let placeholders = Array(repeating: "?", count: 23).joined(separator: ", ")
        try db.run("INSERT INTO documents (\(DocumentRecord.columns)) VALUES (\(placeholders))", document.arguments)
    }

    /// Replaces every field of document `document.id` (a new version, a status change).
    package static func save(_ document: DocumentRecord, in org: OrgID, on db: SQLiteConnection) throws {
        precondition(document.orgID == org.rawValue, "document saved into another organization")
        try db.run("""
            UPDATE documents SET external_id = ?, version = ?, title = ?, filename = ?, declared_type = ?,
                content_type = ?, bytes = ?, content_sha256 = ?, blob_id = ?, status = ?, error_code = ?,
                error_message = ?, pages = ?, metadata = ?, document_metadata = ?, chunk_count = ?, token_count = ?,
                updated_at = ?, pending_blob_id = ?
            WHERE org_id = ? AND id = ?
            """, [document.externalID, document.version, document.title, document.filename, document.declaredType,
                  document.contentType, document.bytes, document.contentSHA256, document.blobID, document.status,
                  document.errorCode, document.errorMessage, document.pages, document.metadata,
                  document.documentMetadata, document.chunkCount, document.tokenCount, document.updatedAt,
                  document.pendingBlobID, org.rawValue, document.id])
    }

    /// Document `id` of `org`.
    package static func find(_ id: String, in org: OrgID, on db: SQLiteConnection) throws -> DocumentRecord? {
        try db.queryOne("SELECT \(DocumentRecord.columns) FROM documents WHERE org_id = ? AND id = ?",
                        [org.rawValue, id], row: DocumentRecord.init)
    }

    /// The document of `kbID` with `externalID`.
    package static func find(externalID: String, kb kbID: String, in org: OrgID, on db: SQLiteConnection) throws
        -> DocumentRecord? {
        try db.queryOne("SELECT \(DocumentRecord.columns) FROM documents WHERE org_id = ? AND kb_id = ? AND external_id = ?",
                        [org.rawValue, kbID, externalID], row: DocumentRecord.init)
    }

    /// A live document of `kbID` with this content (not failed or canceled: those may be retried by uploading again).
    package static func find(sha256: String, kb kbID: String, in org: OrgID, on db: SQLiteConnection) throws
        -> DocumentRecord? {
        try db.queryOne("""
            SELECT \(DocumentRecord.columns) FROM documents
            WHERE org_id = ? AND kb_id = ? AND content_sha256 = ? AND status IN ('queued', 'processing', 'ready')
            ORDER BY rowid LIMIT 1
            """, [org.rawValue, kbID, sha256], row: DocumentRecord.init)
    }

    /// Documents of `kbID` in creation order, optionally with `status`.
    package static func list(kb kbID: String, status: String?, in org: OrgID, after: Int64?, limit: Int,
                             on db: SQLiteConnection) throws -> Page<DocumentRecord> {
        let rows = try db.query("""
            SELECT rowid, \(DocumentRecord.columns) FROM documents
            WHERE org_id = ? AND kb_id = ? AND (? IS NULL OR status = ?) AND rowid > ? ORDER BY rowid LIMIT ?
            """, [org.rawValue, kbID, status, status, after ?? 0, limit + 1]) { row in
            (position: try row.get(0, as: Int64.self), item: try DocumentRecord(row: row.dropFirst()))
        }
        return Page(fetched: rows, limit: limit)
    }

    /// Documents of `ids` in `org` (job views list their documents).
    package static func find(_ ids: [String], in org: OrgID, on db: SQLiteConnection) throws -> [DocumentRecord] {
        try ids.compactMap { try find($0, in: org, on: db) }
    }

    /// Deletes document `id` (its chunks and tasks go with it); false when absent.
    package static func delete(_ id: String, in org: OrgID, on db: SQLiteConnection) throws -> Bool {
        try db.run("DELETE FROM documents WHERE org_id = ? AND id = ?", [org.rawValue, id]) == 1
    }

    /// The blob ids of every document of `kbID` (deleted with the knowledge base).
    package static func blobIDs(kb kbID: String, in org: OrgID, on db: SQLiteConnection) throws -> [String] {
        try db.query("""
            SELECT blob_id FROM documents WHERE org_id = ? AND kb_id = ?
            UNION SELECT pending_blob_id FROM documents WHERE org_id = ? AND kb_id = ? AND pending_blob_id IS NOT NULL
            """, [org.rawValue, kbID, org.rawValue, kbID]) { try $0.get(0) }
    }
}

/// What self-query may recognise in a question: the documents' titles and file names, and the text and number
/// values of their metadata (the client's and what was found in the files), per key.
package struct MetadataVocabulary: Sendable, Equatable {
    package var documents: [(id: String, title: String, filename: String?)] = []
    package var values: [String: [String]] = [:]
    /// Keys whose values are all numbers (e.g. `year`).
    package var numericKeys: Set<String> = []

    package static func == (lhs: MetadataVocabulary, rhs: MetadataVocabulary) -> Bool {
        lhs.documents.map(\.id) == rhs.documents.map(\.id) && lhs.values == rhs.values
            && lhs.numericKeys == rhs.numericKeys
    }
}

extension DocumentRepository {
    /// The vocabulary of knowledge bases `kbIDs` of `org`, bounded: at most `limit` documents and `limit` distinct
    /// metadata values (top-level keys only).
    package static func vocabulary(of kbIDs: [String], in org: OrgID, limit: Int, on db: SQLiteConnection) throws
        -> MetadataVocabulary {
        var vocabulary = MetadataVocabulary()
        let placeholders = Array(repeating: "?", count: kbIDs.count).joined(separator: ", ")
        let arguments = SQLArguments([org.rawValue] + kbIDs.map { $0 as any SQLBindable } + [limit])
        vocabulary.documents = try db.query("""
            SELECT id, title, filename FROM documents WHERE org_id = ? AND kb_id IN (\(placeholders))
            AND status = 'ready' LIMIT ?
            """, arguments) { (id: try $0.get(0), title: try $0.get(1), filename: try $0.get(2)) }
        var numeric: [String: Bool] = [:]
        var seen = Set<[String]>()
        for column in ["metadata", "document_metadata"] {
            try db.forEachRow("""
                SELECT j.key, j.value FROM documents d, json_each(d.\(column)) j
                WHERE d.org_id = ? AND d.kb_id IN (\(placeholders)) AND d.status = 'ready'
                  AND j.type IN ('text', 'integer', 'real')
                GROUP BY j.key, j.value LIMIT ?
                """, arguments) { row in
                let key: String = try row.get(0)
                let value: String
                var isNumber = true
                switch try row.get(1) as SQLValue {
                case .text(let text):
                    value = text
                    isNumber = false
                case .integer(let number): value = String(number)
                case .real(let number): value = number.rounded() == number && abs(number) < 1e15
                    ? String(Int64(number)) : String(number)
                default: return
                }
                guard !value.isEmpty, value.utf8.count <= 200, seen.insert([key, value]).inserted else { return }
                vocabulary.values[key, default: []].append(value)
                numeric[key] = (numeric[key] ?? true) && isNumber
            }
        }
        vocabulary.numericKeys = Set(numeric.filter(\.value).keys)
        return vocabulary
    }
}
