/// The input formats ragd reads.
package enum DocumentFormat: String, Sendable, Equatable, CaseIterable, Codable {
    case pdf
    case docx
    case html
    case markdown
    case text
    case csv
    case json

    /// The canonical media type.
    package var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .html: "text/html"
        case .markdown: "text/markdown"
        case .text: "text/plain"
        case .csv: "text/csv"
        case .json: "application/json"
        }
    }
}
