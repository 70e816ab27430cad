import Partition
import TestSupport

/// Seeded documents with the structure the chunker cares about: titles and nested headings, paragraphs of sentences
/// with abbreviations and decimals, list items, tables, code, page breaks — and, on request, non-ASCII text (combining
/// accents, ZWJ emoji, flags, CJK without spaces) and words longer than any chunk.
struct GeneratedDocuments {
    /// What to put in.
    struct Recipe {
        var sections = 6
        var unicode = false
        var giantWords = false
        var longSentences = true
        var tables = true
    }

    private var random: SplitMix64
    private let recipe: Recipe

    private static let words = [
        "the", "a", "of", "index", "vector", "query", "retrieval", "model", "token", "chunk", "document", "search",
        "server", "latency", "embedding", "ranking", "and", "with", "to", "in", "is", "for", "answers", "context",
        "configuration", "throughput", "is", "an", "on", "by", "quality", "pipeline", "fusion", "recall", "(see",
        "below)", "it's", "\"quoted\"", "3.14", "v2.0", "e.g.", "i.e.", "x-ray", "state-of-the-art", "42%",
    ]
    private static let unicodeWords = [
        "café", "cafe\u{301}", "naïve", "👨‍👩‍👧", "🇯🇵", "🇫🇷🇩🇪", "👍🏽", "Ǆemal", "ﬁle", "한국어", "Straße", "Ελληνικά",
        "e\u{301}\u{302}\u{303}", "x\u{200D}y", "日本語", "中文字符", "かな",
    ]
    private static let cjkSentences = ["我们明天见。", "这是一个测试！", "東京は大きい都市です。", "本当ですか？"]

    init(seed: UInt64, recipe: Recipe = Recipe()) {
        random = SplitMix64(seed: seed)
        self.recipe = recipe
    }

    /// A new document.
    mutating func make() -> PartitionedDocument {
        var builder = DocumentBuilder(format: .text)
        var page = 1
        builder.append(.title, "Guide \(int(1...99))", page: page, level: 1)
        for section in 0..<recipe.sections {
            if chance(0.3) { builder.append(.heading, "Part \(section)", page: page, level: 2) }
            builder.append(.heading, "Topic \(section) \(word())", page: page, level: chance(0.5) ? 2 : 3)
            for _ in 0..<int(1...7) {
                if chance(0.25) { page += 1 }
                switch int(0...9) {
                case 0...5: builder.append(.paragraph, paragraph(), page: page)
                case 6, 7: for _ in 0..<int(1...4) { builder.append(.listItem, "- " + sentence(), page: page) }
                case 8 where recipe.tables: builder.append(.table, table(), page: page)
                default: builder.append(.code, code(), page: page)
                }
            }
        }
        return builder.build()
    }

    private mutating func paragraph() -> String {
        (0..<int(1...8)).map { _ in sentence() }.joined(separator: chance(0.1) ? "\n" : " ")
    }

    private mutating func sentence() -> String {
        if recipe.unicode && chance(0.15) { return (0..<int(1...6)).map { _ in pick(Self.cjkSentences) }.joined() }
        let count = recipe.longSentences && chance(0.05) ? int(60...200) : int(3...22)
        var words = (0..<count).map { _ in word() }
        words[0] = words[0].prefix(1).uppercased() + words[0].dropFirst()
        if chance(0.1) { words.insert(pick(["Dr. Smith", "Mr. Jones", "J. R. R. Tolkien", "the U.S. Army"]), at: 1) }
        return words.joined(separator: " ") + pick([".", ".", ".", "!", "?", "…", ".\u{201D}"])
    }

    private mutating func word() -> String {
        if recipe.giantWords && chance(0.003) {
            return String(repeating: pick(["abc", "x.y", "ñ", "字"]), count: int(200...3000))
        }
        if recipe.unicode && chance(0.2) { return pick(Self.unicodeWords) }
        return pick(Self.words)
    }

    private mutating func table() -> String {
        let columns = int(2...4)
        return (0..<int(2...9)).map { _ in (0..<columns).map { _ in word() + " " + word() }.joined(separator: " | ") }
            .joined(separator: "\n")
    }

    private mutating func code() -> String {
        (0..<int(2...12)).map { line in String(repeating: "  ", count: line % 3) + "let v\(line) = f(\(word()))" }
            .joined(separator: "\n")
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    private mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &random) < probability
    }
    private mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}
