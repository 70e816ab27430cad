import Testing
@testable import LexicalIndex
import TestSupport
import Threading

@Suite struct ConcurrencyTests {
    @Test func readersRunWhileAWriterChangesTheIndex() {
        var corpus = RandomCorpus(seed: 77, vocabulary: 150)
        let initial = corpus.documents(1_500)
        let index = makeIndex(initial)
        var operations: [(label: UInt64, text: String?)] = []
        var live = initial
        for step in 0..<1_500 {
            let label = step % 3 == 0 ? live.keys.randomElement(using: &corpus.generator)! : corpus.label()
            let text: String? = step % 3 == 0 ? nil : corpus.text(words: 1...30)
            operations.append((label, text))
            live[label] = text
        }
        let queries = (0..<50).map { _ in corpus.text(words: 1...6) }
        let script = operations
        let writer = OSThread.spawn(name: "bm25-writer") {
            for (label, text) in script {
                if let text { index.add(label: label, text: text) } else { index.remove(label: label) }
            }
        }
        let readers = (0..<3).map { reader in
            OSThread.spawn(name: "bm25-reader-\(reader)") {
                for round in 0..<400 {
                    let hits = index.search(queries[(round + reader) % queries.count], k: 10)
                    // Each search sees one consistent state: results sorted best first.
                    precondition(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score }, "unsorted hits")
                }
            }
        }
        writer.join()
        readers.forEach { $0.join() }
        let fresh = makeIndex(live)
        #expect(index.count == live.count)
        for query in queries {
            #expect(index.search(query, k: 10) == fresh.search(query, k: 10))
        }
    }
}
