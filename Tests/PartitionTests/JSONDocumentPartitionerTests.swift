import Testing
@testable import Partition

@Suite("JSON documents")
struct JSONDocumentPartitionerTests {
    private func partition(_ text: String, budget: PartitionBudget = limitedBudget()) throws -> PartitionedDocument {
        try JSONDocumentPartitioner.partition(Array(text.utf8), budget: budget)
    }

    @Test func flattensEachArrayItemIntoARecord() throws {
        let document = try partition("""
            [
              {"id": 1, "title": "First", "author": {"name": "Ada", "born": 1815}, "tags": ["math", "code"],
               "items": [{"sku": "X1", "qty": 2}, {"sku": "X2"}], "draft": false, "note": null, "empty": ""},
              {"id": 2.5, "matrix": [[1, 2], [3]]},
              "a bare string",
              42,
              {}
            ]
            """)
        #expect(document.elements.map(\.text) == [
            "id: 1\ntitle: First\nauthor.name: Ada\nauthor.born: 1815\ntags: math, code\nitems[0].sku: X1\nitems[0].qty: 2\nitems[1].sku: X2\ndraft: false",
            "id: 2.5\nmatrix[0]: 1, 2\nmatrix[1]: 3",
            "a bare string",
            "42",
        ])
        #expect(document.elements.allSatisfy { $0.kind == .paragraph && $0.sectionPath.isEmpty })
        #expect(document.metadata.title == nil)
        #expect(document.metadata.extra["records"] == "4")
        expectOffsetsMatchText(document)
    }

    @Test func readsASingleObjectAsOneRecordWithItsTitle() throws {
        let document = try partition("\u{FEFF}{\"title\": \"Handbook\", \"body\": \"Text\"}")
        #expect(document.elements.map(\.text) == ["title: Handbook\nbody: Text"])
        #expect(document.metadata.title == "Handbook")
    }

    @Test func readsJSONLines() throws {
        let document = try partition("{\"q\": \"one\"}\r\n\n{\"q\": \"two\"}\n[1, 2]\n")
        #expect(document.elements.map(\.text) == ["q: one", "q: two", "1, 2"])
    }

    @Test func refusesInvalidJSON() {
        #expect(partitionFailure { _ = try partition("{\"a\": 1,}") }?.code == "json_invalid")
        let error = partitionFailure { _ = try partition("{\"a\": 1}\n{\"b\": 2}\n{oops}\n") }
        #expect(error?.code == "json_invalid")
        #expect(error?.message.contains("line 3") == true)
        #expect(partitionFailure { _ = try partition("{\"a\": 1, \"a\": 2}") }?.code == "json_invalid")
    }

    @Test func refusesDeepNestingQuickly() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let start = ContinuousClock.now
        #expect(partitionFailure { _ = try partition(deep) }?.code == "nesting_limit")
        #expect(partitionFailure { _ = try partition(String(repeating: "{\"a\":", count: 10_000) + "1" + String(repeating: "}", count: 10_000)) }?.code == "nesting_limit")
        #expect(ContinuousClock.now - start < .seconds(5))
        // Brackets inside strings do not count.
        #expect(throws: Never.self) { _ = try partition("{\"s\": \"" + String(repeating: "[", count: 1_000) + "\"}") }
    }

    @Test func stopsWhenRepeatedPathsOutgrowTheTextLimit() {
        let key = String(repeating: "k", count: 200)
        let json = "{\"\(key)\": {" + (0..<100).map { "\"f\($0)\": \($0)" }.joined(separator: ",") + "}}"
        let budget = limitedBudget { $0.maxTextScalars = 10_000 }
        #expect(json.count < 10_000)
        #expect(partitionFailure { _ = try partition(json, budget: budget) }?.code == "text_limit")
    }

    @Test func refusesEmptyInput() {
        #expect(partitionFailure { _ = try JSONDocumentPartitioner.partition([], budget: limitedBudget()) }?.code == "empty_document")
        #expect(partitionFailure { _ = try partition("  \n ") }?.code == "empty_document")
        #expect(partitionFailure { _ = try partition("[null, {}, []]") }?.code == "empty_document")
    }
}
