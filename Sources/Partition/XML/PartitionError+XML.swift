/// The XML codes.
extension PartitionError {
    /// A document type declaration. Refusing every `<!DOCTYPE` is how ragd blocks entity expansion ("billion
    /// laughs") and external entities (XXE): without a DTD there are no entities beyond the five predefined ones.
    /// OOXML requires package readers to treat one as an error (ECMA-376 Part 2, XML usage, rule M1.18).
    package static let xmlDoctype = PartitionError(
        "xml_doctype", "The XML contains a document type declaration (DOCTYPE), which is refused for safety.")

    /// XML too broken to read even tolerantly (an unterminated tag, comment or attribute; no root element).
    package static func xmlInvalid(_ detail: String) -> PartitionError {
        PartitionError("xml_invalid", "The XML is malformed: \(detail).")
    }
}
