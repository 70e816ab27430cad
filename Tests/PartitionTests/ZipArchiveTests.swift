import Testing
@testable import Partition
import TestSupport

@Suite("Zip archive")
struct ZipArchiveTests {
    private func archive(_ build: (inout ZipFixture) -> Void) -> [UInt8] {
        var zip = ZipFixture()
        build(&zip)
        return zip.build()
    }

    @Test func readsStoredAndDeflatedEntries() throws {
        let text = String(repeating: "deflate me ", count: 200)
        let bytes = archive {
            $0.add("a/stored.txt", "plain", deflate: false)
            $0.add("b/Deflated.txt", text)
            $0.add("empty.txt", "")
        }
        let zip = try ZipArchive(bytes)
        let budget = limitedBudget()
        #expect(zip.entries.map(\.name) == ["a/stored.txt", "b/Deflated.txt", "empty.txt"])
        #expect(zip.entries.map(\.method) == [.stored, .deflated, .deflated])
        #expect(try zip.data(named: "a/stored.txt", budget: budget) == Array("plain".utf8))
        // OPC part names compare case-insensitively, with or without the leading slash.
        #expect(try zip.data(named: "/B/deflated.TXT", budget: budget) == Array(text.utf8))
        #expect(try zip.data(named: "empty.txt", budget: budget) == [])
        #expect(try zip.data(named: "missing", budget: budget) == nil)
    }

    @Test func readsZip64EndRecords() throws {
        let bytes = archive {
            $0.zip64 = true
            $0.add("one.txt", "first")
            $0.add("two.txt", "second")
        }
        let zip = try ZipArchive(bytes)
        #expect(zip.entries.count == 2)
        #expect(try zip.data(named: "two.txt", budget: limitedBudget()) == Array("second".utf8))
    }

    @Test(arguments: ["../evil", "/abs", "\\windows", "a/../../b", "a\\..\\b", "C:/x", "c:evil", "nul\u{0}byte"])
    func refusesUnsafeNames(_ name: String) {
        let bytes = archive {
            $0.add("ok.txt", "fine")
            $0.add(name, "payload")
        }
        #expect(partitionFailure { _ = try ZipArchive(bytes) }?.code == "zip_unsafe_path")
    }

    @Test func allowsDotsThatAreNotTraversal() throws {
        let zip = try ZipArchive(archive { $0.add("a/..b/c..d/.hidden", "x") })
        #expect(zip.entries.count == 1)
    }

