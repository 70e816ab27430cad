/// Finds column gutters: vertical strips that, on most text rows crossing them, fall inside a gap between words.
/// A gutter of LaTeX's default two-column layout is only 1 em wide — no wider than a generous justified word space —
/// so a gap alone cannot tell a gutter from a space; alignment over many rows can. A strip counts when at least
/// `minRows` rows have a gap there, those are at least half the rows that cross it, it is at least 0.3 em wide, and
/// the text left of it is column-like (median ≥ 4 em from the row start), so a list's numbers or a table's narrow cells do not
/// become columns.
struct ColumnGutters {
    /// One row's word gaps (x intervals) and its extent.
    struct Row {
        var minX: Double
        var maxX: Double
        var gaps: [(start: Double, end: Double)]
    }

    var minRows = 3
    var minShare = 0.5

    /// Gutter intervals, left to right.
    func find(in rows: [Row], size: Double) -> [(start: Double, end: Double)] {
        let withGaps = rows.filter { !$0.gaps.isEmpty }
        guard withGaps.count >= minRows, size > 0 else { return [] }
        let low = rows.map(\.minX).min() ?? 0
        let high = rows.map(\.maxX).max() ?? 0
        let binWidth = max(0.5, size / 10)
        let span = (high - low) / binWidth
        guard span.isFinite, span > 1, span < 200_000 else { return [] }
        let binCount = Int(span) + 1
        // Interval counts through difference arrays: linear in rows and bins however long the intervals are.
        var spanned = [Int](repeating: 0, count: binCount + 1)
        var covered = [Int](repeating: 0, count: binCount + 1)
        func bin(_ x: Double) -> Int { max(0, min(binCount - 1, Int((x - low) / binWidth))) }
        for row in rows {
            spanned[bin(row.minX)] += 1
            spanned[bin(row.maxX) + 1] -= 1
            for gap in row.gaps where gap.end - gap.start > binWidth && bin(gap.start) + 1 < bin(gap.end) {
                covered[bin(gap.start) + 1] += 1
                covered[bin(gap.end)] -= 1
            }
        }
        for index in 1...binCount {
            spanned[index] += spanned[index - 1]
            covered[index] += covered[index - 1]
        }
        var gutters: [(start: Double, end: Double)] = []
        var runStart: Int?
        for index in 0...binCount {
            let isGutter = index < binCount && covered[index] >= minRows
                && Double(covered[index]) >= minShare * Double(spanned[index])
            if isGutter, runStart == nil { runStart = index }
            if !isGutter, let start = runStart {
                let interval = (start: low + Double(start) * binWidth, end: low + Double(index) * binWidth)
                if interval.end - interval.start >= 0.3 * size, isColumnLike(interval, rows: withGaps, size: size) {
                    gutters.append(interval)
                }
                runStart = nil
            }
        }
        return gutters
    }

    /// Whether the text pieces just left of the gutter are wide enough to be a column of prose.
    private func isColumnLike(_ gutter: (start: Double, end: Double), rows: [Row], size: Double) -> Bool {
        let middle = (gutter.start + gutter.end) / 2
        var widths: [Double] = []
        for row in rows {
            guard let gap = row.gaps.first(where: { $0.start <= middle && $0.end >= middle }) else { continue }
            widths.append(gap.start - row.minX)
        }
        guard !widths.isEmpty else { return false }
        widths.sort()
        return widths[widths.count / 2] >= 4 * size
    }
}
