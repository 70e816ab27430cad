import Chunking
import Crypto
import Embedding
import JSON
import Partition
import Store
import Threading

/// Finds the embedder for a provider and model (`EmbedderCatalog.embedder` in the server; tests inject failures).
package typealias EmbedderSource = @Sendable (_ provider: String, _ model: String) throws(EmbeddingError) -> any Embedder

/// Why a task stopped without a result.
struct TaskFailure: Error {
    enum Kind {
        /// Retrying cannot help: the document is broken, hostile or unsupported.
        case permanent
        /// Retrying later may help: storage or a provider had a hiccup.
        case transient
        /// Asked to stop.
        case stopped(StopReason)
    }

    let kind: Kind
    let code: String
    let message: String

    static func stopped(_ reason: StopReason) -> TaskFailure {
        TaskFailure(kind: .stopped(reason), code: "canceled", message: "Processing was canceled.")
    }
}

/// A processed version of a document, ready to be written in one transaction.
struct ProcessedDocument {
    var format: DocumentFormat
    /// What the document says about itself, plus how it was read (format, content-type mismatch).
    var metadata: JSONValue
    /// The title found in the document (metadata, else first title or heading), if any.
    var title: String?
    var pages: Int?
    var chunks: [ChunkRecord]
    /// Tokens of the retrievable chunks (children and flat chunks; parents are context only).
    var tokens: Int
    /// Chunks embedded now, as opposed to reused from the previous version.
    var embedded: Int
    /// Time spent inside the embedder, in nanoseconds (the rest of the pipeline should be cheap next to it).
    var embedNanoseconds: UInt64
}

/// The stages of one document: decrypt → sniff → partition → chunk → embed. Pure apart from reading the blob; the
/// caller persists the result (and progress, through `progress`).
struct DocumentProcessor: Sendable {
    let blobs: BlobStore
    let limits: PartitionLimits
    let counter: any TokenCounter
    /// Texts per embedding call: big enough to amortize a provider round trip, small enough to cancel quickly.
    let embedBatch: Int
    /// The embedder of a knowledge base's `embedding: {provider, model}`.
    let embedders: EmbedderSource

    func process(_ document: DocumentRecord, config: KnowledgeBaseConfig, signal: StopSignal,
                 reusable: () throws -> [String: (model: String, vector: [Float])],
                 progress: (_ stage: String, _ done: Int, _ total: Int) -> Void) throws(TaskFailure)
        -> ProcessedDocument {
        let bytes: [UInt8]
        do {
            bytes = try blobs.read(document.blobID, organization: document.orgID)
        } catch {
            // The details (paths, errno) are for the operator's log, not the document's error.
            throw TaskFailure(kind: error.code == "blob_io" ? .transient : .permanent, code: "storage_error",
                              message: error.code == "blob_io" ? "The stored original could not be read; it will be retried."
                                  : "The stored original is missing or damaged; upload the document again.")
        }
        try check(signal)

        let declared = document.declaredType.map(Self.mediaType)
        guard let format = FormatSniffer.detect(bytes, declaredType: declared, filename: document.filename) else {
            let claim = declared.map { " (declared as \($0))" } ?? ""
            throw TaskFailure(kind: .permanent, code: "unsupported_format",
                              message: "The content\(claim) is not a supported document: use PDF, DOCX, HTML, Markdown, "
                                  + "plain text, CSV or JSON.")
        }
        progress("partition", 0, 1)
        let budget = PartitionBudget(limits: limits)
        signal.attach(budget)
        let partitioned: PartitionedDocument
        do {
            partitioned = try Partitioner.partition(bytes, as: format, budget: budget)
        } catch {
            if error == .canceled, let reason = signal.stopReason { throw .stopped(reason) }
            throw TaskFailure(kind: .permanent, code: error.code, message: error.message)
        }
        try check(signal)

        progress("chunk", 0, 1)
        let chunks = Chunker.chunk(partitioned, options: config.chunking, counter: counter)
        guard !chunks.isEmpty else {
            throw TaskFailure(kind: .permanent, code: PartitionError.noText.code, message: PartitionError.noText.message)
        }
        try check(signal)

        let embedder: any Embedder
        do {
            embedder = try embedders(config.embedding.provider, config.embedding.model)
        } catch {
            throw TaskFailure(kind: .permanent, code: error.code, message: error.message)
        }
        let previous: [String: (model: String, vector: [Float])]
        do {
            previous = try reusable()
        } catch {
            throw TaskFailure(kind: .transient, code: "storage_unavailable", message: "Reading previous chunks failed.")
        }
        let hashes = chunks.map { Digest.sha256Hex($0.text) }
        var vectors = [[Float]?](repeating: nil, count: chunks.count)
        var pending: [Int] = []
        for (index, chunk) in chunks.enumerated() where chunk.role != .parent {
            if let old = previous[hashes[index]], old.model == embedder.model {
                vectors[index] = old.vector
            } else {
                pending.append(index)
            }
        }
        progress("embed", 0, pending.count)
        var start = 0
        var embedNanoseconds: UInt64 = 0
        while start < pending.count {
            try check(signal)
            let batch = Array(pending[start..<min(start + embedBatch, pending.count)])
            let embedded: [[Float]]
            do {
                let started = MonotonicClock.now
                embedded = try embedder.embed(batch.map { chunks[$0].text })
                embedNanoseconds += MonotonicClock.now - started
            } catch {
                throw TaskFailure(kind: error.isTransient ? .transient : .permanent, code: error.code,
                                  message: error.message)
            }
            for (index, vector) in zip(batch, embedded) { vectors[index] = vector }
            start += batch.count
            progress("embed", start, pending.count)
        }
        try check(signal)

        let ids = zip(chunks, hashes).map { chunk, hash in Self.chunkID(document: document.id, index: chunk.index, hash: hash) }
        let idByIndex = Dictionary(zip(chunks.map(\.index), ids), uniquingKeysWith: { first, _ in first })
        var tokens = 0
        let records = chunks.enumerated().map { position, chunk in
            if chunk.role != .parent { tokens += chunk.tokenCount }
            return ChunkRecord(
                id: ids[position], orgID: document.orgID, kbID: document.kbID, documentID: document.id,
                index: chunk.index, text: chunk.text, contentHash: hashes[position], tokenCount: chunk.tokenCount,
                page: chunk.page, pageEnd: chunk.pageEnd,
                sectionPath: JSONValue.array(chunk.sectionPath.map(JSONValue.string)).serializedText,
                startOffset: chunk.range.lowerBound, endOffset: chunk.range.upperBound, role: chunk.role.rawValue,
                parentIndex: chunk.parentIndex, parentID: chunk.parentIndex.flatMap { idByIndex[$0] },
                embeddingModel: vectors[position] == nil ? nil : embedder.model, embedding: vectors[position])
        }
        let mismatch = FormatSniffer.mismatch(detected: format, declaredType: declared, filename: document.filename)
        return ProcessedDocument(
            format: format, metadata: Self.metadata(partitioned.metadata, format: format, mismatch: mismatch),
            title: Self.title(of: partitioned), pages: partitioned.metadata.pageCount, chunks: records,
            tokens: tokens, embedded: pending.count, embedNanoseconds: embedNanoseconds)
    }

