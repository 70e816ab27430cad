import JSON

/// Decides what a document is from its bytes, with the declared media type and file name as hints only — clients
/// mislabel uploads all the time (WHATWG MIME Sniffing §7 takes the same stance for resources on the web).
///
/// Order: magic bytes first — `%PDF-` in the first 1,024 bytes (Adobe's implementation notes to the PDF Reference let
/// it start after leading junk); a zip whose directory holds `[Content_Types].xml` and `word/` parts is DOCX, any
/// other zip is unsupported. Then binary data is unsupported; JSON that parses (or JSON Lines) is JSON; a Markdown
/// or CSV hint is honoured; HTML is recognised by its start, or by an HTML hint; strong Markdown signals make
/// Markdown, consistent delimiters CSV, and anything else is plain text. An empty file takes its hint (or text), so
/// the partitioner reports `empty_document` rather than an unsupported format.
package enum FormatSniffer {
    /// A declared type or file extension that disagrees with the bytes, for the caller to record.
    package struct Mismatch: Sendable, Equatable {
        /// The media type the client declared.
        package var declaredType: String?
        /// The format that media type names, nil for a type ragd does not read (e.g. application/zip).
        package var declaredFormat: DocumentFormat?
        /// The file name the client sent.
        package var filename: String?
        /// The format the bytes are, nil when unsupported.
        package var detected: DocumentFormat?
    }

    /// Bytes of text examined by the text heuristics.
    static let sampleBytes = 64 * 1024
    /// How far into the file `%PDF-` may start.
    static let pdfHeaderWindow = 1024

    /// The format of `bytes`, or nil when ragd cannot read them (binary data, a zip that is not DOCX).
    package static func detect(_ bytes: [UInt8], declaredType: String?, filename: String?) -> DocumentFormat? {
        let hint = declaredType.flatMap(format(forMediaType:)) ?? filename.flatMap(format(forFilename:))
        guard !bytes.isEmpty else { return hint ?? .text }
        if bytes.prefix(pdfHeaderWindow + 5).firstRange(of: Array("%PDF-".utf8)) != nil { return .pdf }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return isWordPackage(bytes, hint: hint) ? .docx : nil
        }
        var sample = Array(bytes.prefix(sampleBytes))
        if bytes.count > sampleBytes, let lastBreak = sample.lastIndex(of: 0x0A) { sample.removeSubrange(lastBreak...) }
        guard let text = try? TextDecoding.decode(sample) else { return nil }
        if isJSON(bytes, text: text, hint: hint) { return .json }
        if hint == .markdown || hint == .csv { return hint }
        if HTMLSignature.matches(text) || hint == .html { return .html }
        if MarkdownSignals.areStrong(in: text) { return .markdown }
        if let dialect = CSVDialect.sniff(Array(text.utf8)), dialect.isConsistent { return .csv }
        return .text
    }

    /// How the declared type or file name disagrees with `detected`, nil when they agree or say nothing specific.
    /// `text/plain` (and a .txt name) agree with every text format but HTML: it is what clients send when unsure.
    package static func mismatch(detected: DocumentFormat?, declaredType: String?, filename: String?) -> Mismatch? {
        let declaredFormat = declaredType.flatMap(format(forMediaType:))
        let extensionFormat = filename.flatMap(format(forFilename:))
        let declaredDisagrees = declaredType.map { !isGeneric($0) && !agrees(declaredFormat, detected) } ?? false
        let extensionDisagrees = extensionFormat.map { !agrees($0, detected) } ?? false
        guard declaredDisagrees || extensionDisagrees else { return nil }
        return Mismatch(declaredType: declaredType, declaredFormat: declaredFormat, filename: filename,
                        detected: detected)
    }

    /// The format a media type names (parameters and case ignored), nil for others.
    package static func format(forMediaType mediaType: String) -> DocumentFormat? {
        let essence = DocumentBuilder.trimmed(String(mediaType.split(separator: ";").first ?? "")).lowercased()
        switch essence {
        case "application/pdf", "application/x-pdf", "application/acrobat": return .pdf
        case "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
             "application/vnd.ms-word.document.macroenabled.12":
            return .docx
        case "text/html", "application/xhtml+xml": return .html
        case "text/markdown", "text/x-markdown": return .markdown
        case "text/plain": return .text
        // Windows browsers label .csv uploads application/vnd.ms-excel (the registered handler).
        case "text/csv", "application/csv", "text/x-csv", "text/tab-separated-values", "application/vnd.ms-excel":
            return .csv
        case "application/json", "text/json", "application/x-ndjson", "application/jsonl", "application/x-jsonlines",
             "application/jsonlines":
            return .json
        default: return essence.hasSuffix("+json") ? .json : nil
        }
    }

    /// The format a file name's extension names, nil for others.
    package static func format(forFilename filename: String) -> DocumentFormat? {
        guard let dot = filename.lastIndex(of: ".") else { return nil }
        switch filename[filename.index(after: dot)...].lowercased() {
        case "pdf": return .pdf
        case "docx", "docm", "dotx", "dotm": return .docx
        case "html", "htm", "xhtml": return .html
        case "md", "markdown", "mdown", "mkd", "mkdn": return .markdown
        case "txt", "text", "log": return .text
        case "csv", "tsv": return .csv
        case "json", "jsonl", "ndjson": return .json
        default: return nil
        }
    }

    private static func agrees(_ hinted: DocumentFormat?, _ detected: DocumentFormat?) -> Bool {
        if hinted == detected { return true }
        guard hinted == .text, let detected else { return false }
        return detected != .html && detected != .pdf && detected != .docx
    }

    /// Types that say "some bytes" rather than a format.
    private static func isGeneric(_ mediaType: String) -> Bool {
        let essence = DocumentBuilder.trimmed(String(mediaType.split(separator: ";").first ?? "")).lowercased()
        return essence.isEmpty || ["application/octet-stream", "binary/octet-stream", "application/unknown",
                                   "application/x-unknown", "*/*"].contains(essence)
    }

    /// A zip whose directory has `[Content_Types].xml` and a `word/` part. When the directory is unreadable, the
    /// first local header's name (or a DOCX hint) decides, so the DOCX reader can report the precise damage.
    private static func isWordPackage(_ bytes: [UInt8], hint: DocumentFormat?) -> Bool {
        if let archive = try? ZipArchive(bytes) {
            return archive.entry(named: "[Content_Types].xml") != nil
                && archive.entries.contains { $0.name.lowercased().hasPrefix("word/") }
        }
        let fields = ZipFields(bytes: bytes)
        guard fields.contains(0, 30), fields.contains(30, fields.u16(26)) else { return hint == .docx }
        let first = String(decoding: bytes[30..<(30 + fields.u16(26))], as: UTF8.self)
        return hint == .docx || first == "[Content_Types].xml" || first.hasPrefix("word/") || first.hasPrefix("_rels/")
    }

    /// JSON: the first significant byte opens an object or array, and the document parses, or its first lines are
    /// JSON Lines, or the hint says JSON (so the JSON reader reports what is wrong), or the brackets nest past the
    /// limit (so the JSON reader refuses it with `nesting_limit`).
    private static func isJSON(_ bytes: [UInt8], text: String, hint: DocumentFormat?) -> Bool {
        guard let first = text.unicodeScalars.first(where: { !$0.properties.isWhitespace && $0 != "\u{FEFF}" }),
              first == "{" || first == "[" else { return false }
        let maxDepth = PartitionLimits().maxNestingDepth
        let utf8: [UInt8]
        switch TextDecoding.detect(bytes) {
        case (.utf8, let bomLength): utf8 = Array(bytes.dropFirst(bomLength))
        default: utf8 = (try? TextDecoding.decode(bytes)).map { Array($0.utf8) } ?? []
        }
        if hint == .json || JSONParser.parse(utf8, maxDepth: maxDepth) != nil { return true }
        if JSONDocumentPartitioner.exceedsNesting(utf8, limit: maxDepth) { return true }
        let lines = text.split(separator: "\n").prefix(5).filter { !DocumentBuilder.trimmed(String($0)).isEmpty }
        return lines.count >= 2 && lines.allSatisfy { JSONParser.parse(String($0), maxDepth: maxDepth) != nil }
    }
}
