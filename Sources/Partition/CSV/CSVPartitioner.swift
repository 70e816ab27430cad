import JSON

/// CSV (RFC 4180) → one element per record.
///
/// With a header row (see `CSVDialect.isHeader`), a record's text is one `column: value` line per non-empty cell, so
/// every chunk carries its column names; without one, the values are joined by " | ". Line breaks inside values
/// become spaces so each value stays on its line. Empty records are skipped. Metadata: `extra["columns"]` (a JSON
/// array of the header names), `extra["delimiter"]` and `extra["rows"]`.
package enum CSVPartitioner {
    /// Partitions CSV text (any encoding `TextDecoding` recognises). Throws `csv_invalid`, `csv_limit`,
    /// `empty_document` and `unsupported_format` for binary data.
    package static func partition(_ bytes: [UInt8], budget: PartitionBudget,
                                  limits: CSVLimits = CSVLimits()) throws(PartitionError) -> PartitionedDocument {
        guard !bytes.isEmpty else { throw .emptyDocument }
        let utf8 = Array(try TextDecoding.decode(bytes).utf8)
        let delimiter = CSVDialect.sniff(utf8)?.delimiter ?? UInt8(ascii: ",")
        var reader = CSVReader(utf8, delimiter: delimiter, limits: limits)
        var builder = DocumentBuilder(format: .csv)
        var allowance = TextAllowance(budget.limits)

        let first = try nextRecord(&reader, budget: budget)
        let second = try nextRecord(&reader, budget: budget)
        var header: [String]?
        if let first, CSVDialect.isHeader(first, above: second) {
            header = first.map { DocumentBuilder.trimmed($0) }
        }
        var rows = 0
        for record in (header == nil ? [first, second] : [second]).compactMap({ $0 }) {
            try builder.append(.paragraph, text(of: record, header: header), within: &allowance)
            rows += 1
        }
        while let record = try nextRecord(&reader, budget: budget) {
            try builder.append(.paragraph, text(of: record, header: header), within: &allowance)
            rows += 1
        }
        guard rows > 0 else { throw .emptyDocument }
        if let header { builder.metadata.extra["columns"] = JSONValue.array(header.map { .string($0) }).serializedText }
        builder.metadata.extra["delimiter"] = delimiter == 0x09 ? "\\t" : String(UnicodeScalar(delimiter))
        builder.metadata.extra["rows"] = String(rows)
        return builder.build()
    }

    /// The next record that has any non-blank field.
    private static func nextRecord(_ reader: inout CSVReader,
                                   budget: PartitionBudget) throws(PartitionError) -> [String]? {
        while let record = try reader.next() {
            try budget.check()
            if record.contains(where: { !DocumentBuilder.trimmed($0).isEmpty }) { return record }
        }
        return nil
    }

    private static func text(of record: [String], header: [String]?) -> String {
        let values = record.map { DocumentBuilder.trimmed($0).split(separator: "\n").joined(separator: " ") }
        guard let header else { return values.filter { !$0.isEmpty }.joined(separator: " | ") }
        return values.enumerated().compactMap { column, value in
            guard !value.isEmpty else { return nil }
            let name = column < header.count ? header[column] : "column \(column + 1)"
            return "\(name): \(value)"
        }.joined(separator: "\n")
    }
}
