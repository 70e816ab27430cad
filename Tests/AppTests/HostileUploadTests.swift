import CZlib
import TestSupport
import Testing

/// Hostile and broken uploads through the API: each fails its own job with a clear error code, in bounded time,
/// while a good document uploaded alongside becomes ready and the server keeps serving.
@Suite("Hostile uploads", .serialized)
struct HostileUploadTests {
    /// A DOCX whose document part inflates to 64 MiB of spaces from a few dozen KiB.
    static func zipBombDocx() -> [UInt8] {
        let padding = [UInt8](repeating: UInt8(ascii: " "), count: 64 * 1024 * 1024)
        var zip = ZipFixture()
        zip.add("[Content_Types].xml", DocxFixture.contentTypes)
        zip.add(.init(name: Array("word/document.xml".utf8),
                      data: Array(DocxFixture.document(DocxFixture.paragraph("x")).utf8) + padding))
        return zip.build()
    }

    /// The classic exponential entity expansion, as a DOCX's document part.
    static func billionLaughsDocx() -> [UInt8] {
        var entities = #"<!ENTITY lol "lol">"#
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        let xml = #"<?xml version="1.0"?><!DOCTYPE lolz [\#(entities)]>"#
            + #"<w:document xmlns:w="\#(DocxFixture.w)"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"#
        return DocxFixture.package(xml)
    }

    /// A PDF with objects at the offsets its xref table gives; `trailerExtra` goes into the trailer dictionary.
    static func pdf(objects: [[UInt8]], trailerExtra: (Int) -> String = { _ in "" }) -> [UInt8] {
        var out = Array("%PDF-1.7\n%\u{E2}\u{E3}\n".utf8)
        var offsets: [Int] = []
        for (index, body) in objects.enumerated() {
            offsets.append(out.count)
            out += Array("\(index + 1) 0 obj\n".utf8) + body + Array("\nendobj\n".utf8)
        }
        let xref = out.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            table += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        out += Array(table.utf8)
        out += Array("trailer\n<< /Size \(objects.count + 1) /Root 1 0 R \(trailerExtra(xref)) >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return out
    }

    /// One page whose content stream is `content` (FlateDecode'd with a zlib wrapper).
    static func pdfPage(content: [UInt8]) -> [UInt8] {
        let stream = zlib(content)
        return pdf(objects: [
            Array("<< /Type /Catalog /Pages 2 0 R >>".utf8),
            Array("<< /Type /Pages /Kids [3 0 R] /Count 1 >>".utf8),
            Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".utf8),
            Array("<< /Length \(stream.count) /Filter /FlateDecode >>\nstream\n".utf8) + stream + Array("\nendstream".utf8),
            Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".utf8),
        ])
    }

    static func zlib(_ data: [UInt8]) -> [UInt8] {
        let adler = data.withUnsafeBufferPointer { UInt32(adler32(1, $0.baseAddress, uInt($0.count))) }
        return [0x78, 0x9C] + ZipFixture.deflate(data) + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: adler >> $0) }
    }

    @Test func eachHostileFileFailsOnlyItsOwnJob() throws {
        let app = try RunningApp { $0.partition.maxSeconds = 20 }
        let api = APIClient(port: app.port)
        let owner = try api.register("owner@hostile.example")
        let kb = try api.createKnowledgeBase("inbox", token: owner.access)
        let path = "/v1/knowledge-bases/\(kb)/documents"
        let deepJSON = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let deepHTML = String(repeating: "<div>", count: 10_000) + "deep" + String(repeating: "</div>", count: 10_000)
        let goodPDF = Self.pdfPage(content: Array("BT /F1 12 Tf 72 700 Td (Quarterly revenue grew.) Tj ET".utf8))
        let loopPDF = Self.pdf(objects: [
            Array("<< /Type /Catalog /Pages 2 0 R >>".utf8),
            Array("<< /Type /Pages /Kids [] /Count 0 >>".utf8),
        ]) { xref in "/Prev \(xref)" }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 256)
        // (file name, bytes, declared type, the error codes that count as a clean failure; empty = must succeed)
        let cases: [(String, [UInt8], String?, Set<String>)] = [
            ("bomb.docx", Self.zipBombDocx(), nil, ["decompression_limit"]),
            ("laughs.docx", Self.billionLaughsDocx(), nil, ["xml_doctype"]),
            ("deflate-bomb.pdf", Self.pdfPage(content: [UInt8](repeating: 0x20, count: 48 * 1024 * 1024)), nil,
             ["decompression_limit", "no_text"]),
            ("xref-loop.pdf", loopPDF, nil, ["no_text", "empty_document", "pdf_invalid", "pdf_damaged"]),
            ("deep.json", Array(deepJSON.utf8), "application/json", ["nesting_limit"]),
            ("deep.html", Array(deepHTML.utf8), "text/html", ["nesting_limit"]),
            ("truncated.docx", Array(Self.billionLaughsDocx().prefix(300)), nil, ["zip_invalid", "docx_invalid", "unsupported_format"]),
            ("truncated.pdf", Array(goodPDF.prefix(goodPDF.count / 2)), nil, ["no_text", "pdf_invalid", "pdf_damaged"]),
            ("empty.txt", [], nil, ["empty_document"]),
            ("photo.pdf", png, "application/pdf", ["unsupported_format"]),
            ("report.pdf", goodPDF, "text/plain", []),
        ]
        var jobs: [(String, String, Set<String>)] = []
        for (name, bytes, type, codes) in cases {
            let reply = try api.upload(path, parts: [.file(name, bytes, type: type)], token: owner.access)
            try #require(reply.status == 202, "\(name): \(reply.status) \(reply.text.prefix(200))")
            jobs.append((name, try #require(reply.string("job_id")), codes))
        }
        let good = try api.ingest([#"{"text":"An ordinary note that must not be disturbed.","filename":"note.txt"}"#],
                                  kb: kb, token: owner.access)
        for (name, job, codes) in jobs {
            let finished = try api.finishedJob(job, token: owner.access, timeout: 120)
            let status = finished["status"] as? String
            let code = (finished["error"] as? [String: Any])?["code"] as? String
            if codes.isEmpty {
                #expect(status == "succeeded", "\(name): \(status ?? "?") \(code ?? "")")
            } else if name == "xref-loop.pdf" || name == "truncated.pdf" {
                // Repair may recover these; what matters is a bounded, clean outcome.
                #expect(status == "succeeded" || (status == "failed" && code.map(codes.contains) == true),
                        "\(name): \(status ?? "?") \(code ?? "")")
            } else {
                #expect(status == "failed" && code.map(codes.contains) == true, "\(name): \(status ?? "?") \(code ?? "")")
                #expect(((finished["error"] as? [String: Any])?["message"] as? String)?.isEmpty == false)
            }
        }
        let mismatch = try #require(JSONSerializationLite.list(try api.get("\(path)?status=ready", token: owner.access).body)
            .first { $0["filename"] as? String == "report.pdf" })
        #expect(mismatch["content_type"] as? String == "application/pdf", "the bytes decide, not the declared type")
        #expect((mismatch["metadata"] as? [String: Any])?["content_type_mismatch"] != nil)
        let goodJob = try api.finishedJob(try #require(good.string("job_id")), token: owner.access)
        #expect(goodJob["status"] as? String == "succeeded")
        #expect(try api.get("/health").status == 200)
        #expect(!app.logs.lines.contains { $0.contains(#""level":"error""#) }, "no internal errors")
    }
}
