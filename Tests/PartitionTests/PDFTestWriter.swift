import CZlib
@testable import Partition

/// Builds PDF files in tests (PDF 32000-1 §7.5): numbered objects and streams (optionally deflated), a classic xref
/// table or an xref stream, object streams, incremental updates, and damaged variants (wrong offsets, no xref).
struct PDFTestWriter {
    enum XRefStyle {
        /// A classic `xref` table with a `trailer` (§7.5.4).
        case table
        /// A cross-reference stream (§7.5.8); objects listed in `compressed` go into one object stream.
        case stream
        /// No cross-reference section at all (the reader must scan).
        case none
        /// A table whose offsets all point 7 bytes too far.
        case wrongOffsets
    }

    private var objects: [(number: Int, body: [UInt8])] = []
    /// Object numbers to store in an object stream (with `.stream` only).
    var compressed: Set<Int> = []
    var trailerExtra = ""
    var root = 1
    /// Applied to an object stream's bytes (object number, data): how encrypted files store them.
    var objectStreamTransform: (Int, [UInt8]) -> [UInt8] = { $1 }

    /// Adds object `number` whose body is `text` (a dictionary, array, number…).
    mutating func add(_ number: Int, _ text: String) {
        objects.append((number, Array(text.utf8)))
    }

    /// Adds a stream object; `dictionary` holds extra entries (without `<<`/`>>`), `/Length` is written here.
    mutating func addStream(_ number: Int, _ dictionary: String = "", data: [UInt8], deflate: Bool = false) {
        let payload = deflate ? Self.deflate(data) : data
        let filter = deflate ? "/Filter /FlateDecode " : ""
        var body = Array("<< \(filter)\(dictionary) /Length \(payload.count) >>\nstream\n".utf8)
        body += payload
        body += Array("\nendstream".utf8)
        objects.append((number, body))
    }

    mutating func addStream(_ number: Int, _ dictionary: String = "", text: String, deflate: Bool = false) {
        addStream(number, dictionary, data: Array(text.utf8), deflate: deflate)
    }

