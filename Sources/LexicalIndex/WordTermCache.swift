import Synchronization

/// The analyzed terms of single words, remembered across calls and threads. Highlighting analyzes every word of each
/// chunk it reads into the chunk cache, and the same words come back chunk after chunk; stemming one costs about
/// 2,400 instructions, a lookup here about 150.
///
/// Sixteen shards, each behind its own lock, so concurrent queries rarely wait for one another. A shard that
/// fills up is emptied and starts over: the terms are a pure function of the word, so forgetting costs only the
/// analysis again, and memory stays bounded whatever words arrive.
package final class WordTermCache: Sendable {
    private final class Locked: Sendable {
        let shard: Mutex<Shard>

        init(_ shard: Shard) {
            self.shard = Mutex(shard)
        }
    }

    private let shards: [Locked]

    /// A cache over `analyzer` keeping up to `wordsPerShard` words in each of its sixteen shards.
    package init(_ analyzer: Analyzer, wordsPerShard: Int = 4_096) {
        shards = (0..<16).map { _ in Locked(Shard(analyzer, capacity: max(1, wordsPerShard))) }
    }

    /// Calls `body` with each term `word` (valid UTF-8) analyzes to, in order, as `Analyzer.Reusable` would. The
    /// buffer is valid only during the call; `body` must not use this cache.
    package func forEachTerm(in word: UnsafeBufferPointer<UInt8>,
                             _ body: (_ term: UnsafeBufferPointer<UInt8>) -> Void) {
        let hash = Self.hash(word)
        shards[Int(hash >> 28)].shard.withLock { shard in shard.forEachTerm(in: word, hash: hash, body) }
    }

    /// Words held, over all shards.
    package var count: Int { shards.reduce(0) { total, locked in total + locked.shard.withLock { $0.count } } }

    /// FNV-1a, folded to 32 bits. A collision costs a comparison, never a wrong answer.
    private static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in word { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return UInt32(truncatingIfNeeded: hash ^ hash >> 32)
    }

    /// Open addressing over one byte arena: each entry is the word's bytes followed by its terms, each term as a
    /// length byte and its bytes (a term is at most `AnalyzerOptions.maxTokenBytesLimits.upperBound`, 255, bytes).
    /// The arena stays far below 4 GiB: a shard holds at most `capacity` words, and highlighted words are short.
    private struct Shard {
        private struct Slot {
            var hash: UInt32 = 0
            var offset: UInt32 = 0
            var wordLength: UInt32 = 0
            var termsLength: UInt32 = 0
            var used = false
        }

        private var slots: [Slot]
        private var arena: [UInt8] = []
        private var analysis: Analyzer.Reusable
        private let capacity: Int
        private(set) var count = 0

        init(_ analyzer: Analyzer, capacity: Int) {
            self.capacity = capacity
            analysis = Analyzer.Reusable(analyzer)
            var size = 16
            while size < capacity * 2 { size *= 2 }
            slots = [Slot](repeating: Slot(), count: size)
        }

        mutating func forEachTerm(in word: UnsafeBufferPointer<UInt8>, hash: UInt32,
                                  _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
            let mask = slots.count - 1
            var index = Int(hash) & mask
            while slots[index].used {
                let slot = slots[index]
                if slot.hash == hash && Int(slot.wordLength) == word.count && matches(slot, word) {
                    replay(slot, body)
                    return
                }
                index = (index + 1) & mask
            }
            if count >= capacity {
                reset()
                forEachTerm(in: word, hash: hash, body)
                return
            }
            let offset = arena.count
            arena.append(contentsOf: word)
            analysis.forEachTerm(in: word) { term in
                body(term)
                arena.append(UInt8(term.count))
                arena.append(contentsOf: term)
            }
            slots[index] = Slot(hash: hash, offset: UInt32(offset), wordLength: UInt32(word.count),
                                termsLength: UInt32(arena.count - offset - word.count), used: true)
            count += 1
        }

        private func matches(_ slot: Slot, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
            arena.withUnsafeBufferPointer { stored in
                UnsafeBufferPointer(rebasing: stored[Int(slot.offset)..<(Int(slot.offset) + word.count)])
                    .elementsEqual(word)
            }
        }

        private func replay(_ slot: Slot, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
            arena.withUnsafeBufferPointer { stored in
                var position = Int(slot.offset + slot.wordLength)
                let end = position + Int(slot.termsLength)
                while position < end {
                    let length = Int(stored[position])
                    body(UnsafeBufferPointer(rebasing: stored[(position + 1)..<(position + 1 + length)]))
                    position += 1 + length
                }
            }
        }

        private mutating func reset() {
            for index in slots.indices { slots[index] = Slot() }
            arena.removeAll(keepingCapacity: true)
            count = 0
        }
    }
}
