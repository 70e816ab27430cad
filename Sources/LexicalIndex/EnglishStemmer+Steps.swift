/// The steps of Porter2 in order. Each step looks for the longest suffix of its list first and then applies only that
/// suffix's rule: when the rule's condition fails, a shorter suffix is not tried.
extension EnglishStemmer {
    /// Step 0 and 1a: possessive apostrophes, then plural `-s`/`-es`/`-ies`.
    mutating func step1a() {
        if ends(with: "'s'") {
            word.removeLast(3)
        } else if ends(with: "'s") {
            word.removeLast(2)
        } else if ends(with: "'") {
            word.removeLast(1)
        }
        if ends(with: "sses") {
            word.removeLast(2)
        } else if ends(with: "ied") || ends(with: "ies") {
            // ties → tie, cries → cri: `i` only when more than one letter precedes.
            replaceSuffix(3, with: word.count > 4 ? "i" : "ie")
        } else if ends(with: "us") || ends(with: "ss") {
            return
        } else if ends(with: "s") {
            // gaps → gap, but gas and this stay: a vowel must occur before the letter preceding the s.
            if (0..<max(0, word.count - 2)).contains(where: isVowel) { word.removeLast() }
        }
    }

    /// Step 1b: `-eed(ly)` and `-ed`, `-edly`, `-ing`, `-ingly`, repairing what the removal leaves.
    mutating func step1b() {
        guard let (length, replacesWithEE) = Self.step1bRules.longestMatch(word) else { return }
        if replacesWithEE {
            if inR1(length) { replaceSuffix(length, with: "ee") }
            return
        }
        let stemEnd = word.count - length
        guard (0..<stemEnd).contains(where: isVowel) else { return }
        word.removeLast(length)
        if ends(with: "at") || ends(with: "bl") || ends(with: "iz") {
            word.append(.e)  // luxuriat → luxuriate
        } else if endsWithDouble() {
            word.removeLast()  // hopp → hop
        } else if isShort() {
            word.append(.e)  // hop → hope
        }
    }

    /// Step 1c: a final `y`/`Y` after a non-vowel that is not the first letter becomes `i` (cry → cri, by stays).
    mutating func step1c() {
        let count = word.count
        guard count > 2, word[count - 1] == .y || word[count - 1] == .capitalY, !isVowel(count - 2) else { return }
        word[count - 1] = .i
    }

    /// Step 2: derivational suffixes in R1 map to a shorter form.
    mutating func step2() {
        guard let (length, rule) = Self.step2Rules.longestMatch(word), inR1(length) else { return }
        let before = word.count - length - 1
        switch rule {
        case .replace(let replacement):
            replaceSuffix(length, with: replacement)
        case .ogi:
            if before >= 0 && word[before] == .l { replaceSuffix(length, with: "og") }
        case .li:
            if before >= 0 && Self.validLiEndings.contains(word[before]) { word.removeLast(length) }
        }
    }

    /// Step 3: more derivational suffixes in R1; `-ative` only in R2.
    mutating func step3() {
        guard let (length, rule) = Self.step3Rules.longestMatch(word), inR1(length) else { return }
        switch rule {
        case .replace(let replacement): replaceSuffix(length, with: replacement)
        case .deleteInR2: if inR2(length) { word.removeLast(length) }
        }
    }

    /// Step 4: suffixes in R2 are deleted; `-ion` only after `s` or `t`.
    mutating func step4() {
        guard let (length, afterSOrT) = Self.step4Rules.longestMatch(word), inR2(length) else { return }
        if afterSOrT {
            let before = word.count - length - 1
            guard before >= 0, word[before] == .s || word[before] == .t else { return }
        }
        word.removeLast(length)
    }

    /// Step 5: a final `e` in R2, or in R1 when not after a short syllable; a final `l` in R2 after another `l`.
    mutating func step5() {
        let count = word.count
        if ends(with: "e") {
            if inR2(1) || (inR1(1) && !endsWithShortSyllable(count - 1)) { word.removeLast() }
        } else if ends(with: "l") {
            if inR2(1) && count >= 2 && word[count - 2] == .l { word.removeLast() }
        }
    }

