import JSON

/// JSON documents and JSON Lines → one element per record: each item of a top-level array, each line of JSON Lines,
/// or the whole value otherwise. Records are flattened by `JSONRecordFlattener`.
///
/// No field is promoted to a heading: which key names a record ("title", "name", "subject"…) is guesswork, and a
/// wrong guess invents section paths; the `title: …` line stays in the record's text, where retrieval finds it. The
/// one obvious case is used for metadata: a document that is a single object with a string `title` has that title.
/// Parsing is `JSONParser`'s strict RFC 8259 grammar; nesting is checked first so a deep document fails with
/// `nesting_limit`, not as invalid JSON.
package enum JSONDocumentPartitioner {
    /// Partitions a JSON or JSON Lines document (UTF-8, or UTF-16 with a byte order mark). Throws `json_invalid`,
    /// `nesting_limit`, `text_limit` and `empty_document`.
    package static func partition(_ bytes: [UInt8],
                                  budget: PartitionBudget) throws(PartitionError) -> PartitionedDocument {
        var input = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            input.removeFirst(3)
        } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            input = Array(try TextDecoding.decode(bytes).utf8)
        }
        guard input.contains(where: { !isJSONWhitespace($0) }) else { throw .emptyDocument }
        let maxDepth = budget.limits.maxNestingDepth
        guard !exceedsNesting(input, limit: maxDepth) else {
            throw .nestingLimit("JSON values more than \(maxDepth) deep")
        }

        let records: [JSONValue]
        var single: JSONValue?
        if let value = JSONParser.parse(input, maxDepth: maxDepth) {
            if case .array(let items) = value { records = items } else { records = [value]; single = value }
        } else {
            records = try jsonLines(input, maxDepth: maxDepth, budget: budget)
        }

        var builder = DocumentBuilder(format: .json)
        var allowance = TextAllowance(budget.limits)
        for record in records {
            try budget.check()
            builder.append(.paragraph, try JSONRecordFlattener.text(of: record, allowance: &allowance))
        }
        guard builder.count > 0 else { throw .emptyDocument }
        if case .string(let title)? = single?["title"], !DocumentBuilder.trimmed(title).isEmpty {
            builder.metadata.title = DocumentBuilder.trimmed(title)
        }
        builder.metadata.extra["records"] = String(builder.count)
        return builder.build()
    }

    /// JSON Lines (jsonlines.org): one value per line, blank lines ignored. Only tried when the whole input is not
    /// one value, and only accepted when every line is.
    private static func jsonLines(_ input: [UInt8], maxDepth: Int,
                                  budget: PartitionBudget) throws(PartitionError) -> [JSONValue] {
        var records: [JSONValue] = []
        var number = 0
        for line in input.split(separator: 0x0A, omittingEmptySubsequences: false) {
            try budget.check()
            number += 1
            guard line.contains(where: { !isJSONWhitespace($0) }) else { continue }
            guard let value = JSONParser.parse(Array(line), maxDepth: maxDepth) else {
                throw .jsonInvalid(number == 1 ? "the document is not valid JSON" : "line \(number) is not valid JSON")
            }
            records.append(value)
        }
        guard records.count > 1 else { throw .jsonInvalid("the document is not valid JSON") }
        return records
    }

    /// True when brackets outside strings nest deeper than `limit` (one linear pass, no recursion).
    static func exceedsNesting(_ bytes: [UInt8], limit: Int) -> Bool {
        var depth = 0
        var inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true }
                else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return false
    }

    /// RFC 8259 §2 whitespace.
    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

extension PartitionError {
    /// Input that is neither one JSON value nor JSON Lines.
    package static func jsonInvalid(_ detail: String) -> PartitionError {
        PartitionError("json_invalid", "The JSON is malformed: \(detail).")
    }
}
