import Testing
import Threading

@Suite struct LRUCacheTests {
    /// Every entry costs its key's length plus its value.
    private func cache(_ capacity: Int) -> LRUCache<String, Int> {
        LRUCache(capacityBytes: capacity) { key, value in key.utf8.count + value }
    }

    @Test func evictsLeastRecentlyUsedFirst() {
        let lru = cache(30)
        lru.store(7, for: "one")  // 10 bytes each
        lru.store(7, for: "two")
        lru.store(7, for: "six")
        #expect(lru.value(for: "one") == 7)  // now the most recent
        lru.store(7, for: "ten")  // evicts "two"
        #expect(lru.value(for: "two") == nil)
        #expect(lru.value(for: "one") == 7 && lru.value(for: "six") == 7 && lru.value(for: "ten") == 7)
        #expect(lru.count == 3)
        #expect(lru.statistics.hits == 4 && lru.statistics.misses == 1)
    }

    @Test func batchesLookAndStoreInOrder() {
        let lru = cache(30)
        lru.store([(key: "one", value: 7), (key: "two", value: 7), (key: "six", value: 7), (key: "ten", value: 7)])
        #expect(lru.values(for: ["one", "two", "six", "ten"]) == [nil, 7, 7, 7])  // "one" went to make room
        #expect(lru.values(for: ["two"]) == [7])
        lru.store([(key: "new", value: 7), (key: "big", value: 99)])  // "six" (least recent) goes; "big" never fits
        #expect(lru.values(for: ["six", "ten", "two", "new", "big"]) == [nil, 7, 7, 7, nil])
    }

    @Test func replacingAValueRecountsItsBytes() {
        let lru = cache(30)
        lru.store(7, for: "one")
        lru.store(7, for: "two")
        lru.store(17, for: "one")  // 20 bytes now: with "two" the cache is full
        #expect(lru.value(for: "one") == 17 && lru.value(for: "two") == 7)
        lru.store(1, for: "one")  // 4 bytes: room again for another 10
        lru.store(7, for: "six")
        #expect(lru.value(for: "one") == 1 && lru.value(for: "two") == 7 && lru.value(for: "six") == 7)
    }

    @Test func oversizedEntriesAreNotKeptAndZeroCapacityKeepsNothing() {
        let lru = cache(10)
        lru.store(100, for: "big")
        #expect(lru.value(for: "big") == nil)
        let none = cache(0)
        none.store(0, for: "")
        #expect(none.count == 0)
    }

    /// Threads storing and reading at once never see a value stored under another key, and the byte bound holds.
    @Test func concurrentUseKeepsKeysAndBound() {
        let lru = cache(2_000)
        let threads = (0..<4).map { thread in
            OSThread.spawn(name: "lru-\(thread)") {
                for round in 0..<20_000 {
                    let key = "k\((round * 7 + thread) % 300)"
                    if let value = lru.value(for: key) {
                        #expect(value == key.utf8.count)
                    } else {
                        lru.store(key.utf8.count, for: key)
                    }
                }
            }
        }
        threads.forEach { $0.join() }
        #expect(lru.count > 0 && lru.count <= 2_000 / 4)
    }

    /// Against a plain model (a list, newest first) over thousands of random stores and lookups of varied sizes:
    /// the same values found, the same entries kept — slots freed by eviction and replacement are reused correctly.
    @Test func agreesWithAPlainModel() {
        let capacity = 200
        let lru = cache(capacity)
        var model: [(key: String, value: Int)] = []  // newest first
        var generator = SystemRandomNumberGenerator()
        for step in 0..<20_000 {
            let key = "k\(Int.random(in: 0..<40, using: &generator))"
            if Bool.random(using: &generator) {
                let value = Int.random(in: 0...60, using: &generator)
                lru.store(value, for: key)
                model.removeAll { $0.key == key }
                guard key.utf8.count + value <= capacity else { continue }
                model.insert((key, value), at: 0)
                while model.reduce(0, { $0 + $1.key.utf8.count + $1.value }) > capacity { model.removeLast() }
            } else {
                let expected = model.firstIndex { $0.key == key }.map { model.remove(at: $0) }
                if let expected { model.insert(expected, at: 0) }
                #expect(lru.value(for: key) == expected?.value, "step \(step), key \(key)")
            }
            #expect(lru.count == model.count, "step \(step)")
            if lru.count != model.count { return }
        }
    }
}