    private func check(_ signal: StopSignal) throws(TaskFailure) {
        if let reason = signal.stopReason { throw .stopped(reason) }
    }

    /// Stable across re-processing: the same text at the same place of the same document keeps its id (and so its
    /// references from feedback, evaluations and caches).
    static func chunkID(document: String, index: Int, hash: String) -> String {
        "chk_" + Digest.sha256Hex("\(document)|\(index)|\(hash)").prefix(24)
    }

    /// `text/html; charset=utf-8` → `text/html`.
    static func mediaType(_ declared: String) -> String {
        String(declared.split(separator: ";").first ?? "").trimmingCharacters(in: " \t").lowercased()
    }

    static func title(of document: PartitionedDocument) -> String? {
        if let title = document.metadata.title?.trimmingCharacters(in: " \t\r\n"), !title.isEmpty { return title }
        let heading = document.elements.first { $0.kind == .title || $0.kind == .heading }
        return heading.map { String($0.text.prefix(300)) }
    }

    static func metadata(_ found: DocumentMetadata, format: DocumentFormat,
                         mismatch: FormatSniffer.Mismatch?) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("format", .string(format.rawValue))]
        func add(_ key: String, _ value: String?) {
            if let value, !value.isEmpty { members.append((key, .string(value))) }
        }
        add("title", found.title)
        add("author", found.author)
        add("subject", found.subject)
        add("keywords", found.keywords)
        add("created_at", found.createdAt)
        add("modified_at", found.modifiedAt)
        add("language", found.language)
        if let pages = found.pageCount { members.append(("page_count", .number(Double(pages)))) }
        add("producer", found.producer)
        for key in found.extra.keys.sorted() { add(key, found.extra[key]) }
        if let mismatch {
            var warning: [(key: String, value: JSONValue)] = [("detected", .string(format.rawValue))]
            if let declared = mismatch.declaredType { warning.append(("declared_type", .string(declared))) }
            if let filename = mismatch.filename { warning.append(("filename", .string(filename))) }
            members.append(("content_type_mismatch", .object(warning)))
        }
        return .object(members)
    }
}

extension StringProtocol {
    /// Without leading and trailing characters of `set`.
    func trimmingCharacters(in set: String) -> String {
        let scalars = Set(set.unicodeScalars)
        let view = unicodeScalars
        guard let first = view.firstIndex(where: { !scalars.contains($0) }),
              let last = view.lastIndex(where: { !scalars.contains($0) }) else { return "" }
        return String(String.UnicodeScalarView(view[first...last]))
    }
}
