/// How a document is cut into chunks.
package enum ChunkingStrategy: String, Sendable, CaseIterable, Codable {
    /// Section → paragraph → sentence → word: headings start chunks, pieces are packed greedily up to the size.
    case recursive
    /// Whole sentences packed greedily; a sentence is split only when it alone exceeds the size.
    case sentence
    /// Windows of the size with overlap, ignoring structure (word-aligned in tokens, exact in chars).
    case fixed
    /// Parents of `parentChunkSize` built like `recursive`, each split into children of `chunkSize`.
    case parentChild = "parent_child"
}

/// What chunk sizes are measured in.
package enum ChunkUnit: String, Sendable, CaseIterable, Codable {
    /// Tokens of the embedding model's tokenizer (a `TokenCounter`).
    case tokens
    /// Unicode scalars (code points), the unit of every offset in a document.
    case chars
}

/// A knowledge base's chunking configuration — the `"chunking"` object of the KB API, with its snake_case keys.
/// Missing keys decode to the defaults. Validate with `problem()` before storing; `Chunker` clamps anything unusable.
package struct ChunkingOptions: Sendable, Equatable, Codable {
    /// The strategy.
    package var strategy = ChunkingStrategy.recursive
    /// The largest chunk (child, for `parentChild`), in `unit`.
    package var chunkSize = 256
    /// How much of a chunk's end the next chunk repeats, in `unit`; less than half of `chunkSize`.
    package var chunkOverlap = 32
    /// The unit of the sizes.
    package var unit = ChunkUnit.tokens
    /// The largest parent, in `unit` (`parentChild` only); larger than `chunkSize`.
    package var parentChunkSize = 1024

    /// Smallest and largest `chunkSize` in tokens: below 16 a chunk is a phrase; above 8,192 no embedding model reads
    /// it.
    package static let tokenSizeLimits = 16...8192
    /// Smallest and largest `chunkSize` in chars (about four chars per token).
    package static let charSizeLimits = 64...32_768
    /// How many times the largest `chunkSize` a parent may be.
    package static let parentSizeFactor = 4

    /// Options with the given values (defaults: recursive, 256 tokens, overlap 32, parents of 1,024).
    package init(strategy: ChunkingStrategy = .recursive, chunkSize: Int = 256, chunkOverlap: Int = 32,
                 unit: ChunkUnit = .tokens, parentChunkSize: Int = 1024) {
        self.strategy = strategy
        self.chunkSize = chunkSize
        self.chunkOverlap = chunkOverlap
        self.unit = unit
        self.parentChunkSize = parentChunkSize
    }

    /// The allowed `chunkSize` range for `unit`.
    package static func sizeLimits(_ unit: ChunkUnit) -> ClosedRange<Int> {
        unit == .tokens ? tokenSizeLimits : charSizeLimits
    }

    /// The largest allowed `parentChunkSize` for `unit`.
    package static func maxParentSize(_ unit: ChunkUnit) -> Int {
        sizeLimits(unit).upperBound * parentSizeFactor
    }

    /// A human-readable reason the options are unusable, naming the offending API field, or nil when they are fine.
    /// `parentChunkSize` is checked only for `parentChild`, the one strategy that reads it.
    package func problem() -> (field: String, message: String)? {
        let limits = Self.sizeLimits(unit)
        let unitName = unit.rawValue
        if !limits.contains(chunkSize) {
            return ("chunk_size",
                    "chunk_size must be between \(limits.lowerBound) and \(limits.upperBound) \(unitName).")
        }
        if chunkOverlap < 0 {
            return ("chunk_overlap", "chunk_overlap must not be negative.")
        }
        if chunkOverlap * 2 >= chunkSize {
            return ("chunk_overlap", "chunk_overlap must be less than half of chunk_size (\(chunkSize) \(unitName)).")
        }
        if strategy == .parentChild {
            if parentChunkSize <= chunkSize {
                return ("parent_chunk_size",
                        "parent_chunk_size must be larger than chunk_size (\(chunkSize) \(unitName)).")
            }
            let maxParent = Self.maxParentSize(unit)
            if parentChunkSize > maxParent {
                return ("parent_chunk_size", "parent_chunk_size must be at most \(maxParent) \(unitName).")
            }
        }
        return nil
    }

    /// The nearest usable options: sizes clamped to their limits, overlap below half the size, parents larger than
    /// children (for `parentChild`). Equal to `self` whenever `problem()` is nil.
    func clamped() -> ChunkingOptions {
        var options = self
        let limits = Self.sizeLimits(unit)
        options.chunkSize = min(max(chunkSize, limits.lowerBound), limits.upperBound)
        options.chunkOverlap = min(max(chunkOverlap, 0), (options.chunkSize - 1) / 2)
        if strategy == .parentChild {
            options.parentChunkSize = min(max(parentChunkSize, options.chunkSize + 1), Self.maxParentSize(unit))
        }
        return options
    }

    private enum CodingKeys: String, CodingKey {
        case strategy
        case chunkSize = "chunk_size"
        case chunkOverlap = "chunk_overlap"
        case unit
        case parentChunkSize = "parent_chunk_size"
    }

    /// Decodes the API object; absent keys keep their defaults, unknown strategies and units are errors.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ChunkingOptions()
        strategy = try container.decodeIfPresent(ChunkingStrategy.self, forKey: .strategy) ?? defaults.strategy
        chunkSize = try container.decodeIfPresent(Int.self, forKey: .chunkSize) ?? defaults.chunkSize
        chunkOverlap = try container.decodeIfPresent(Int.self, forKey: .chunkOverlap) ?? defaults.chunkOverlap
        unit = try container.decodeIfPresent(ChunkUnit.self, forKey: .unit) ?? defaults.unit
        parentChunkSize = try container.decodeIfPresent(Int.self, forKey: .parentChunkSize) ?? defaults.parentChunkSize
    }
}
