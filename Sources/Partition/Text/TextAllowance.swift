/// What is left of `PartitionLimits.maxTextScalars` for one document. Partitioners charge every element before
/// appending it, so a document whose extracted text outgrows the limit (a JSON file whose nested keys repeat on every
/// line, a DOCX inflating to hundreds of megabytes of runs) stops with `text_limit` (`PartitionError.textLimit`,
/// shared with the PDF reader) instead of exhausting memory.
struct TextAllowance {
    private var remaining: Int
    private let limit: Int

    /// The full allowance of `limits`.
    init(_ limits: PartitionLimits) {
        remaining = limits.maxTextScalars
        limit = limits.maxTextScalars
    }

    /// Charges `text`; throws `text_limit` once the total passes the limit.
    mutating func consume(_ text: some StringProtocol) throws(PartitionError) {
        remaining -= text.unicodeScalars.count
        if remaining < 0 { throw .textLimit(limit) }
    }
}

extension DocumentBuilder {
    /// Charges `text` to `allowance`, then appends it as an element.
    mutating func append(_ kind: ElementKind, _ text: String, level: Int? = nil,
                         within allowance: inout TextAllowance) throws(PartitionError) {
        try allowance.consume(text)
        append(kind, text, level: level)
    }
}
