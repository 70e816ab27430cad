/// Groups one direction's glyphs into lines (the first stage of the layout analysis that poppler's TextOutputDev
/// also performs): glyphs are chained into fragments in drawing order, fragments sharing a baseline form a row, a row
/// is cut into lines at gaps wider than `columnGap` em and at column gutters (`ColumnGutters`), and each line's text
/// is spelled with a space at every word break (`isWordBreak`).
struct LineBuilder {
    /// Gap (in ems) above which two glyphs are separate words: poppler's 0.1 em. Kerning inside words stays below it;
    /// TeX's inter-word glue rarely shrinks under 0.2 em.
    var wordGap = 0.1
    /// Gap (in ems) above which glyphs on one baseline belong to different lines (columns, table cells).
    var columnGap = 1.5
    /// Baseline difference (in ems) within which glyphs share a fragment.
    var baselineTolerance = 0.3
    /// Open rows a fragment is compared with.
    static let maxRowCandidates = 64

    func lines(from chars: [LayoutChar], text: [Unicode.Scalar]) -> [LayoutLine] {
        let rows = self.rows(fragments(from: OverprintFilter().filter(chars, text: text)))
        var sizes = chars.map(\.size)
        sizes.sort()
        let size = sizes.isEmpty ? 0 : sizes[sizes.count / 2]
        let gutters = ColumnGutters().find(in: rows.map(geometry), size: size).map { ($0.start + $0.end) / 2 }
        return rows.flatMap { split($0, gutters: gutters) }.map { spell($0, text: text) }
    }

    /// Chains glyphs in drawing order; a jump off the baseline, backwards, or across a wide gap starts a new fragment.
    func fragments(from chars: [LayoutChar]) -> [LineFragment] {
        var fragments: [LineFragment] = []
        var current = LineFragment()
        for char in chars {
            if let last = current.chars.last {
                let size = max(last.size, char.size, 0.1)
                let gap = char.minX - current.maxX
                if abs(char.baseline - last.baseline) > baselineTolerance * size || gap > columnGap * size
                    || char.minX < last.minX - 0.5 * size && char.maxX < current.maxX - 0.5 * size {
                    fragments.append(current)
                    current = LineFragment()
                }
            }
            current.append(char)
        }
        if !current.chars.isEmpty { fragments.append(current) }
        return fragments
    }

    /// Groups fragments into rows sharing a baseline, however far apart; a smaller, shifted fragment (a superscript
    /// or subscript) joins the row it overlaps. Each row comes back sorted left to right.
    func rows(_ fragments: [LineFragment]) -> [[LineFragment]] {
        let order = fragments.indices.sorted { fragments[$0].baseline > fragments[$1].baseline }
        var rows: [[LineFragment]] = []
        var bounds: [(baseline: Double, size: Double, chars: Int)] = []
        var firstOpen = 0
        for index in order {
            let fragment = fragments[index]
            let size = max(fragment.size, 0.1)
            while firstOpen < bounds.count, bounds[firstOpen].baseline - fragment.baseline > 2 * size { firstOpen += 1 }
            var target: Int?
            var nearest = Double.infinity
            // Only the most recent rows can share a baseline with this fragment: bounds the work on hostile pages.
            for candidate in max(firstOpen, bounds.count - Self.maxRowCandidates)..<bounds.count {
                let row = bounds[candidate]
                // Same-size text shares a baseline; a short, smaller fragment (a script) may sit up to 0.6 em of the
                // row's size above or below it.
                let script = size < 0.9 * row.size && fragment.chars.count <= 8
                    || row.size < 0.9 * size && row.chars <= 8
                let tolerance = script ? 0.6 * max(size, row.size) : baselineTolerance * min(size, row.size)
                let distance = abs(row.baseline - fragment.baseline)
                if distance <= max(tolerance, 0.5), distance < nearest {
                    target = candidate
                    nearest = distance
                }
            }
            if let target {
                rows[target].append(fragment)
                bounds[target].chars += fragment.chars.count
                if fragment.size > bounds[target].size {
                    bounds[target].baseline = fragment.baseline
                    bounds[target].size = fragment.size
                }
            } else {
                rows.append([fragment])
                bounds.append((fragment.baseline, fragment.size, fragment.chars.count))
            }
        }
        return rows.map { $0.sorted { $0.minX < $1.minX } }
    }

