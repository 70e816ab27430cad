/// Every scalar's kind and folded forms, precomputed once for the scripts most text uses (everything below U+2500:
/// Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, the Indic scripts, general punctuation) and computed on demand for
/// the rest, so the tokenizer's common path is two array reads instead of Unicode property lookups.
///
/// Folding is Unicode case folding (lowercase mapping plus the full-folding cases lowercasing misses: `ß → ss`,
/// `ς → σ`, `ſ → s`, `µ → μ`, the `ﬁ`-style ligatures), then, when accents are folded, the removal of diacritics:
/// combining marks of the generic diacritic blocks are dropped (script-specific marks such as Devanagari vowel signs
/// or the kana voicing marks are kept — they are letters of those scripts), and a precomposed Latin, Greek or Cyrillic
/// letter becomes its base letter. The base is read from the Unicode name (`LATIN SMALL LETTER O WITH STROKE` → `o`),
/// which also covers the letters canonical decomposition leaves alone (`ø`, `ł`, `đ`); `æ → ae`, `œ → oe`,
/// `þ → th`, `ð → d`, `ı → i` are spelled out. Cyrillic `ё` and `й` are letters in their own right (no "WITH" in
/// their names) and stay.
struct ScalarFoldTable: Sendable {
    /// The one table, built on first use (a few milliseconds).
    static let shared = ScalarFoldTable()

    /// Scalars below this are precomputed; the block that starts here (box drawing) begins the symbol-heavy ranges.
    static let tableEnd: UInt32 = 0x2500

    private let kinds: [ScalarKind]
    private let loweredStarts: [Int32]
    private let lowered: [UInt8]
    private let unaccentedStarts: [Int32]
    private let unaccented: [UInt8]

    private init() {
        var kinds: [ScalarKind] = []
        var loweredStarts: [Int32] = [0]
        var lowered: [UInt8] = []
        var unaccentedStarts: [Int32] = [0]
        var unaccented: [UInt8] = []
        let bases = Self.accentBases()
        kinds.reserveCapacity(Int(Self.tableEnd))
        for value in 0..<Self.tableEnd {
            let folded = Unicode.Scalar(value).map { Self.fold($0, bases: bases) } ?? .separator
            kinds.append(folded.kind)
            lowered += folded.lowered
            unaccented += folded.unaccented
            loweredStarts.append(Int32(lowered.count))
            unaccentedStarts.append(Int32(unaccented.count))
        }
        self.kinds = kinds
        self.loweredStarts = loweredStarts
        self.lowered = lowered
        self.unaccentedStarts = unaccentedStarts
        self.unaccented = unaccented
    }

    /// The kind of the scalar with value `value`.
    @inline(__always)
    func kind(of value: UInt32) -> ScalarKind {
        if value < Self.tableEnd { return kinds[Int(value)] }
        if Self.isUnifiedIdeograph(value) { return .ideograph }
        if Self.isHangulSyllable(value) { return .letter }
        return Self.fold(Unicode.Scalar(value) ?? " ", bases: [:]).kind
    }

    /// Appends the folded UTF-8 form of the scalar with value `value` (a letter, digit, mark or ideograph) to `buffer`.
    @inline(__always)
    func appendFolded(_ value: UInt32, foldAccents: Bool, to buffer: inout [UInt8]) {
        guard value < Self.tableEnd else {
            if Self.isUnifiedIdeograph(value) || Self.isHangulSyllable(value) {
                // Three-byte UTF-8, unchanged by folding: the bulk of CJK and Korean text skips the slow path.
                buffer.append(0xE0 | UInt8(value >> 12))
                buffer.append(0x80 | UInt8((value >> 6) & 0x3F))
                buffer.append(0x80 | UInt8(value & 0x3F))
                return
            }
            let folded = Self.fold(Unicode.Scalar(value) ?? " ", bases: [:])
            buffer += foldAccents ? folded.unaccented : folded.lowered
            return
        }
        let index = Int(value)
        if foldAccents {
            buffer += unaccented[Int(unaccentedStarts[index])..<Int(unaccentedStarts[index + 1])]
        } else {
            buffer += lowered[Int(loweredStarts[index])..<Int(loweredStarts[index + 1])]
        }
    }
}

