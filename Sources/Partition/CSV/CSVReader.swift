/// Limits of CSV parsing, beyond the document-wide `PartitionLimits`.
package struct CSVLimits: Sendable, Equatable {
    /// Bytes of one field.
    package var maxFieldBytes = 1024 * 1024
    /// Bytes of one record.
    package var maxRecordBytes = 4 * 1024 * 1024
    /// Fields of one record.
    package var maxColumns = 10_000

    /// The defaults.
    package init() {}
}

/// Reads CSV records (RFC 4180 §2): fields separated by a delimiter, records by line breaks (already normalized to
/// LF by `TextDecoding`, so CRLF files read the same); a field starting with `"` is quoted and may hold delimiters,
/// line breaks and doubled quotes. Tolerant of what spreadsheets write — a quote inside an unquoted field is literal,
/// text after a closing quote is appended — but an unterminated quote is `csv_invalid`, since everything after it
/// would silently become one field.
struct CSVReader {
    private let bytes: [UInt8]
    private let delimiter: UInt8
    private let limits: CSVLimits
    private var position = 0
    private var line = 1

    init(_ bytes: [UInt8], delimiter: UInt8, limits: CSVLimits) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.limits = limits
    }

    /// The next record's fields, or nil at the end.
    mutating func next() throws(PartitionError) -> [String]? {
        guard position < bytes.count else { return nil }
        let recordStart = position, recordLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var atFieldStart = true
        var inQuotes = false
        while true {
            guard position < bytes.count else {
                if inQuotes { throw .csvInvalid("a quoted field starting on line \(recordLine) is never closed") }
                fields.append(String(decoding: field, as: UTF8.self))
                return fields
            }
            let byte = bytes[position]
            position += 1
            if byte == 0x0A { line += 1 }
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
                        field.append(byte)
                        position += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(byte)
                }
            } else if atFieldStart, byte == UInt8(ascii: "\"") {
                inQuotes = true
            } else if byte == delimiter || byte == 0x0A {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                if byte == 0x0A { return fields }
                guard fields.count < limits.maxColumns else {
                    throw .csvLimit("line \(recordLine) has more than \(limits.maxColumns) fields")
                }
                atFieldStart = true
                continue
            } else {
                field.append(byte)
            }
            atFieldStart = false
            guard field.count <= limits.maxFieldBytes else {
                throw .csvLimit("a field on line \(recordLine) is longer than \(limits.maxFieldBytes) bytes")
            }
            guard position - recordStart <= limits.maxRecordBytes else {
                throw .csvLimit("the record on line \(recordLine) is longer than \(limits.maxRecordBytes) bytes")
            }
        }
    }
}

extension PartitionError {
    /// CSV that cannot be split into records (an unterminated quoted field).
    package static func csvInvalid(_ detail: String) -> PartitionError {
        PartitionError("csv_invalid", "The CSV is malformed: \(detail).")
    }

    /// A field, record or column count beyond `CSVLimits`.
    package static func csvLimit(_ detail: String) -> PartitionError {
        PartitionError("csv_limit", "The CSV is too large to read: \(detail).")
    }
}
