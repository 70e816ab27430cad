import Store
import Testing
@testable import App

@Suite struct ChunkCacheTests {
    private func chunk(_ id: String, title: String = "T") -> CitableChunk {
        CitableChunk(id: id, documentID: "doc_1", index: 0, text: "text of \(id)", page: nil, parentID: nil,
                     title: title, externalID: nil)
    }

    @Test func servesCurrentEntriesAndReloadsStaleOnes() {
        let cache = ChunkCache(capacityBytes: 1 << 20)
        let org = OrgID("org_a")
        var loads: [[String]] = []
        var titles = ["c1": "old", "c2": "old"]
        let load: ([String]) -> [String: CitableChunk] = { ids in
            loads.append(ids)
            return Dictionary(uniqueKeysWithValues: ids.compactMap { id in titles[id].map { (id, self.chunk(id, title: $0)) } })
        }
        let atOne = [ChunkCache.Reference(id: "c1", kbID: "kb_1", generation: 1),
                     ChunkCache.Reference(id: "c2", kbID: "kb_1", generation: 1)]
        #expect(cache.chunks(atOne, org: org, load: load).mapValues(\.chunk.title) == ["c1": "old", "c2": "old"])
        #expect(cache.chunks(atOne, org: org, load: load).count == 2)
        #expect(loads == [["c1", "c2"]])  // the second lookup read nothing

        // A new generation of the knowledge base: the entries are stale and read again.
        titles["c1"] = "new"
        titles["c2"] = nil  // deleted meanwhile: left out
        let atTwo = atOne.map { ChunkCache.Reference(id: $0.id, kbID: $0.kbID, generation: 2) }
        #expect(cache.chunks(atTwo, org: org, load: load).mapValues(\.chunk.title) == ["c1": "new"])
        #expect(loads.last == ["c1", "c2"])

        // Another organization never sees this one's entries, nor the same id under another knowledge base.
        _ = cache.chunks([ChunkCache.Reference(id: "c1", kbID: "kb_1", generation: 2)], org: OrgID("org_b"), load: load)
        #expect(loads.last == ["c1"])
        _ = cache.chunks([ChunkCache.Reference(id: "c1", kbID: "kb_9", generation: 2)], org: org, load: load)
        #expect(loads.last == ["c1"])
        #expect(loads.count == 4)
    }
}
