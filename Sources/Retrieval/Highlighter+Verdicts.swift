#if canImport(Glibc)
import Glibc
#endif

extension Highlighter {
    /// Whether a word matches, for the words a highlighter has already analyzed, keyed by the word's bytes as they
    /// appear in the text: an open-addressing table over one byte arena. A lookup hashes and compares bytes; a
    /// `[String: Bool]` made a `String` and ran SipHash for every candidate word of every returned chunk.
    struct Verdicts {
        private struct Slot {
            var hash: UInt32 = 0
            var offset: UInt32 = 0
            /// `UInt32.max` marks an empty slot.
            var length: UInt32 = .max
            var verdict = false
        }

        private var slots = [Slot](repeating: Slot(), count: 64)
        private var arena: [UInt8] = []
        private var count = 0

        /// The verdict on `word`: the one recorded before, or `decide(word)`, recorded.
        mutating func verdict(on word: UnsafeBufferPointer<UInt8>,
                              otherwise decide: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
            let hash = Self.hash(word)
            var index = Int(hash) & (slots.count - 1)
            while slots[index].length != .max {
                let slot = slots[index]
                if slot.hash == hash && Int(slot.length) == word.count && equal(slot, word) { return slot.verdict }
                index = (index + 1) & (slots.count - 1)
            }
            let verdict = decide(word)
            slots[index] = Slot(hash: hash, offset: UInt32(arena.count), length: UInt32(word.count), verdict: verdict)
            arena.append(contentsOf: word)
            count += 1
            if count * 2 > slots.count { grow() }
            return verdict
        }

        private func equal(_ slot: Slot, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
            arena.withUnsafeBufferPointer { stored in
                guard let base = stored.baseAddress, let other = word.baseAddress else { return word.isEmpty }
                return memcmp(base + Int(slot.offset), other, word.count) == 0
            }
        }

        /// Doubles the table, placing every slot again by its stored hash (the arena stays as it is).
        private mutating func grow() {
            var larger = [Slot](repeating: Slot(), count: slots.count * 2)
            for slot in slots where slot.length != .max {
                var index = Int(slot.hash) & (larger.count - 1)
                while larger[index].length != .max { index = (index + 1) & (larger.count - 1) }
                larger[index] = slot
            }
            slots = larger
        }

        /// FNV-1a, folded to 32 bits: words are short and a collision costs a comparison, never a wrong verdict. The
        /// words come from the caller's own retrieved chunks, so crafted collisions could only slow the crafter.
        private static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt32 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in word {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            return UInt32(truncatingIfNeeded: hash ^ hash >> 32)
        }
    }
}
