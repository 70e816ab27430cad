/// The Porter2 stemmer (Snowball English, in the revision with the `gener`/`commun`/`arsen` prefixes and the two
/// exception lists), written from Martin Porter's published description of the algorithm.
///
/// It works on lowercase ASCII bytes in place; the analyzer calls it only for runs of `a`–`z`. Terms used below:
/// vowels are `a e i o u y`; R1 is the part after the first non-vowel that follows a vowel, R2 the same inside R1; a
/// suffix is "in R1" when it starts at or after R1's start. A `y` that acts as a consonant (first letter, or after a
/// vowel) is marked `Y` while the steps run.
struct EnglishStemmer {
    var word: [UInt8]
    var r1 = 0
    var r2 = 0

    /// Stems `word` (lowercase ASCII letters, apostrophes allowed) in place without allocating when it has room.
    static func stem(_ word: inout [UInt8]) {
        if applyException1(&word) || word.count <= 2 { return }
        var stemmer = EnglishStemmer(word: [])
        swap(&stemmer.word, &word)
        stemmer.run()
        swap(&stemmer.word, &word)
    }

    /// The stem of a lowercase English word.
    static func stem(_ word: String) -> String {
        var bytes = Array(word.utf8)
        stem(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func run() {
        prelude()
        markRegions()
        step1a()
        // The second exception list holds only six- and seven-letter words.
        if (6...7).contains(word.count) && Self.exceptions2.contains(where: { equals($0) }) { return postlude() }
        step1b()
        step1c()
        step2()
        step3()
        step4()
        step5()
        postlude()
    }

    /// Drops a leading apostrophe and marks consonant `y`s as `Y`.
    private mutating func prelude() {
        if word.first == .apostrophe { word.removeFirst() }
        guard !word.isEmpty else { return }
        if word[0] == .y { word[0] = .capitalY }
        for index in word.indices.dropFirst() where word[index] == .y && isVowel(index - 1) {
            word[index] = .capitalY
        }
    }

    private mutating func postlude() {
        for index in word.indices where word[index] == .capitalY { word[index] = .y }
    }

    /// R1 and R2; for words starting `gener`, `commun` or `arsen` R1 starts after that prefix, which keeps
    /// `general`/`generic`/`generous` and `communism`/`community` apart.
    private mutating func markRegions() {
        r1 = Self.prefixesEndingR1.first(where: { starts(with: $0) })?.utf8CodeUnitCount
            ?? regionStart(after: 0)
        r2 = regionStart(after: r1)
    }

    /// The index after the first non-vowel that follows a vowel at or after `start`; the word's length if none.
    private func regionStart(after start: Int) -> Int {
        var index = start
        while index < word.count && !isVowel(index) { index += 1 }
        while index < word.count && isVowel(index) { index += 1 }
        return index < word.count ? index + 1 : word.count
    }

    // MARK: Letter tests

    func isVowel(_ index: Int) -> Bool {
        switch word[index] {
        case .a, .e, .i, .o, .u, .y: return true
        default: return false
        }
    }

    @inline(__always)
    func ends(with suffix: StaticString) -> Bool { SuffixRules<Bool>.word(word, endsWith: suffix) }

    func starts(with prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard word.count >= length else { return false }
        for offset in 0..<length where word[offset] != prefix.utf8Start[offset] { return false }
        return true
    }

    func equals(_ other: StaticString) -> Bool { word.count == other.utf8CodeUnitCount && ends(with: other) }

    /// Whether a suffix of `length` letters starts inside R1 / R2.
    func inR1(_ length: Int) -> Bool { word.count - length >= r1 }
    func inR2(_ length: Int) -> Bool { word.count - length >= r2 }

    /// Whether the first `end` letters end in a short syllable: non-vowel, vowel, non-vowel other than `w`, `x` or
    /// `Y`; or, for a two-letter stretch, a vowel then a non-vowel.
    func endsWithShortSyllable(_ end: Int) -> Bool {
        if end >= 3 {
            let last = word[end - 1]
            return !isVowel(end - 3) && isVowel(end - 2) && !isVowel(end - 1)
                && last != .w && last != .x && last != .capitalY
        }
        return end == 2 && isVowel(0) && !isVowel(1)
    }

    /// A word is short when it ends in a short syllable and R1 is empty.
    func isShort() -> Bool { r1 >= word.count && endsWithShortSyllable(word.count) }

    mutating func replaceSuffix(_ length: Int, with replacement: StaticString) {
        word.removeLast(length)
        word.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
    }
}

extension UInt8 {
    static let a = UInt8(ascii: "a"), e = UInt8(ascii: "e"), i = UInt8(ascii: "i"), o = UInt8(ascii: "o")
    static let u = UInt8(ascii: "u"), y = UInt8(ascii: "y"), w = UInt8(ascii: "w"), x = UInt8(ascii: "x")
    static let l = UInt8(ascii: "l"), s = UInt8(ascii: "s"), t = UInt8(ascii: "t")
    static let capitalY = UInt8(ascii: "Y"), apostrophe = UInt8(ascii: "'")
}
