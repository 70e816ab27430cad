import Testing
import TestSupport
@testable import Partition

/// Every file of `../shared/data/pdfs` (pdf.js's test corpus, pypdf's sample files, GeoTopo): each yields text or a
/// clean `PartitionError`, fast, within bounded memory; encrypted files with an empty user password are read and
/// those needing a password are refused. Fails loudly when the data is missing.
@Suite struct PDFRealDataTests {
    @Test func everyFileReadsOrFailsCleanly() async throws {
        let root = try #require(PDFRealData.root, "../shared/data/pdfs is missing: the real-data tests cannot run")
        let entries = PDFRealData.entries(root: root)
        #expect(entries.count >= 150, "expected the whole corpus, found \(entries.count) files")
        // Other suites run in the same process at the same time (indexes, the model), so the budget is checked on
        // the growth of the peak while this corpus is read, not on the process's absolute peak.
        let peakBefore = PDFRealData.peakResidentBytes()
        let outcomes = await PDFRealData.partitionAll(entries)
        for outcome in outcomes {
            let name = outcome.entry.name
            #expect(outcome.seconds < 10, "\(name) took \(outcome.seconds) s")
            switch (outcome.entry.category, outcome.result) {
            case ("encrypted_password_required"?, .failure(let error)):
                #expect(error.code == "pdf_encrypted", "\(name): \(error)")
            case ("encrypted_password_required"?, .success):
                Issue.record("\(name) needs a password but was read")
            case ("encrypted_empty_user_password"?, .failure(let error)):
                // Opened; only a file poppler finds no text in may end as no_text.
                #expect(error.code == "no_text" && outcome.entry.popplerCharacters == 0, "\(name): \(error)")
            case ("valid_with_text"?, .failure(let error)):
                Issue.record("\(name) has text but failed: \(error)")
            case (_, .success(let document)):
                #expect(!document.text.isEmpty, "\(name)")
                #expect(document.metadata.pageCount ?? 0 > 0, "\(name)")
            case (_, .failure(let error)):
                #expect(!error.code.isEmpty && !error.message.isEmpty)
            }
        }
        let growth = PDFRealData.peakResidentBytes() - peakBefore
        #expect(growth < 512 * 1024 * 1024, "peak RSS grew by \(growth / 1_048_576) MiB")
    }

    @Test func encryptedFilesWithEmptyPasswordYieldText() async throws {
        let root = try #require(PDFRealData.root, "../shared/data/pdfs is missing")
        let encrypted = PDFRealData.entries(root: root).filter {
            $0.category == "encrypted_empty_user_password" && $0.popplerCharacters > 0
        }
        #expect(encrypted.count >= 5)
        for outcome in await PDFRealData.partitionAll(encrypted) {
            let text = try outcome.result.get().text
            #expect(text.count * 2 >= outcome.entry.popplerCharacters, "\(outcome.entry.name)")
        }
    }

    @Test func geoTopoStructure() async throws {
        try #require(PDFRealData.root != nil, "../shared/data/pdfs is missing")
        let bytes = try #require(SharedData.read("pdfs/ground-truth/GeoTopo-komprimiert.pdf"))
        let document = try PDFPartitioner.partition(bytes, budget: PartitionBudget())
        #expect(document.metadata.pageCount == 117)
        #expect(document.elements.contains { $0.kind == .heading && $0.text.contains("Topologische Grundbegriffe") })
        #expect(document.elements.allSatisfy { ($0.page ?? 0) >= 1 && ($0.page ?? 0) <= 117 })
        // Elements come page by page.
        let pages = document.elements.compactMap(\.page)
        #expect(pages == pages.sorted())
    }
}
