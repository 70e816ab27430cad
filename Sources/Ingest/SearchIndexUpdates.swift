import Store

/// Receives every committed change to the chunks search reads, in commit order: it is called on the database's writer
/// thread right after the transaction commits, so changes cannot be reordered or seen before they are durable.
/// `generation` is the knowledge base's index generation after the change (see migration 6). Implementations must be
/// quick and must not write to the database (the writer thread is theirs only for the call).
package protocol SearchIndexUpdates: Sendable {
    /// `document`'s searchable chunks are now exactly `chunks` (a first version, an update or a re-index).
    func documentChanged(_ document: SearchableDocument, chunks: [SearchableChunk], kb: String, org: String,
                         generation: Int64)
    /// `document`'s title or metadata changed, its chunks did not (the same content uploaded again).
    func documentDescribed(_ document: SearchableDocument, kb: String, org: String, generation: Int64)
    /// `documentID` and its chunks are gone.
    func documentRemoved(_ documentID: String, kb: String, org: String, generation: Int64)
    /// Knowledge base `kb` and everything in it are gone.
    func knowledgeBaseRemoved(_ kb: String, org: String)
    /// Waits (at most `timeout` seconds) until what search holds of `kb` reflects `generation`; false on timeout.
    /// A reader that saw a commit can be a moment ahead of the writer thread's call above, and a job must not read
    /// as finished while its last document is not yet searchable.
    func waitUntilApplied(kb: String, generation: Int64, timeout: Double) -> Bool
}

extension SearchableChunk {
    /// The chunks of a commit that search holds: all but parents, which are reached through their children.
    static func searchable(_ chunks: [ChunkRecord]) -> [SearchableChunk] {
        chunks.filter { $0.role != "parent" }.map {
            SearchableChunk(id: $0.id, documentID: $0.documentID, index: $0.index, text: $0.text,
                            embeddingModel: $0.embeddingModel, embedding: $0.embedding)
        }
    }
}

extension SearchableDocument {
    init(_ document: DocumentRecord) {
        self.init(id: document.id, externalID: document.externalID, createdAt: document.createdAt,
                  metadata: document.metadata, documentMetadata: document.documentMetadata)
    }
}
