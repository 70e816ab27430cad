/// The delimiter of a CSV file, sniffed from its first records: among `,` `;` tab and `|`, the one that splits the
/// sampled records into the same number (≥ 2) of fields most consistently, more fields breaking ties (the approach of
/// Python's `csv.Sniffer`, reduced to delimiter consistency). Quotes are honoured while counting.
package struct CSVDialect: Sendable, Equatable {
    /// The field delimiter.
    package var delimiter: UInt8
    /// The most common number of fields per record.
    package var columns: Int
    /// The share of sampled records with that many fields.
    package var consistency: Double
    /// Records sampled.
    package var records: Int

    /// Bytes sampled (cut back to the last line break).
    static let sampleBytes = 64 * 1024
    /// Records sampled.
    static let sampleRecords = 50
    /// Candidates in order of preference on ties.
    static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]

    /// True when the sample is unmistakably tabular: three or more records, at least 90% with the same field count.
    package var isConsistent: Bool { records >= 3 && consistency >= 0.9 }

    /// The best delimiter for the UTF-8 text `bytes`, nil when no candidate splits records into two or more fields.
    package static func sniff(_ bytes: [UInt8]) -> CSVDialect? {
        var sample = Array(bytes.prefix(sampleBytes))
        if bytes.count > sampleBytes, let lastBreak = sample.lastIndex(of: 0x0A) {
            sample.removeSubrange((lastBreak + 1)...)
        }
        var best: CSVDialect?
        for delimiter in candidates {
            var reader = CSVReader(sample, delimiter: delimiter, limits: CSVLimits())
            var counts: [Int: Int] = [:]
            var records = 0
            // A quote the sample cut in half ends the sample, not the sniffing.
            while records < sampleRecords, let record = try? reader.next() {
                if record.count == 1, record[0].isEmpty { continue }
                counts[record.count, default: 0] += 1
                records += 1
            }
            guard let (columns, frequency) = counts.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }),
                  columns >= 2 else { continue }
            let candidate = CSVDialect(delimiter: delimiter, columns: columns,
                                       consistency: Double(frequency) / Double(records), records: records)
            if let current = best,
               (current.consistency, current.columns) >= (candidate.consistency, candidate.columns) { continue }
            best = candidate
        }
        return best
    }

    /// Whether `first` reads as a header row above `second`: every cell non-empty, distinct and not a number.
    static func isHeader(_ first: [String], above second: [String]?) -> Bool {
        guard second != nil, !first.isEmpty else { return false }
        let cells = first.map { DocumentBuilder.trimmed($0) }
        return cells.allSatisfy { !$0.isEmpty && Double($0) == nil } && Set(cells).count == cells.count
    }
}
