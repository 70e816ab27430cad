/// Weighs words and cuts the ones too big for one chunk into pieces that fit. In chars a word is cut every
/// `limit` scalars. In tokens it is cut between runs of letters and of symbols (where WordPiece's pre-tokenizer splits
/// too, so the runs' counts add up), each run counted once, so minified code or a megabyte of punctuation costs one
/// pass; a single run too big on its own (a base64 blob) is cut by galloping and bisection. Cuts never split a
/// grapheme cluster when they can help it.
struct WordCutter {
    /// A piece of a word: scalar offsets and its weight (in tokens, the sum of its runs' weights, which is never less
    /// than the weight of the piece as a whole).
    struct Piece: Equatable {
        var start: Int
        var end: Int
        var tokens: Int
    }

    let text: String
    let scalars: [Unicode.Scalar]
    let unit: ChunkUnit
    /// The most a piece may measure.
    let limit: Int
    let counter: any TokenCounter

    /// The weight of the word at `range` (`length` scalars) when it fits as one piece, else nil. The cheap
    /// scalars-per-token floor is checked first, so a huge word is never counted whole.
    func tokensIfFits(_ range: Range<String.Index>, length: Int) -> Int? {
        if unit == .chars { return length <= limit ? 0 : nil }
        guard Self.tokenFloor(length) <= limit else { return nil }
        let tokens = weight(range, length: length)
        return tokens <= limit ? tokens : nil
    }

    /// The word `start..<end` (beginning at `startIndex`), which does not fit, cut into pieces that do.
    func pieces(_ start: Int, _ end: Int, from startIndex: String.Index) -> [Piece] {
        var pieces: [Piece] = []
        if unit == .chars {
            var cut = start
            while cut < end {
                let next = min(end, cut + limit)
                let safe = next < end ? ClusterCuts.safe(scalars, before: next, floor: cut) : next
                pieces.append(Piece(start: cut, end: safe, tokens: 0))
                cut = safe
            }
            return pieces
        }
        var piece = Piece(start: start, end: start, tokens: 0)
        var runStart = start, runIndex = startIndex, index = startIndex
        func flush() {
            guard piece.end > piece.start else { return }
            pieces.append(piece)
            piece = Piece(start: piece.end, end: piece.end, tokens: 0)
        }
        for offset in start...end {
            let boundary = offset == end || (offset > runStart && Self.runBreaks(scalars[offset - 1], scalars[offset]))
            if boundary {
                let length = offset - runStart
                if let tokens = tokensIfFits(runIndex..<index, length: length) {
                    if piece.tokens + tokens > limit { flush() }
                    piece.end = offset
                    piece.tokens += tokens
                } else {
                    flush()
                    pieces += bisected(runStart, offset, from: runIndex)
                    piece = Piece(start: offset, end: offset, tokens: 0)
                }
                runStart = offset
                runIndex = index
            }
            if offset < end { text.unicodeScalars.formIndex(after: &index) }
        }
        flush()
        return pieces
    }

    /// A single run too big for a piece, cut into the longest prefixes that fit.
    private func bisected(_ start: Int, _ end: Int, from startIndex: String.Index) -> [Piece] {
        var pieces: [Piece] = []
        var start = start, startIndex = startIndex
        let view = text.unicodeScalars
        while start < end {
            let length = end - start
            // The floor first: finding the end index of a huge rest would make this quadratic.
            if Self.tokenFloor(length) <= limit,
               let tokens = tokensIfFits(startIndex..<view.index(startIndex, offsetBy: length), length: length) {
                pieces.append(Piece(start: start, end: end, tokens: tokens))
                break
            }
            let cut = ClusterCuts.safe(scalars, before: largestFittingEnd(start, end, from: startIndex), floor: start)
            let cutIndex = view.index(startIndex, offsetBy: cut - start)
            pieces.append(Piece(start: start, end: cut, tokens: weight(startIndex..<cutIndex, length: cut - start)))
            start = cut
            startIndex = cutIndex
        }
        return pieces
    }

    /// The largest `cut` in `start + 1..<end` whose prefix fits: galloping from `limit` scalars, then bisecting, so
    /// probes count at most about twice the piece found. One scalar always fits (every limit is at least 16).
    private func largestFittingEnd(_ start: Int, _ end: Int, from startIndex: String.Index) -> Int {
        let view = text.unicodeScalars
        func fits(_ cut: Int) -> Bool {
            Self.tokenFloor(cut - start) <= limit
                && tokensIfFits(startIndex..<view.index(startIndex, offsetBy: cut - start), length: cut - start) != nil
        }
        var fitting = start + 1, failing = min(end, start + limit * DocumentAtoms.maxScalarsPerToken + 1)
        var probe = min(start + limit, failing)
        while probe < failing {
            if fits(probe) {
                fitting = probe
                probe = min(start + (probe - start) * 2, failing)
            } else {
                failing = probe
            }
        }
        while failing - fitting > 1 {
            let middle = fitting + (failing - fitting) / 2
            if fits(middle) { fitting = middle } else { failing = middle }
        }
        return fitting
    }

    /// What a piece of `length` scalars weighs in tokens: its count, but at least its `tokenFloor`.
    private func weight(_ range: Range<String.Index>, length: Int) -> Int {
        max(counter.count(Substring(text.unicodeScalars[range])), Self.tokenFloor(length))
    }

    /// One token per `maxScalarsPerToken` scalars, rounded up.
    private static func tokenFloor(_ length: Int) -> Int {
        (length + DocumentAtoms.maxScalarsPerToken - 1) / DocumentAtoms.maxScalarsPerToken
    }

    /// Whether a run of letters and digits and a run of other symbols meet between `previous` and `scalar`.
    private static func runBreaks(_ previous: Unicode.Scalar, _ scalar: Unicode.Scalar) -> Bool {
        !scalar.extendsCluster && previous.value != 0x200D && previous.isWordCharacter != scalar.isWordCharacter
    }
}
