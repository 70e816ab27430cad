/// The PDF-specific error codes. Limit errors always end the document; malformed-structure errors are recovered from
/// where a mature reader would (a bad object reads as null, a broken xref is rebuilt) and surface only when nothing
/// readable is left.
extension PartitionError {
    /// The file's structure could not be read, even after repair.
    static func pdfMalformed(_ detail: String) -> PartitionError {
        PartitionError("pdf_malformed", "The PDF is damaged beyond repair: \(detail).")
    }

    /// The file is encrypted and does not open with an empty user password, or uses an unsupported security handler.
    static func pdfEncrypted(_ detail: String) -> PartitionError {
        PartitionError("pdf_encrypted", "The PDF is password-protected (\(detail)); upload it without a password.")
    }

    /// A page's content streams hold more operators than `PartitionLimits.maxOperatorsPerPage`.
    static func operatorLimit(_ limit: Int) -> PartitionError {
        PartitionError("operator_limit", "A page has more than \(limit) drawing operators.")
    }

    /// The document has more pages than `PartitionLimits.maxPages`.
    static func pageLimit(_ limit: Int) -> PartitionError {
        PartitionError("page_limit", "The document has more than \(limit) pages.")
    }

    /// Codes that stop the whole document: a hostile or oversized file is refused rather than partly read.
    var isLimit: Bool {
        switch code {
        case "time_limit", "canceled", "decompression_limit", "nesting_limit", "operator_limit", "page_limit",
             "text_limit":
            true
        default:
            false
        }
    }
}

