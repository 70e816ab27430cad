extension Packer {
    /// Evens out a region's last two chunks when the last is under half the size, moving their boundary to the
    /// sentence (or line, or element) boundary that makes the smaller of the two as large as possible. Merging the
    /// two never fits here: greedy packing closed the next-to-last chunk because the last one's first piece did not.
    func rebalanceTail(_ spans: inout [Span]) {
        guard spans.count >= 2 else { return }
        let previous = spans[spans.count - 2], last = spans[spans.count - 1]
        let lastSize = atoms.measure(last.start, last.end)
        guard lastSize * 2 < size else { return }
        var best = (smaller: min(atoms.measure(previous.start, previous.end), lastSize), previous: previous, last: last)
        // A cut right after a heading would part it from its body.
        for cut in (previous.newStart + 1)..<last.end
        where atoms.levels[cut] <= Boundary.sentence && !atoms.isHeading(cut - 1) {
            let before = atoms.measure(previous.start, cut)
            if before > size { break }
            let head = Span(start: previous.start, newStart: previous.newStart, end: cut)
            let start = overlapStart(after: head, through: last.end) ?? cut
            let after = atoms.measure(start, last.end)
            guard after <= size, min(before, after) > best.smaller else { continue }
            best = (min(before, after), head, Span(start: start, newStart: cut, end: last.end))
        }
        spans[spans.count - 2] = best.previous
        spans[spans.count - 1] = best.last
    }
}
