import JSON
import Testing
@testable import Partition

@Suite("CSV partitioner")
struct CSVPartitionerTests {
    private func partition(_ text: String, limits: CSVLimits = CSVLimits()) throws -> PartitionedDocument {
        try CSVPartitioner.partition(Array(text.utf8), budget: limitedBudget(), limits: limits)
    }

    @Test func readsRecordsWithTheirColumnNames() throws {
        let document = try partition("""
            name,city,note\r
            Ada,London,"Wrote the first program, arguably"\r
            ,,\r
            "Grace ""Amazing"" Hopper",Arlington,"Line one\r
            line two"\r
            Alan,,\r
            Edsger,Nuenen,extra,cells\r

            """)
        #expect(document.elements.map(\.text) == [
            "name: Ada\ncity: London\nnote: Wrote the first program, arguably",
            "name: Grace \"Amazing\" Hopper\ncity: Arlington\nnote: Line one line two",
            "name: Alan",
            "name: Edsger\ncity: Nuenen\nnote: extra\ncolumn 4: cells",
        ])
        #expect(document.elements.allSatisfy { $0.kind == .paragraph })
        let columns = try #require(document.metadata.extra["columns"])
        #expect(JSONParser.parse(columns) == ["name", "city", "note"])
        #expect(document.metadata.extra["rows"] == "4")
        #expect(document.metadata.extra["delimiter"] == ",")
        expectOffsetsMatchText(document)
    }

    @Test(arguments: [(";", ";"), ("\t", "\\t"), ("|", "|")])
    func sniffsTheDelimiter(_ delimiter: String, _ recorded: String) throws {
        // Commas appear in every row, but inconsistently; the real delimiter also hides inside a quoted field.
        let rows = ["title|price, eur", "Widget, large|1,50", "Gadget|2,25", "\"Gizmo|mini\"|3,00"]
        let document = try partition(rows.map { $0.replacing("|", with: delimiter) }.joined(separator: "\n"))
        #expect(document.metadata.extra["delimiter"] == recorded)
        #expect(document.elements.map(\.text) == [
            "title: Widget, large\nprice, eur: 1,50",
            "title: Gadget\nprice, eur: 2,25",
            "title: Gizmo\(delimiter)mini\nprice, eur: 3,00",
        ])
    }

    @Test func joinsValuesWithoutAHeader() throws {
        let document = try partition("1,2.5,3\n4,,6\n")
        #expect(document.elements.map(\.text) == ["1 | 2.5 | 3", "4 | 6"])
        #expect(document.metadata.extra["columns"] == nil)
    }

    @Test func treatsASingleRowAsData() throws {
        #expect(try partition("only,one,row").elements.map(\.text) == ["only | one | row"])
    }

    @Test func refusesAnUnterminatedQuote() {
        let error = partitionFailure { _ = try partition("a,b\n1,\"never closed\n2,3\n") }
        #expect(error?.code == "csv_invalid")
        #expect(error?.message.contains("line 2") == true)
    }

    @Test func enforcesFieldAndColumnLimits() {
        var limits = CSVLimits()
        limits.maxFieldBytes = 10
        #expect(partitionFailure { _ = try partition("a,b\nshort,\(String(repeating: "x", count: 11))\n", limits: limits) }?.code == "csv_limit")
        limits = CSVLimits()
        limits.maxRecordBytes = 20
        #expect(partitionFailure { _ = try partition("a,b\n0123456789,0123456789,0123\n", limits: limits) }?.code == "csv_limit")
        limits = CSVLimits()
        limits.maxColumns = 3
        #expect(partitionFailure { _ = try partition("a,b,c,d\n", limits: limits) }?.code == "csv_limit")
    }

    @Test func refusesEmptyInput() {
        #expect(partitionFailure { _ = try CSVPartitioner.partition([], budget: limitedBudget()) }?.code == "empty_document")
        #expect(partitionFailure { _ = try partition(",,\n\n,\n") }?.code == "empty_document")
    }
}