    /// A row's extent and its word gaps, for gutter detection.
    private func geometry(_ row: [LineFragment]) -> ColumnGutters.Row {
        var gaps: [(start: Double, end: Double)] = []
        var reach = -Double.infinity
        for fragment in row {
            if reach > -Double.infinity, fragment.minX - reach > wordGap * fragment.size {
                gaps.append((reach, fragment.minX))
            }
            var previous: LayoutChar?
            for char in fragment.chars where !char.isSpace {
                if let previous, char.minX - previous.maxX > wordGap * char.size { gaps.append((previous.maxX, char.minX)) }
                previous = char
            }
            reach = max(reach, fragment.maxX)
        }
        return ColumnGutters.Row(minX: row.first?.minX ?? 0, maxX: reach, gaps: gaps)
    }

    /// Cuts a row into lines at gaps wider than `columnGap` em and at gaps that hold a gutter.
    func split(_ row: [LineFragment], gutters: [Double]) -> [[LineFragment]] {
        var pieces: [LineFragment] = []
        for fragment in row {
            guard !gutters.isEmpty else {
                pieces.append(fragment)
                continue
            }
            var piece = LineFragment()
            var previous: LayoutChar?
            for char in fragment.chars {
                if let previous, !char.isSpace,
                   gutters.contains(where: { $0 > previous.maxX && $0 < char.minX }), !piece.chars.isEmpty {
                    pieces.append(piece)
                    piece = LineFragment()
                }
                piece.append(char)
                if !char.isSpace { previous = char }
            }
            if !piece.chars.isEmpty { pieces.append(piece) }
        }
        pieces.sort { $0.minX < $1.minX }
        var lines: [[LineFragment]] = []
        var reach = -Double.infinity
        for piece in pieces {
            let separated = piece.minX - reach > columnGap * max(piece.size, 0.1)
                || gutters.contains(where: { $0 > reach && $0 < piece.minX })
            if lines.isEmpty || separated {
                lines.append([piece])
                reach = piece.maxX
            } else {
                lines[lines.count - 1].append(piece)
                reach = max(reach, piece.maxX)
            }
        }
        return lines
    }

    /// The text of a line: its fragments left to right, each in drawing order (so two overlapping fragments never
    /// interleave letter by letter), with a space at word breaks (`isWordBreak`).
    func spell(_ fragments: [LineFragment], text: [Unicode.Scalar]) -> LayoutLine {
        let sorted = fragments.sorted { $0.minX < $1.minX }
        var chars: [LayoutChar] = []
        for fragment in sorted { chars += fragment.chars }
        var scalars: [Unicode.Scalar] = []
        var clusters: [Int] = []
        var previous: LayoutChar?
        var pendingSpace = false
        var sizeVotes: [Double: Int] = [:]
        var boldCount = 0
        var typedSpace = false
        for char in chars {
            if char.isSpace {
                typedSpace = true
                continue
            }
            if let previous, isWordBreak(previous, char, afterTypedSpace: typedSpace) {
                pendingSpace = !scalars.isEmpty
            }
            typedSpace = false
            if char.textCount > 0 {
                if pendingSpace, scalars.last != " " {
                    clusters.append(scalars.count)
                    scalars.append(" ")
                }
                pendingSpace = false
                clusters.append(scalars.count)
                scalars += text[Int(char.textStart)..<Int(char.textStart + char.textCount)]
            }
            previous = char
            sizeVotes[(char.size * 2).rounded() / 2, default: 0] += 1
            if char.isBold { boldCount += 1 }
        }
        let glyphCount = sizeVotes.values.reduce(0, +)
        let size = sizeVotes.max { $0.value < $1.value || $0.value == $1.value && $0.key < $1.key }?.key
            ?? fragments.first?.size ?? 0
        let baseline = fragments.max { $0.chars.count < $1.chars.count }?.baseline ?? 0
        return LayoutLine(text: BidiOrder.logicalOrder(scalars, clusters: clusters), minX: fragments.map(\.minX).min() ?? 0,
                          maxX: fragments.map(\.maxX).max() ?? 0, baseline: baseline, size: size,
                          boldShare: glyphCount > 0 ? Double(boldCount) / Double(glyphCount) : 0)
    }

    /// Poppler's rules (TextOutputDev `minWordBreakSpace`, `maxCharSpacing`): a gap over `wordGap` em separates
    /// words; after a typed space any visible gap (≥ 0.03 em) does, but a space glyph squeezed between touching
    /// letters (a kerning artefact inside "soc ial") does not. Scripts that touch their base stay one word (`z₁`).
    private func isWordBreak(_ previous: LayoutChar, _ char: LayoutChar, afterTypedSpace: Bool) -> Bool {
        let gap = char.minX - max(previous.maxX, previous.minX)
        let size = max(previous.size, 0.1)
        return gap > wordGap * size || afterTypedSpace && gap >= 0.03 * size
    }
}
