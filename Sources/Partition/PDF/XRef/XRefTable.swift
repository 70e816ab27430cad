/// Where each object lives (PDF 32000-1 §7.5.4, §7.5.8): at a byte offset in the file, inside an object stream, or
/// nowhere (free). Built newest section first, so an entry already present is never overwritten by an older one —
/// that is how incremental updates win (§7.5.6).
struct XRefTable: Sendable {
    enum Entry: Sendable, Equatable {
        case offset(Int, generation: Int)
        case compressed(stream: Int, index: Int)
        case free
    }

    private(set) var entries: [Int: Entry] = [:]
    /// The merged trailer: keys of newer trailers win.
    var trailer = PDFDictionary()

    subscript(number: Int) -> Entry? { entries[number] }

    var count: Int { entries.count }

    /// Records `entry` for `number` unless a newer section already did.
    mutating func addIfAbsent(_ number: Int, _ entry: Entry) {
        if entries[number] == nil { entries[number] = entry }
    }

    /// Records `entry` for `number`, replacing any earlier one (repair scans the file front to back: later wins).
    mutating func set(_ number: Int, _ entry: Entry) {
        entries[number] = entry
    }

    /// Adds the keys of an older trailer that the newer ones lack.
    mutating func mergeTrailer(_ older: PDFDictionary) {
        for (key, value) in older.entries where trailer[key] == nil { trailer[key] = value }
    }
}
