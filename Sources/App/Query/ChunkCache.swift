import Retrieval
import Store
import Threading

/// Retrieved chunks (text, title, page, parent) kept between queries: a workload keeps returning the same chunks,
/// and reading them back from SQLite was a tenth of a query's time — every commit (query history is written many
/// times a second) empties the readers' page caches.
///
/// An entry is good for the index generation of its knowledge base it was read under; any change to that knowledge
/// base's chunks (a new version of a document, a deletion) is a new generation, so a stale entry is never served —
/// it is read again and replaced. Keys carry the organization: a chunk is only ever found by its own tenant.
final class ChunkCache: Sendable {
    /// A chunk a query wants: its id, and its knowledge base's generation as the search saw it.
    struct Reference: Sendable {
        var id: String
        var kbID: String
        var generation: Int64
    }

    /// A chunk with its words and their terms found for highlighting, once, when it was read. A class: a hit hands
    /// out one reference rather than copying (and retaining) every string of the chunk.
    final class Loaded: Sendable {
        let chunk: CitableChunk
        let words: Highlighter.Words

        init(_ chunk: CitableChunk) {
            self.chunk = chunk
            words = QueryService.highlighterWords(chunk.text)
        }
    }

    private struct Key: Hashable, Sendable {
        var org: String
        var chunkID: String
    }

    private final class Entry: Sendable {
        let kbID: String
        let generation: Int64
        let loaded: Loaded

        init(kbID: String, generation: Int64, loaded: Loaded) {
            self.kbID = kbID
            self.generation = generation
            self.loaded = loaded
        }
    }

    private let entries: LRUCache<Key, Entry>

    init(capacityBytes: Int) {
        entries = LRUCache(capacityBytes: capacityBytes) { key, entry in
            let chunk = entry.loaded.chunk
            return 160 + entry.loaded.words.extraBytes + key.org.utf8.count + key.chunkID.utf8.count * 2
                + entry.kbID.utf8.count + chunk.text.utf8.count + chunk.title.utf8.count + chunk.documentID.utf8.count
                + (chunk.parentID?.utf8.count ?? 0) + (chunk.externalID?.utf8.count ?? 0)
        }
    }

    /// The chunks of `references` by id: from memory where current, the rest read with `load` (one call for all of
    /// them) and kept. A chunk `load` does not return (deleted since the search) is left out.
    func chunks(_ references: [Reference], org: OrgID,
                load: ([String]) throws -> [String: CitableChunk]) rethrows -> [String: Loaded] {
        var found: [String: Loaded] = [:]
        var missing: [Reference] = []
        let cached = entries.values(for: references.map { Key(org: org.rawValue, chunkID: $0.id) })
        for (reference, entry) in zip(references, cached) {
            if let entry, entry.kbID == reference.kbID, entry.generation == reference.generation {
                found[reference.id] = entry.loaded
            } else {
                missing.append(reference)
            }
        }
        guard !missing.isEmpty else { return found }
        let loaded = try load(missing.map(\.id))
        var fresh: [(key: Key, value: Entry)] = []
        for reference in missing {
            guard let chunk = loaded[reference.id] else { continue }
            let entry = Loaded(chunk)
            found[reference.id] = entry
            fresh.append((Key(org: org.rawValue, chunkID: reference.id),
                          Entry(kbID: reference.kbID, generation: reference.generation, loaded: entry)))
        }
        entries.store(fresh)
        return found
    }
}
