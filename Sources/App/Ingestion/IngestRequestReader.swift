#if canImport(Glibc)
import Glibc
#endif
import Crypto
import HTTP
import Ingest
import JSON
import Server

/// Turns an ingest request — JSON `{kb_id, documents:[…]}` or `multipart/form-data` with `file` parts — into staged
/// documents whose bytes are already stored, encrypted, as blobs. The body sits in a temporary file (the route
/// spools uploads to disk); multipart file parts stream from that file into the blob store piece by piece, so no
/// upload is ever whole in memory. On any error the blobs stored so far are deleted: a refused request leaves
/// nothing behind.
struct IngestRequestReader {
    struct Limits {
        var maxFileBytes: Int
        var maxJSONBytes: Int
        var maxDocuments: Int
    }

    /// What the request asked for.
    struct Upload {
        /// `kb_id` from the body (the knowledge-base route has it in the path instead).
        var kbID: String?
        var documents: [StagedDocument]
    }

    let blobs: BlobStore
    let limits: Limits
    let organization: String

    func read(_ request: Request) throws -> Upload {
        let contentType = request.header("Content-Type") ?? ""
        if let boundary = MultipartParser.boundary(fromContentType: contentType) {
            return try multipart(request, boundary: boundary)
        }
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            throw HTTPError(.badRequest, code: "multipart_missing_boundary",
                            message: "multipart/form-data needs a boundary parameter of 1 to 70 characters.")
        }
        guard contentType.lowercased().hasPrefix("application/json") else {
            throw HTTPError(.unsupportedMediaType, code: "unsupported_media_type",
                            message: "Send documents as application/json or multipart/form-data.")
        }
        return try json(request)
    }

    // MARK: JSON

    private static let documentFields: Set<String> = [
        "text", "content_base64", "filename", "content_type", "title", "external_id", "metadata",
    ]

    private func json(_ request: Request) throws -> Upload {
        let bytes = try Self.body(of: request, limit: limits.maxJSONBytes)
        let body = try JSONBody(bytes: bytes, allowing: ["kb_id", "documents"])
        guard let items = try body.array("documents"), !items.isEmpty else {
            throw JSONBody.invalid("documents must list at least one document.", field: "documents")
        }
        try checkCount(items.count)
        // Validate every entry before storing anything: a typo in the last document costs no disk writes.
        var parsed: [(document: JSONBody, content: [UInt8], declaredType: String?)] = []
        for (index, item) in items.enumerated() {
            let document = try JSONBody(item, path: "documents[\(index)]", allowing: Self.documentFields)
            let text = try document.string("text")
            let encoded = try document.string("content_base64")
            guard (text == nil) != (encoded == nil) else {
                throw JSONBody.invalid("Give exactly one of text and content_base64.", field: document.path)
            }
            let content: [UInt8]
            if let text {
                content = Array(text.utf8)
            } else {
                guard let decoded = Self.decodeBase64(encoded!) else {
                    throw HTTPError(.badRequest, code: "invalid_base64",
                                    message: "\(document.field("content_base64")) is not valid base64.",
                                    details: ["field": document.field("content_base64")])
                }
                content = decoded
            }
            guard content.count <= limits.maxFileBytes else { throw fileTooLarge() }
            let declared = try document.string("content_type").map { try Self.mediaType($0, field: document.field("content_type")) }
            // `text` says nothing about the format (plain, Markdown, CSV…): the file name and the content decide.
            parsed.append((document, content, declared))
        }
        var externalIDs = Set<String>()
        for (index, (document, _, _)) in parsed.enumerated() {
            guard let id = try document.string("external_id") else { continue }
            guard externalIDs.insert(id).inserted else {
                throw HTTPError(.badRequest, code: "duplicate_external_id",
                                message: "documents[\(index)].external_id repeats an earlier document's; send one version per request.",
                                details: ["field": "documents[\(index)].external_id"])
            }
        }
        var staged: [StagedDocument] = []
        do {
            for (document, content, declaredType) in parsed {
                let fields = try describe(document)
                let blob = try store(content)
                staged.append(StagedDocument(blob: blob, filename: fields.filename, declaredType: declaredType,
                                             title: fields.title, externalID: fields.externalID,
                                             metadata: fields.metadata))
            }
        } catch {
            for document in staged { blobs.delete(document.blob.id) }
            throw error
        }
        return Upload(kbID: try body.string("kb_id"), documents: staged)
    }

    /// The optional descriptive fields of one JSON document.
    private func describe(_ document: JSONBody) throws(HTTPError)
        -> (filename: String?, title: String?, externalID: String?, metadata: String) {
        let filename = try document.string("filename").flatMap(UploadFileName.sanitized)
        var title: String?
        if let raw = try document.string("title") { title = try Self.title(raw, field: document.field("title")) }
        var externalID: String?
        if let raw = try document.string("external_id") {
            externalID = try Self.externalID(raw, field: document.field("external_id"))
        }
        let metadata = try Self.metadata(document.value("metadata"), field: document.field("metadata"))
        return (filename, title, externalID, metadata)
    }

    private func store(_ content: [UInt8]) throws(HTTPError) -> StoredBlob {
        do {
            return try blobs.store(content, organization: organization, durable: false)
        } catch {
            throw Self.storageFailed(error)
        }
    }

    // MARK: Multipart

    private static let textFields: Set<String> = ["kb_id", "metadata", "external_id", "title"]
    /// Largest non-file field.
    private static let maxFieldBytes = 64 * 1024

    private func multipart(_ request: Request, boundary: String) throws -> Upload {
        guard let path = request.bodyFile else {
            throw HTTPError(.badRequest, code: "multipart_truncated", message: "The multipart body is empty.")
        }
        let stream = try MultipartStream(path: path, boundary: boundary)
        var fields: [String: String] = [:]
        var files: [(blob: StoredBlob, filename: String?, declaredType: String?)] = []
        do {
            while let event = try stream.next() {
                switch event {
                case .part(let head):
                    let name = head.name ?? ""
                    if name == "file" {
                        try checkCount(files.count + 1)
                        let blob = try storeFile(from: stream)
                        let declared = head.contentType.flatMap { try? Self.mediaType($0, field: "file") }
                        files.append((blob, head.filename, declared == "application/octet-stream" ? nil : declared))
                    } else if Self.textFields.contains(name) {
                        guard fields[name] == nil else {
                            throw JSONBody.invalid("Field '\(name)' is given twice.", field: name)
                        }
                        fields[name] = try text(from: stream, field: name)
                    } else {
                        throw HTTPError(.badRequest, code: "unknown_field",
                                        message: "Field '\(name)' is not accepted here; send kb_id, metadata, external_id, title and file parts.",
                                        details: ["field": name])
                    }
                case .end:
                    break
                case .data, .partEnd:
                    break  // Consumed by the part readers; nothing else can arrive here.
                case .error(let error):
                    throw Self.malformed(error)
                }
            }
            guard !files.isEmpty else {
                throw JSONBody.invalid("Send at least one file part named 'file'.", field: "file")
            }
            if files.count > 1, fields["external_id"] != nil || fields["title"] != nil {
                throw JSONBody.invalid("external_id and title describe a single file: send one file with them.",
                                       field: fields["external_id"] != nil ? "external_id" : "title")
            }
            let title = try fields["title"].map { try Self.title($0, field: "title") }
            let externalID = try fields["external_id"].map { try Self.externalID($0, field: "external_id") }
            let metadataValue: JSONValue?
            if let text = fields["metadata"] {
                guard let value = JSONParser.parse(text, maxDepth: 8) else {
                    throw JSONBody.invalid("metadata must be a JSON object.", field: "metadata")
                }
                metadataValue = value
            } else {
                metadataValue = nil
            }
            let metadata = try Self.metadata(metadataValue, field: "metadata")
            let documents = files.map {
                StagedDocument(blob: $0.blob, filename: $0.filename.flatMap(UploadFileName.sanitized),
                               declaredType: $0.declaredType, title: title, externalID: externalID, metadata: metadata)
            }
            return Upload(kbID: fields["kb_id"], documents: documents)
        } catch {
            for file in files { blobs.delete(file.blob.id) }
            throw error
        }
    }

    /// Streams the current part's body into a new blob.
    private func storeFile(from stream: MultipartStream) throws -> StoredBlob {
        var pending: [UInt8] = []
        var offset = 0
        var streamError: (any Error)?
        do {
            return try blobs.store(organization: organization, maxBytes: limits.maxFileBytes, durable: false) {
                (buffer: UnsafeMutableRawBufferPointer) throws(BlobError) -> Int in
                while offset == pending.count {
                    let event: MultipartEvent?
                    do {
                        event = try stream.next()
                    } catch {
                        streamError = error
                        throw BlobError(code: "blob_io", message: "reading the upload failed")
                    }
                    switch event {
                    case .data(let bytes)?:
                        pending = bytes
                        offset = 0
                    case .partEnd?:
                        return 0
                    case .error(let error)?:
                        streamError = Self.malformed(error)
                        throw BlobError(code: "blob_io", message: "malformed multipart body")
                    default:
                        streamError = Self.malformed(.truncated)
                        throw BlobError(code: "blob_io", message: "truncated multipart body")
                    }
                }
                let count = min(buffer.count, pending.count - offset)
                pending.withUnsafeBytes {
                    buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + count]))
                }
                offset += count
                return count
            }
        } catch {
            if let streamError { throw streamError }
            if error.code == "blob_too_large" { throw fileTooLarge() }
            throw Self.storageFailed(error)
        }
    }

    /// The current part's body as UTF-8 text of at most 64 KiB.
    private func text(from stream: MultipartStream, field: String) throws -> String {
        var bytes: [UInt8] = []
        while true {
            switch try stream.next() {
            case .data(let piece)?:
                bytes += piece
                guard bytes.count <= Self.maxFieldBytes else {
                    throw JSONBody.invalid("Field '\(field)' is larger than 64 KiB.", field: field)
                }
            case .partEnd?:
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw JSONBody.invalid("Field '\(field)' is not UTF-8 text.", field: field)
                }
                return text
            case .error(let error)?:
                throw Self.malformed(error)
            default:
                throw Self.malformed(.truncated)
            }
        }
    }

    // MARK: Field rules

    private func checkCount(_ count: Int) throws(HTTPError) {
        guard count <= limits.maxDocuments else {
            throw HTTPError(.badRequest, code: "too_many_documents",
                            message: "At most \(limits.maxDocuments) documents per request; split the upload.",
                            details: ["field": "documents"])
        }
    }

    private func fileTooLarge() -> HTTPError {
        HTTPError(.contentTooLarge, code: "file_too_large",
                  message: "A file is larger than the limit of \(limits.maxFileBytes) bytes.")
    }

    private static func storageFailed(_ error: BlobError) -> HTTPError {
        HTTPError(.serviceUnavailable, code: "storage_unavailable",
                  message: "The upload could not be stored; try again later.", headers: ["Retry-After": "5"])
    }

    private static func malformed(_ error: MultipartError) -> HTTPError {
        HTTPError(.badRequest, code: error.code, message: "The multipart/form-data body is malformed (\(error.code)).")
    }

    /// The body bytes of `request`, from its spool file or memory, refused above `limit`.
    static func body(of request: Request, limit: Int) throws -> [UInt8] {
        guard let path = request.bodyFile else {
            guard request.body.count <= limit else { throw jsonTooLarge(limit) }
            return request.body
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw HTTPError(.internalServerError, code: "internal_error", message: "The upload was lost.") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw HTTPError(.internalServerError, code: "internal_error", message: "The upload was lost.")
        }
        guard Int(info.st_size) <= limit else { throw jsonTooLarge(limit) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw HTTPError(.internalServerError, code: "internal_error", message: "The upload was lost.") }
            offset += count
        }
        return bytes
    }

    private static func jsonTooLarge(_ limit: Int) -> HTTPError {
        HTTPError(.contentTooLarge, code: "body_too_large",
                  message: "JSON ingest requests are limited to \(limit) bytes; upload large files as multipart/form-data.")
    }

    /// Standard or URL-safe base64, padded or not (what real clients send).
    static func decodeBase64(_ text: String) -> [UInt8]? {
        var trimmed = Substring(text)
        var padding = 0
        while trimmed.hasSuffix("="), padding < 2 {
            trimmed = trimmed.dropLast()
            padding += 1
        }
        if padding > 0 && (trimmed.utf8.count + padding) % 4 != 0 { return nil }
        return Base64Codec.standard.decode(trimmed) ?? Base64Codec.url.decode(trimmed)
    }

    /// A declared media type, `type/subtype` without parameters, lower-cased.
    static func mediaType(_ raw: String, field: String) throws(HTTPError) -> String {
        let type = String(raw.split(separator: ";").first ?? "").trimmingWhitespace.lowercased()
        let parts = type.split(separator: "/", omittingEmptySubsequences: false)
        let token: (Substring) -> Bool = { part in
            !part.isEmpty && part.utf8.count <= 100 && part.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) || Array("!#$&-^_.+".utf8).contains(byte)
            }
        }
        guard parts.count == 2, token(parts[0]), token(parts[1]) else {
            throw JSONBody.invalid("\(field) must be a media type such as application/pdf.", field: field)
        }
        return type
    }

    static func title(_ raw: String, field: String) throws(HTTPError) -> String {
        let title = raw.trimmingWhitespace
        guard title.unicodeScalars.count <= 500,
              !title.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw JSONBody.invalid("\(field) must be at most 500 characters without control characters.", field: field)
        }
        return title
    }

    static func externalID(_ raw: String, field: String) throws(HTTPError) -> String {
        guard (1...256).contains(raw.utf8.count),
              !raw.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw JSONBody.invalid("\(field) must be 1 to 256 bytes without control characters.", field: field)
        }
        return raw
    }

    /// Metadata as stored: a flat JSON object (values are strings, numbers, booleans, null or arrays of those, so
    /// every field can be filtered on), at most 100 fields and 64 KiB.
    static func metadata(_ value: JSONValue?, field: String) throws(HTTPError) -> String {
        guard let value else { return "{}" }
        let rule = "\(field) must be a JSON object of at most 100 fields whose values are strings, numbers, booleans, "
            + "null or arrays of those, 64 KiB at most."
        guard let members = value.members, members.count <= 100 else { throw JSONBody.invalid(rule, field: field) }
        func scalar(_ value: JSONValue) -> Bool {
            switch value {
            case .string, .number, .bool, .null: true
            default: false
            }
        }
        for (key, item) in members {
            let flat: Bool
            if case .array(let items) = item { flat = items.allSatisfy(scalar) } else { flat = scalar(item) }
            guard flat, (1...128).contains(key.utf8.count) else {
                throw JSONBody.invalid(rule, field: JSONBody.join(field, key))
            }
        }
        let text = value.serializedText
        guard text.utf8.count <= 64 * 1024 else { throw JSONBody.invalid(rule, field: field) }
        return text
    }
}

/// The multipart parser over the upload's spool file: events on demand, reading the file 64 KiB at a time.
final class MultipartStream {
    private let fd: Int32
    private var parser: MultipartParser
    private var finished = false
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    init(path: String, boundary: String) throws {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw HTTPError(.internalServerError, code: "internal_error", message: "The upload was lost.") }
        parser = MultipartParser(boundary: boundary)
    }

    deinit { close(fd) }

    /// The next event; nil after `.end` or `.error`.
    func next() throws -> MultipartEvent? {
        while true {
            if let event = parser.next() { return event }
            guard !finished, !parser.isFinished else { return nil }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw HTTPError(.internalServerError, code: "internal_error", message: "The upload was lost.") }
            if count == 0 {
                finished = true
                if let event = parser.finish() { return event }
                return nil
            }
            parser.append(buffer[..<count])
        }
    }
}