    /// The file. `prefix` is prepended (an earlier revision for incremental updates); `previous` is the offset of its
    /// xref section, written as `/Prev`.
    func build(xref style: XRefStyle = .table, prefix: [UInt8]? = nil, previous: Int? = nil) -> [UInt8] {
        var output = prefix ?? Array("%PDF-1.7\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int: Int] = [:]
        var inStream: [(number: Int, body: [UInt8])] = []
        for (number, body) in objects {
            if style == .stream, compressed.contains(number) {
                inStream.append((number, body))
                continue
            }
            offsets[number] = output.count
            output += Array("\(number) 0 obj\n".utf8) + body + Array("\nendobj\n".utf8)
        }
        var maxNumber = (objects.map(\.number).max() ?? 0) + 1
        var streamIndex: [Int: (stream: Int, index: Int)] = [:]
        if !inStream.isEmpty {
            let streamNumber = maxNumber
            maxNumber += 1
            var header = ""
            var data: [UInt8] = []
            for (index, object) in inStream.enumerated() {
                header += "\(object.number) \(data.count) "
                data += object.body + [0x0A]
                streamIndex[object.number] = (streamNumber, index)
            }
            let first = Array(header.utf8)
            let payload = objectStreamTransform(streamNumber, first + data)
            offsets[streamNumber] = output.count
            output += Array("\(streamNumber) 0 obj\n<< /Type /ObjStm /N \(inStream.count) /First \(first.count) /Length \(payload.count) >>\nstream\n".utf8)
            output += payload + Array("\nendstream\nendobj\n".utf8)
        }
        let prev = previous.map { " /Prev \($0)" } ?? ""
        let xrefOffset = output.count
        switch style {
        case .none:
            return output + Array("%%EOF\n".utf8)
        case .table, .wrongOffsets:
            let shift = style == .wrongOffsets ? 7 : 0
            var table = "xref\n"
            if prefix == nil { table += "0 1\n0000000000 65535 f \n" }
            for number in offsets.keys.sorted() {
                table += "\(number) 1\n" + pad10(offsets[number]! + shift) + " 00000 n \n"
            }
            table += "trailer\n<< /Size \(maxNumber) /Root \(root) 0 R\(prev) \(trailerExtra) >>\n"
            table += "startxref\n\(xrefOffset)\n%%EOF\n"
            return output + Array(table.utf8)
        case .stream:
            let xrefNumber = maxNumber
            offsets[xrefNumber] = xrefOffset
            var entries: [UInt8] = []
            for number in 0...xrefNumber {
                if let offset = offsets[number] {
                    entries += [1, UInt8(offset >> 16 & 0xFF), UInt8(offset >> 8 & 0xFF), UInt8(offset & 0xFF), 0]
                } else if let location = streamIndex[number] {
                    entries += [2, UInt8(location.stream >> 16 & 0xFF), UInt8(location.stream >> 8 & 0xFF),
                                UInt8(location.stream & 0xFF), UInt8(location.index)]
                } else {
                    entries += [0, 0, 0, 0, 0]
                }
            }
            let compressedEntries = Self.deflate(entries)
            output += Array("\(xrefNumber) 0 obj\n<< /Type /XRef /Size \(xrefNumber + 1) /W [1 3 1] /Root \(root) 0 R\(prev) \(trailerExtra) /Filter /FlateDecode /DecodeParms << /Predictor 1 >> /Length \(compressedEntries.count) >>\nstream\n".utf8)
            output += compressedEntries + Array("\nendstream\nendobj\nstartxref\n\(xrefOffset)\n%%EOF\n".utf8)
            return output
        }
    }

    private func pad10(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    /// The offset after the last `startxref` of `file` (for `/Prev` in an update).
    static func startXRef(of file: [UInt8]) -> Int {
        let text = String(decoding: file, as: UTF8.self)
        guard let range = text.ranges(of: "startxref").last else { return 0 }
        let digits = text[range.upperBound...].drop(while: { $0 == "\n" || $0 == "\r" || $0 == " " }).prefix { $0.isNumber }
        return Int(digits) ?? 0
    }

    /// zlib-compressed `data` (RFC 1950), what FlateDecode reads.
    static func deflate(_ data: [UInt8]) -> [UInt8] {
        var length = compressBound(uLong(data.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = compress2(&output, &length, data, uLong(data.count), 9)
        precondition(status == Z_OK)
        return Array(output.prefix(Int(length)))
    }
}

extension PDFTestWriter {
    /// A one-page document: catalog 1, pages 2, page 3, content 4, fonts from 5 (`/F1` Helvetica by default).
    static func document(content: String, fonts: [String] = ["<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"],
                         pageExtra: String = "", deflate: Bool = false) -> PDFTestWriter {
        var writer = PDFTestWriter()
        writer.add(1, "<< /Type /Catalog /Pages 2 0 R >>")
        writer.add(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        let fontEntries = fonts.indices.map { "/F\($0 + 1) \($0 + 5) 0 R" }.joined(separator: " ")
        writer.add(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << \(fontEntries) >> >> \(pageExtra) >>")
        writer.addStream(4, text: content, deflate: deflate)
        for (index, font) in fonts.enumerated() { writer.add(index + 5, font) }
        return writer
    }

    /// Text shown with `/F1 12 Tf` at (72, 720), one line per element, 14 pt apart.
    static func lines(_ lines: [String], size: Int = 12) -> String {
        var content = "BT /F1 \(size) Tf 14 TL 72 720 Td\n"
        for line in lines { content += "(\(line)) Tj T*\n" }
        return content + "ET\n"
    }
}

/// Reads a PDF built in a test with generous limits, failing the test on error.
func partitionPDF(_ bytes: [UInt8], limits: PartitionLimits = PartitionLimits()) throws -> PartitionedDocument {
    try PDFPartitioner.partition(bytes, budget: PartitionBudget(limits: limits))
}

/// The error a PDF fails with, or nil when it reads.
func pdfError(_ bytes: [UInt8], limits: PartitionLimits = PartitionLimits()) -> PartitionError? {
    do {
        _ = try PDFPartitioner.partition(bytes, budget: PartitionBudget(limits: limits))
        return nil
    } catch {
        return error
    }
}