    @Test func refusesTooManyEntriesBeforeReadingThem() {
        var zip = ZipFixture()
        for index in 0..<20_000 {
            zip.add(.init(name: Array("f\(index)".utf8), data: [], deflate: false))
        }
        let bytes = zip.build()
        let start = ContinuousClock.now
        let error = partitionFailure { _ = try ZipArchive(bytes) }
        #expect(error?.code == "zip_too_many_entries")
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func refusesTruncatedArchives() {
        let bytes = archive {
            $0.add("one.txt", String(repeating: "abc", count: 100))
            $0.add("two.txt", "second")
        }
        for length in [0, 10, 21, bytes.count / 2, bytes.count - 10, bytes.count - 1] {
            #expect(partitionFailure { _ = try ZipArchive(Array(bytes.prefix(length))) }?.code == "zip_invalid")
        }
    }

    @Test func refusesADirectoryClaimingMoreEntriesThanItHas() {
        let bytes = archive {
            $0.add("one.txt", "x")
            $0.declaredEntryCount = 5
        }
        #expect(partitionFailure { _ = try ZipArchive(bytes) }?.code == "zip_invalid")
    }

    @Test func refusesOverlappingEntries() {
        let bytes = archive {
            $0.add(.init(name: Array("a.txt".utf8), data: Array("aaaa".utf8), deflate: false, extraCompressedSize: 8))
            $0.add("b.txt", "bbbb", deflate: false)
        }
        let error = partitionFailure { _ = try ZipArchive(bytes) }
        #expect(error?.code == "zip_invalid")
        #expect(error?.message.contains("overlap") == true)
    }

    @Test func refusesDuplicateNames() {
        let bytes = archive {
            $0.add("word/document.xml", "one")
            $0.add("WORD/document.xml", "two")
        }
        #expect(partitionFailure { _ = try ZipArchive(bytes) }?.code == "zip_invalid")
    }

    @Test func verifiesCRC() throws {
        let bytes = archive { $0.add(.init(name: Array("a.txt".utf8), data: Array("hello".utf8), crc: 0xDEAD_BEEF)) }
        let zip = try ZipArchive(bytes)
        #expect(partitionFailure { _ = try zip.data(named: "a.txt", budget: limitedBudget()) }?.code == "zip_checksum")
    }

    @Test func refusesEncryptedAndUnsupportedEntries() throws {
        let bytes = archive {
            $0.add(.init(name: Array("locked".utf8), data: Array("x".utf8), flags: 1))
            $0.add(.init(name: Array("bzip2".utf8), data: Array("x".utf8), deflate: false, method: 12))
        }
        let zip = try ZipArchive(bytes)
        let budget = limitedBudget()
        #expect(partitionFailure { _ = try zip.data(named: "locked", budget: budget) }?.code == "zip_encrypted")
        #expect(partitionFailure { _ = try zip.data(named: "bzip2", budget: budget) }?.code == "zip_unsupported")
    }

    @Test func refusesABombByItsDeclaredRatio() throws {
        let zeros = [UInt8](repeating: 0, count: 10 * 1024 * 1024)
        let bytes = archive { $0.add(.init(name: Array("bomb".utf8), data: zeros)) }
        #expect(bytes.count < 20 * 1024)
        let zip = try ZipArchive(bytes)
        let error = partitionFailure { _ = try zip.data(named: "bomb", budget: limitedBudget()) }
        #expect(error?.code == "decompression_limit")
    }

    @Test func stopsAtTheDeclaredSizeWhenABombUnderstatesIt() throws {
        let zeros = [UInt8](repeating: 0, count: 10 * 1024 * 1024)
        let bytes = archive { $0.add(.init(name: Array("liar".utf8), data: zeros, declaredSize: 1000)) }
        let budget = limitedBudget()
        let error = partitionFailure { _ = try ZipArchive(bytes).data(named: "liar", budget: budget) }
        #expect(error?.code == "zip_invalid")
        #expect(error?.message.contains("declared") == true)
    }

    @Test func judgesTheRatioWhileInflating() {
        let zeros = [UInt8](repeating: 0, count: 4 * 1024 * 1024)
        let compressed = ZipFixture.deflate(zeros)
        let error = partitionFailure {
            _ = try ZipInflater.inflate(compressed[...], declaredSize: .max, name: "stream", budget: limitedBudget())
        }
        #expect(error?.code == "decompression_limit")
    }

    @Test func chargesTheDocumentsDecompressionTotal() throws {
        let text = String(repeating: "0123456789abcdef", count: 64 * 1024)  // 1 MiB, modest ratio
        let bytes = archive { zip in
            for index in 0..<3 { zip.add(.init(name: Array("part\(index)".utf8), data: Array(text.utf8), deflate: false)) }
        }
        let zip = try ZipArchive(bytes)
        let budget = limitedBudget { $0.maxDecompressedBytes = 2 * 1024 * 1024 + 10 }
        #expect(try zip.data(named: "part0", budget: budget)?.count == text.utf8.count)
        #expect(try zip.data(named: "part1", budget: budget)?.count == text.utf8.count)
        #expect(partitionFailure { _ = try zip.data(named: "part2", budget: budget) }?.code == "decompression_limit")
    }

    @Test func refusesTruncatedDeflateData() {
        let text = Array(String(repeating: "some words to compress ", count: 500).utf8)
        let compressed = ZipFixture.deflate(text)
        let error = partitionFailure {
            _ = try ZipInflater.inflate(compressed.dropLast(compressed.count / 2), declaredSize: text.count,
                                        name: "cut", budget: limitedBudget())
        }
        #expect(error?.code == "zip_invalid")
        #expect(error?.message.contains("ends early") == true)
    }

    @Test func refusesCorruptDeflateData() throws {
        var entry = ZipFixture.Entry(name: Array("bad".utf8), data: Array("not deflate at all".utf8), deflate: false)
        entry.method = 8
        let bytes = archive { $0.add(entry) }
        #expect(partitionFailure { _ = try ZipArchive(bytes).data(named: "bad", budget: limitedBudget()) }?.code == "zip_invalid")
    }
}
