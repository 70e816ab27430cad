/// A stored chunk of a document's current version, with its embedding.
package struct ChunkRecord: Sendable, Equatable {
    package var id: String
    package var orgID: String
    package var kbID: String
    package var documentID: String
    package var index: Int
    package var text: String
    /// SHA-256 of the text: an unchanged chunk of a new version keeps its embedding.
    package var contentHash: String
    package var tokenCount: Int
    package var page: Int?
    package var pageEnd: Int?
    /// JSON array of heading texts.
    package var sectionPath: String
    package var startOffset: Int
    package var endOffset: Int
    package var role: String
    package var parentIndex: Int?
    /// For children of `parent_child` chunking, the parent chunk's id.
    package var parentID: String?
    package var embeddingModel: String?
    package var embedding: [Float]?

    /// Creates a record.
    package init(id: String, orgID: String, kbID: String, documentID: String, index: Int, text: String,
                 contentHash: String, tokenCount: Int, page: Int?, pageEnd: Int?, sectionPath: String, startOffset: Int,
                 endOffset: Int, role: String, parentIndex: Int?, parentID: String? = nil, embeddingModel: String?,
                 embedding: [Float]?) {
        self.id = id
        self.orgID = orgID
        self.kbID = kbID
        self.documentID = documentID
        self.index = index
        self.text = text
        self.contentHash = contentHash
        self.tokenCount = tokenCount
        self.page = page
        self.pageEnd = pageEnd
        self.sectionPath = sectionPath
        self.startOffset = startOffset
        self.endOffset = endOffset
        self.role = role
        self.parentIndex = parentIndex
        self.parentID = parentID
        self.embeddingModel = embeddingModel
        self.embedding = embedding
    }

    static let columns = """
        id, org_id, kb_id, document_id, idx, text, content_hash, token_count, page, page_end, section_path, \
        start_offset, end_offset, role, parent_idx, parent_id, embedding_model, embedding
        """

    init(row: Row) throws {
        let blob: [UInt8]? = try row.get(17)
        self.init(id: try row.get(0), orgID: try row.get(1), kbID: try row.get(2), documentID: try row.get(3),
                  index: try row.get(4), text: try row.get(5), contentHash: try row.get(6), tokenCount: try row.get(7),
                  page: try row.get(8), pageEnd: try row.get(9), sectionPath: try row.get(10),
                  startOffset: try row.get(11), endOffset: try row.get(12), role: try row.get(13),
                  parentIndex: try row.get(14), parentID: try row.get(15), embeddingModel: try row.get(16),
                  embedding: blob.map(VectorBlob.decode))
    }
}

/// What a citation shows of a chunk.
package struct CitableChunk: Sendable, Equatable {
    package var id: String
    package var documentID: String
    package var index: Int
    package var text: String
    package var page: Int?
    package var parentID: String?
    package var title: String
    package var externalID: String?

    package init(id: String, documentID: String, index: Int, text: String, page: Int?, parentID: String?,
                 title: String, externalID: String?) {
        self.id = id
        self.documentID = documentID
        self.index = index
        self.text = text
        self.page = page
        self.parentID = parentID
        self.title = title
        self.externalID = externalID
    }
}

/// What the search indexes need of a chunk.
package struct SearchableChunk: Sendable, Equatable {
    package var id: String
    package var documentID: String
    package var index: Int
    package var text: String
    package var embeddingModel: String?
    package var embedding: [Float]?

    /// Creates one.
    package init(id: String, documentID: String, index: Int, text: String, embeddingModel: String?, embedding: [Float]?) {
        self.id = id
        self.documentID = documentID
        self.index = index
        self.text = text
        self.embeddingModel = embeddingModel
        self.embedding = embedding
    }
}

/// Vectors stored as little-endian float32 bytes (the platform's own layout on x86-64 and arm64).
package enum VectorBlob {
    /// The bytes of `vector`.
    package static func encode(_ vector: [Float]) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(vector.count * 4)
        for value in vector { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        return bytes
    }

    /// The vector in `bytes` (a trailing partial value is ignored).
    package static func decode(_ bytes: [UInt8]) -> [Float] {
        var vector = [Float]()
        vector.reserveCapacity(bytes.count / 4)
        var offset = 0
        while offset + 4 <= bytes.count {
            var bits = UInt32(bytes[offset])
            bits |= UInt32(bytes[offset + 1]) << 8
            bits |= UInt32(bytes[offset + 2]) << 16
            bits |= UInt32(bytes[offset + 3]) << 24
            vector.append(Float(bitPattern: bits))
            offset += 4
        }
        return vector
    }
}

