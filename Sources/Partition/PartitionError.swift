/// Why a document could not be partitioned. `code` is stable (it becomes the job's `error.code`); `message` says what
/// to do about it. Hostile or broken input always ends here, never in a crash.
package struct PartitionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable snake_case code, e.g. `pdf_encrypted`, `decompression_limit`, `zip_unsafe_path`.
    package let code: String
    /// A human-readable explanation.
    package let message: String

    /// Creates an error.
    package init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "\(code): \(message)" }

    // The codes shared across formats; format-specific ones are created where they arise.
    package static func unsupportedFormat(_ detail: String) -> PartitionError {
        PartitionError("unsupported_format", "The file is not a supported document: \(detail).")
    }
    package static let emptyDocument = PartitionError("empty_document", "The file has no content.")
    package static let noText = PartitionError("no_text", "No text could be extracted (a scanned document needs OCR).")
    package static let timeLimit = PartitionError("time_limit", "The document took too long to read.")
    package static let canceled = PartitionError("canceled", "Reading the document was canceled.")
    package static func decompressionLimit(_ detail: String) -> PartitionError {
        PartitionError("decompression_limit", "The document expands beyond the allowed size: \(detail).")
    }
    /// The extracted text exceeds `PartitionLimits.maxTextScalars`.
    package static func textLimit(_ limit: Int) -> PartitionError {
        PartitionError("text_limit", "The document holds more than \(limit) characters of text.")
    }
    package static func nestingLimit(_ detail: String) -> PartitionError {
        PartitionError("nesting_limit", "The document nests deeper than allowed: \(detail).")
    }
}