/// One scalar's kind with its two folded forms.
private struct FoldedScalar {
    var kind: ScalarKind
    var lowered: [UInt8] = []
    var unaccented: [UInt8] = []

    static let separator = FoldedScalar(kind: .separator)

    init(kind: ScalarKind, lowered: [UInt8] = [], unaccented: [UInt8] = []) {
        self.kind = kind
        self.lowered = lowered
        self.unaccented = unaccented
    }

    /// The same bytes whether or not accents are folded.
    init(kind: ScalarKind, bytes: [UInt8]) {
        self.init(kind: kind, lowered: bytes, unaccented: bytes)
    }
}

extension ScalarFoldTable {
    /// The rules behind the table (see the type's documentation); `bases` maps precomposed letters to their base.
    fileprivate static func fold(_ scalar: Unicode.Scalar, bases: [UInt32: UInt32]) -> FoldedScalar {
        let value = scalar.value
        if value < 0x80 { return foldASCII(UInt8(value)) }
        if (0xFF01...0xFF5E).contains(value) { return foldASCII(UInt8(value - fullwidthOffset)) }
        if isDiacritic(value) { return FoldedScalar(kind: .mark, lowered: utf8(scalar), unaccented: []) }
        switch value {
        case 0x2010, 0x2011: return FoldedScalar(kind: .connector, bytes: [UInt8(ascii: "-")])
        case 0x2019: return FoldedScalar(kind: .connector, bytes: [UInt8(ascii: "'")])
        case 0x00AD, 0x200C, 0x200D, 0x2060: return FoldedScalar(kind: .mark, bytes: [])
        default: break
        }
        if isIdeographic(scalar) { return FoldedScalar(kind: .ideograph, bytes: utf8(scalar)) }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .decimalNumber:
            guard let digit = properties.numericValue, digit >= 0, digit <= 9 else { return .separator }
            return FoldedScalar(kind: .digit, bytes: [UInt8(ascii: "0") + UInt8(digit)])
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return FoldedScalar(kind: .mark, bytes: utf8(scalar))
        default:
            break
        }
        guard properties.isAlphabetic else { return .separator }
        var folded = FoldedScalar(kind: .letter)
        for lower in properties.lowercaseMapping.unicodeScalars {
            if let special = specialFolds[lower.value] {
                folded.lowered += special.isCaseFolding ? Array(special.text.utf8) : utf8(lower)
                folded.unaccented += Array(special.text.utf8)
            } else if isDiacritic(lower.value) {
                folded.lowered += utf8(lower)  // İ lowercases to i + combining dot above
            } else {
                folded.lowered += utf8(lower)
                folded.unaccented += utf8(bases[lower.value].flatMap(Unicode.Scalar.init) ?? lower)
            }
        }
        return folded
    }

    /// CJK Unified Ideographs and Extension A: no case, no accents.
    @inline(__always)
    private static func isUnifiedIdeograph(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)
    }

    /// Precomposed Hangul syllables: letters without case.
    @inline(__always)
    private static func isHangulSyllable(_ value: UInt32) -> Bool { (0xAC00...0xD7A3).contains(value) }

    /// Fullwidth ASCII forms (U+FF01–U+FF5E) sit at a fixed offset from ASCII.
    private static let fullwidthOffset: UInt32 = 0xFF01 - 0x21

    private static let connectorBytes: Set<UInt8> = Set("-_/.@':&".utf8)

    private static func foldASCII(_ byte: UInt8) -> FoldedScalar {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return FoldedScalar(kind: byte <= UInt8(ascii: "9") ? .digit : .letter, bytes: [byte])
        case UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return FoldedScalar(kind: .letter, bytes: [byte | 0x20])
        default:
            return connectorBytes.contains(byte) ? FoldedScalar(kind: .connector, bytes: [byte]) : .separator
        }
    }

    /// The generic combining-diacritic blocks: Combining Diacritical Marks (+ Extended, + Supplement), those for
    /// symbols, and the half marks.
    private static func isDiacritic(_ value: UInt32) -> Bool {
        (0x0300...0x036F).contains(value) || (0x1AB0...0x1AFF).contains(value) || (0x1DC0...0x1DFF).contains(value)
            || (0x20D0...0x20FF).contains(value) || (0xFE20...0xFE2F).contains(value)
    }

    /// Han ideographs, hiragana and katakana (full- and halfwidth); their prolonged-sound and iteration marks are
    /// letters of the word too. The kana voicing marks (U+3099, U+309A) are combining marks, handled as such.
    private static func isIdeographic(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        guard value >= 0x2E80 else { return false }
        if value == 0x3099 || value == 0x309A || value == 0x30FB { return false }
        return (0x3040...0x30FF).contains(value) || (0x31F0...0x31FF).contains(value)
            || (0xFF66...0xFF9F).contains(value) || scalar.properties.isIdeographic
    }

    /// The ASCII byte a connector scalar stands for in a compound (`‐` and `‑` are hyphens, `’` an apostrophe).
    static func connectorByte(_ value: UInt32) -> UInt8 {
        if value < 0x80 { return UInt8(value) }
        if (0xFF01...0xFF5E).contains(value) { return UInt8(value - fullwidthOffset) }
        return value == 0x2019 ? UInt8(ascii: "'") : UInt8(ascii: "-")
    }

    private static func utf8(_ scalar: Unicode.Scalar) -> [UInt8] { Array(String(scalar).utf8) }

    /// Foldings that neither lowercasing nor base letters give. `isCaseFolding` ones belong to Unicode case folding
    /// and apply even when accents are kept.
    private static let specialFolds: [UInt32: (text: String, isCaseFolding: Bool)] = [
        0x00DF: ("ss", true),  // ß (ẞ lowercases to it)
        0x017F: ("s", true),  // ſ long s
        0x03C2: ("σ", true),  // ς final sigma
        0x00B5: ("μ", true),  // µ micro sign → Greek mu, so µg and μg match
        0xFB00: ("ff", true), 0xFB01: ("fi", true), 0xFB02: ("fl", true), 0xFB03: ("ffi", true),
        0xFB04: ("ffl", true), 0xFB05: ("st", true), 0xFB06: ("st", true),
        0x00E6: ("ae", false),  // æ
        0x0153: ("oe", false),  // œ
        0x0133: ("ij", false),  // ĳ
        0x00FE: ("th", false),  // þ
        0x00F0: ("d", false),  // ð
        0x0131: ("i", false),  // ı dotless i
    ]

    /// Precomposed letter → base letter, from Unicode names: `<base name> WITH <diacritics>` → the scalar named
    /// `<base name>`, searched in the Latin, Greek and Cyrillic blocks.
    private static func accentBases() -> [UInt32: UInt32] {
        let ranges: [ClosedRange<UInt32>] = [0x0041...0x024F, 0x0370...0x03FF, 0x0400...0x04FF, 0x1E00...0x1FFF]
        var byName: [String: UInt32] = [:]
        var composed: [(value: UInt32, baseName: Substring)] = []
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value), let name = scalar.properties.name else { continue }
                if let with = name.firstRange(of: " WITH ") {
                    composed.append((value, name[..<with.lowerBound]))
                } else {
                    byName[name] = value
                }
            }
        }
        var bases: [UInt32: UInt32] = [:]
        for (value, baseName) in composed {
            if let base = byName[String(baseName)] { bases[value] = base }
        }
        return bases
    }
}