/// Chunks of one organization's documents.
package enum ChunkRepository {
    /// The chunks of `documentID` in index order.
    package static func list(document documentID: String, in org: OrgID, after: Int64?, limit: Int,
                             on db: SQLiteConnection) throws -> Page<ChunkRecord> {
        let rows = try db.query("""
            SELECT idx, \(ChunkRecord.columns) FROM chunks WHERE org_id = ? AND document_id = ? AND idx > ?
            ORDER BY idx LIMIT ?
            """, [org.rawValue, documentID, (after ?? -1), limit + 1]) { row in
            (position: try row.get(0, as: Int64.self), item: try ChunkRecord(row: row.dropFirst()))
        }
        return Page(fetched: rows, limit: limit)
    }

    /// Embeddings of `documentID`'s current chunks by content hash and model, for re-use by a new version.
    package static func embeddings(document documentID: String, in org: OrgID, on db: SQLiteConnection) throws
        -> [String: (model: String, vector: [Float])] {
        var result: [String: (model: String, vector: [Float])] = [:]
        let rows: [(String, String?, [UInt8]?)] = try db.query("""
            SELECT content_hash, embedding_model, embedding FROM chunks WHERE org_id = ? AND document_id = ?
            """, [org.rawValue, documentID]) { (try $0.get(0), try $0.get(1), try $0.get(2)) }
        for (hash, model, blob) in rows {
            if let model, let blob { result[hash] = (model, VectorBlob.decode(blob)) }
        }
        return result
    }

    /// Replaces all chunks of `documentID` with `chunks`. Run it inside the transaction that also marks the
    /// document ready, so readers see the old set or the new one, never a mix.
    package static func replace(document documentID: String, with chunks: [ChunkRecord], in org: OrgID,
                                on db: SQLiteConnection) throws {
        try db.run("DELETE FROM chunks WHERE org_id = ? AND document_id = ?", [org.rawValue, documentID])
        let placeholders = Array(repeating: "?", count: 18).joined(separator: ", ")
        for chunk in chunks {
            precondition(chunk.orgID == org.rawValue && chunk.documentID == documentID)
            try db.run("INSERT INTO chunks (\(ChunkRecord.columns)) VALUES (\(placeholders))", [
                chunk.id, org.rawValue, chunk.kbID, documentID, chunk.index, chunk.text, chunk.contentHash,
                chunk.tokenCount, chunk.page, chunk.pageEnd, chunk.sectionPath, chunk.startOffset, chunk.endOffset,
                chunk.role, chunk.parentIndex, chunk.parentID, chunk.embeddingModel, chunk.embedding.map(VectorBlob.encode),
            ])
        }
    }

    /// Every chunk of knowledge base `kbID` that search indexes hold (all but `parent` chunks, which are returned
    /// through their children), in (document, index) order, handed to `body` one at a time so a large knowledge base
    /// is never a single array.
    package static func forEachSearchable(in kbID: String, of org: OrgID, on db: SQLiteConnection,
                                          _ body: (SearchableChunk) throws -> Void) throws {
        try db.forEachRow("""
            SELECT id, document_id, idx, text, embedding_model, embedding FROM chunks
            WHERE org_id = ? AND kb_id = ? AND role <> 'parent' ORDER BY document_id, idx
            """, [org.rawValue, kbID]) { row in
            let blob: [UInt8]? = try row.get(5)
            try body(SearchableChunk(id: try row.get(0), documentID: try row.get(1), index: try row.get(2),
                                     text: try row.get(3), embeddingModel: try row.get(4),
                                     embedding: blob.map(VectorBlob.decode)))
        }
    }

    /// The chunks `ids` of `org` with their documents' titles, for citing them; ids not found are left out.
    package static func citable(_ ids: [String], in org: OrgID, on db: SQLiteConnection) throws -> [String: CitableChunk] {
        var found: [String: CitableChunk] = [:]
        // SQLite's default limit on bound parameters is far above a query's top_k, but stay well clear of it.
        for batch in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            let placeholders = Array(repeating: "?", count: batch.count).joined(separator: ", ")
            try db.forEachRow("""
                SELECT c.id, c.document_id, c.idx, c.text, c.page, c.parent_id, d.title, d.external_id
                FROM chunks c JOIN documents d ON d.id = c.document_id AND d.org_id = c.org_id
                WHERE c.org_id = ? AND c.id IN (\(placeholders))
                """, SQLArguments([org.rawValue] + batch)) { row in
                let chunk = CitableChunk(id: try row.get(0), documentID: try row.get(1), index: try row.get(2),
                                         text: try row.get(3), page: try row.get(4), parentID: try row.get(5),
                                         title: try row.get(6), externalID: try row.get(7))
                found[chunk.id] = chunk
            }
        }
        return found
    }

    /// Number of chunks of `documentID`.
    package static func count(document documentID: String, in org: OrgID, on db: SQLiteConnection) throws -> Int {
        try db.queryOne("SELECT count(*) FROM chunks WHERE org_id = ? AND document_id = ?", [org.rawValue, documentID]) {
            try $0.get(0)
        } ?? 0
    }
}
