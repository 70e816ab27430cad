/// WordPiece's vocabulary as two open-addressing hash tables over UTF-8 bytes: pieces that may start a word, and
/// continuation pieces (listed as `##piece`, stored without the prefix). Lookups take the bytes of a word as they lie
/// in the input and fold ASCII upper case while hashing and comparing, so the common all-ASCII word is matched
/// without being copied or lower-cased first. That folding suits uncased vocabularies (this model's), whose only
/// upper-case entries are the special tokens.
struct Vocabulary: Sendable {
    /// Entries that may start a word: every line of the file, as written.
    let initial: Table
    /// Entries that continue a word: lines starting with `##`, without it.
    let continuation: Table
    /// Number of lines (ids run from 0 to count - 1).
    let count: Int

    /// Builds the tables from `vocab.txt` bytes: one token per line, its id the line number (from 0). A token listed
    /// twice keeps the later id, as the reference tokenizer's loader does.
    init(lines bytes: [UInt8]) {
        var initial = Table.Builder()
        var continuation = Table.Builder()
        var id: Int32 = 0
        var lineStart = 0
        var lines = 0
        let prefix: [UInt8] = [0x23, 0x23]  // "##"
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var tokenEnd = lineEnd
            if tokenEnd > lineStart && bytes[tokenEnd - 1] == 0x0D { tokenEnd -= 1 }  // CRLF files
            let token = bytes[lineStart..<tokenEnd]
            initial.insert(token, id: id)
            if token.count > 2 && token.starts(with: prefix) {
                continuation.insert(token.dropFirst(2), id: id)
            }
            id += 1
            lines += 1
            lineStart = lineEnd + 1
        }
        self.initial = initial.build()
        self.continuation = continuation.build()
        count = lines
    }

    /// The id of the exact token `text` (special tokens such as `[CLS]`), or nil.
    func id(of text: String) -> Int32? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { initial.id(of: $0.baseAddress!, count: $0.count) }
    }
}

extension Vocabulary {
    /// A hash table from byte strings to ids with linear probing; the keys live back to back in one array.
    struct Table: Sendable {
        private let slots: [Int32]     // entry index + 1; 0 marks an empty slot
        private let keyBytes: [UInt8]
        private let keyStarts: [Int32]  // entry i's key is keyBytes[keyStarts[i]..<keyStarts[i + 1]]
        private let ids: [Int32]
        private let mask: Int
        /// The longest key in bytes: no match can be longer, so the greedy search starts there.
        let longestKey: Int

        /// Collects entries; a later insert of the same key replaces the id.
        struct Builder {
            private var index: [[UInt8]: Int32] = [:]
            private var order: [[UInt8]] = []

            mutating func insert(_ key: ArraySlice<UInt8>, id: Int32) {
                let key = Array(key)
                if index.updateValue(id, forKey: key) == nil { order.append(key) }
            }

            func build() -> Table {
                Table(keys: order, ids: order.map { index[$0]! })
            }
        }

        private init(keys: [[UInt8]], ids: [Int32]) {
            var capacity = 16
            while capacity < keys.count * 2 { capacity *= 2 }  // load factor ≤ 1/2 keeps probe runs short
            mask = capacity - 1
            var slots = [Int32](repeating: 0, count: capacity)
            var keyBytes: [UInt8] = []
            var keyStarts: [Int32] = [0]
            for (entry, key) in keys.enumerated() {
                keyBytes += key
                keyStarts.append(Int32(keyBytes.count))
                var slot = key.withUnsafeBufferPointer { Self.hash($0.baseAddress, count: $0.count) } & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(entry + 1)
            }
            self.slots = slots
            self.keyBytes = keyBytes
            self.keyStarts = keyStarts
            self.ids = ids
            longestKey = keys.map(\.count).max() ?? 0
        }

        /// The id of the `count` bytes at `start`, ASCII upper case folded to lower; nil if absent.
        @inline(__always)
        func id(of start: UnsafePointer<UInt8>, count: Int) -> Int32? {
            var slot = Self.hash(start, count: count) & mask
            return slots.withUnsafeBufferPointer { slots in
                keyBytes.withUnsafeBufferPointer { keys in
                    keyStarts.withUnsafeBufferPointer { starts in
                        while true {
                            let entry = Int(slots[slot]) - 1
                            if entry < 0 { return nil }
                            let keyStart = Int(starts[entry])
                            if Int(starts[entry + 1]) - keyStart == count
                                && Self.equalFolded(keys.baseAddress! + keyStart, start, count: count) {
                                return ids[entry]
                            }
                            slot = (slot + 1) & mask
                        }
                    }
                }
            }
        }

        /// ASCII `A`–`Z` as `a`–`z`, every other byte as is.
        @inline(__always)
        static func folded(_ byte: UInt8) -> UInt8 {
            byte &- 0x41 < 26 ? byte | 0x20 : byte
        }

        /// FNV-1a (64-bit) of the folded bytes.
        @inline(__always)
        private static func hash(_ bytes: UnsafePointer<UInt8>?, count: Int) -> Int {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for index in 0..<count {
                hash = (hash ^ UInt64(folded(bytes![index]))) &* 0x0000_0100_0000_01B3
            }
            return Int(truncatingIfNeeded: hash ^ (hash >> 29))
        }

        @inline(__always)
        private static func equalFolded(_ key: UnsafePointer<UInt8>, _ word: UnsafePointer<UInt8>, count: Int) -> Bool {
            for index in 0..<count where folded(key[index]) != folded(word[index]) { return false }
            return true
        }
    }
}