    private func endsWithDouble() -> Bool {
        let count = word.count
        guard count >= 2, word[count - 1] == word[count - 2] else { return false }
        return Self.doubles.contains(word[count - 1])
    }

    /// Whole-word exceptions applied before anything else; true when `word` was one (and is now its stem).
    static func applyException1(_ word: inout [UInt8]) -> Bool {
        guard (3...6).contains(word.count) else { return false }
        for (form, stem) in exceptions1 {
            guard word.count == form.utf8CodeUnitCount, word[0] == form.utf8Start[0],
                  SuffixRules<Bool>.word(word, endsWith: form) else { continue }
            word = Array(UnsafeBufferPointer(start: stem.utf8Start, count: stem.utf8CodeUnitCount))
            return true
        }
        return false
    }
}

extension EnglishStemmer {
    enum Step2Rule: Sendable { case replace(StaticString), ogi, li }
    enum Step3Rule: Sendable { case replace(StaticString), deleteInR2 }

    static let prefixesEndingR1: [StaticString] = ["gener", "commun", "arsen"]
    static let doubles: Set<UInt8> = Set("bdfgmnprt".utf8)
    static let validLiEndings: Set<UInt8> = Set("cdeghkmnrt".utf8)

    /// Special forms and words the rules would damage; the invariant ones map to themselves.
    static let exceptions1: [(form: StaticString, stem: StaticString)] = [
        ("skis", "ski"), ("skies", "sky"), ("dying", "die"), ("lying", "lie"), ("tying", "tie"),
        ("idly", "idl"), ("gently", "gentl"), ("ugly", "ugli"), ("early", "earli"), ("only", "onli"),
        ("singly", "singl"),
        ("sky", "sky"), ("news", "news"), ("howe", "howe"), ("atlas", "atlas"), ("cosmos", "cosmos"),
        ("bias", "bias"), ("andes", "andes"),
    ]

    /// Words left as they are once step 1a has run.
    static let exceptions2: [StaticString] = [
        "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed",
    ]

    /// Step 1b: `true` for the suffixes that become `ee`.
    static let step1bRules = SuffixRules<Bool>([
        ("eedly", true), ("ingly", false), ("edly", false), ("eed", true), ("ing", false), ("ed", false),
    ])

    static let step2Rules = SuffixRules<Step2Rule>([
        ("tional", .replace("tion")), ("enci", .replace("ence")), ("anci", .replace("ance")),
        ("abli", .replace("able")), ("entli", .replace("ent")), ("izer", .replace("ize")),
        ("ization", .replace("ize")), ("ational", .replace("ate")), ("ation", .replace("ate")),
        ("ator", .replace("ate")), ("alism", .replace("al")), ("aliti", .replace("al")), ("alli", .replace("al")),
        ("fulness", .replace("ful")), ("ousli", .replace("ous")), ("ousness", .replace("ous")),
        ("iveness", .replace("ive")), ("iviti", .replace("ive")), ("biliti", .replace("ble")),
        ("bli", .replace("ble")), ("ogi", .ogi), ("fulli", .replace("ful")), ("lessli", .replace("less")),
        ("li", .li),
    ])

    static let step3Rules = SuffixRules<Step3Rule>([
        ("tional", .replace("tion")), ("ational", .replace("ate")), ("alize", .replace("al")),
        ("icate", .replace("ic")), ("iciti", .replace("ic")), ("ical", .replace("ic")),
        ("ful", .replace("")), ("ness", .replace("")), ("ative", .deleteInR2),
    ])

    /// Step 4: `true` for `ion`, which needs a preceding `s` or `t`.
    static let step4Rules = SuffixRules<Bool>(
        ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti",
         "ous", "ive", "ize"].map { ($0, false) } + [("ion", true)]
    )
}
