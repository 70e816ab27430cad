import JSON
import Testing
@testable import Retrieval

@Suite struct SearchFilterTests {
    func parse(_ text: String) throws -> SearchFilter {
        let json = try #require(JSONParser.parse(Array(text.utf8)))
        return try SearchFilter.parse(json, time: { $0 == "2026-01-01" ? 1_767_225_600_000 : Int64($0) })
    }

    func subject(_ metadata: String, file: String = "{}", id: String = "doc_1", external: String? = nil,
                 created: Int64 = 1_767_225_600_000) -> FilterSubject {
        FilterSubject(documentID: id, externalID: external, createdAt: created,
                      userMetadata: JSONParser.parse(Array(metadata.utf8)), fileMetadata: JSONParser.parse(Array(file.utf8)))
    }

    @Test func metadataEqualityListsAndOperators() throws {
        let doc = subject(#"{"team":"hr","year":2024,"tags":["policy","leave"],"owner":{"name":"Ana"}}"#,
                          file: #"{"language":"en","team":"ignored"}"#)
        #expect(try parse(#"{"metadata.team":"hr"}"#).matches(doc))
        #expect(try !parse(#"{"metadata.team":"legal"}"#).matches(doc))
        #expect(try parse(#"{"metadata.team":["legal","hr"]}"#).matches(doc))
        #expect(try parse(#"{"metadata.tags":"leave"}"#).matches(doc))
        #expect(try parse(#"{"metadata.owner.name":"Ana"}"#).matches(doc))
        #expect(try parse(#"{"metadata.language":"en"}"#).matches(doc))
        #expect(try parse(#"{"metadata.year":{"$gte":2024,"$lt":2025}}"#).matches(doc))
        #expect(try !parse(#"{"metadata.year":{"$gt":2024}}"#).matches(doc))
        #expect(try !parse(#"{"metadata.year":{"$gt":"2024"}}"#).matches(doc))
        #expect(try parse(#"{"metadata.team":{"$ne":"legal"},"metadata.missing":{"$exists":false}}"#).matches(doc))
        #expect(try !parse(#"{"metadata.missing":"x"}"#).matches(doc))
        #expect(try parse(#"{"metadata.missing":{"$nin":["x"]}}"#).matches(doc))
        #expect(try !parse(#"{"metadata.team":{"$in":["legal"]}}"#).matches(doc))
    }

    @Test func documentIDsAndDates() throws {
        let doc = subject("{}", id: "doc_7", external: "hb-1", created: 1_767_225_600_000)
        #expect(try parse(#"{"document_id":["doc_1","doc_7"]}"#).matches(doc))
        #expect(try !parse(#"{"document_id":"doc_1"}"#).matches(doc))
        #expect(try parse(#"{"external_id":"hb-1"}"#).matches(doc))
        #expect(try !parse(#"{"external_id":"hb-2"}"#).matches(subject("{}")))
        #expect(try parse(#"{"created_after":"2026-01-01"}"#).matches(doc))
        #expect(try !parse(#"{"created_before":"2026-01-01"}"#).matches(doc))
        #expect(try parse(#"{}"#).isEmpty)
    }

    @Test(arguments: [
        (#"[1]"#, "filters"),
        (#"{"title":"x"}"#, "filters.title"),
        (#"{"metadata.":"x"}"#, "filters.metadata."),
        (#"{"metadata.a..b":"x"}"#, "filters.metadata.a..b"),
        (#"{"metadata.a":{}}"#, "filters.metadata.a"),
        (#"{"metadata.a":{"$regex":"x"}}"#, "filters.metadata.a.$regex"),
        (#"{"metadata.a":{"$gt":true}}"#, "filters.metadata.a.$gt"),
        (#"{"metadata.a":[{"b":1}]}"#, "filters.metadata.a"),
        (#"{"document_id":3}"#, "filters.document_id"),
        (#"{"created_after":"yesterday"}"#, "filters.created_after"),
    ])
    func malformedFiltersNameTheirField(text: String, field: String) {
        #expect(throws: SearchFilterError.self) { try parse(text) }
        do { _ = try parse(text) } catch let error as SearchFilterError { #expect(error.field == field) } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func oversizedFiltersAreRefused() {
        let many = "{" + (0..<40).map { "\"metadata.k\($0)\":1" }.joined(separator: ",") + "}"
        #expect(throws: SearchFilterError.self) { try parse(many) }
        let longList = "{\"document_id\":[" + (0..<1001).map { "\"d\($0)\"" }.joined(separator: ",") + "]}"
        #expect(throws: SearchFilterError.self) { try parse(longList) }
    }
}
