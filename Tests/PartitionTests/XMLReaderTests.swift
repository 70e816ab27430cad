import Testing
@testable import Partition

@Suite("XML reader")
struct XMLReaderTests {
    private func parse(_ text: String, budget: PartitionBudget = limitedBudget()) throws -> XMLElement {
        try XMLReader.parse(Array(text.utf8), budget: budget)
    }

    @Test func readsElementsAttributesNamespacesAndText() throws {
        let root = try parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment -->
            <doc xmlns="urn:default" xmlns:x="urn:x" id='7' x:flag="a&amp;b&#10;c">
              <x:item note="tab\there">one &lt;two&gt; &quot;q&quot; &apos;a&apos; &#233;&#xE9;</x:item>
              <?pi skipped?>
              <plain><![CDATA[<raw> & unparsed]]>tail</plain>
              <empty/>
            </doc>
            """)
        #expect(root.localName == "doc")
        #expect(root.namespace == "urn:default")
        #expect(root.attribute("id") == "7")
        #expect(root.attributes.first { $0.localName == "flag" }?.prefix == "x")
        // Literal whitespace in attribute values becomes spaces; the character reference survives (XML 1.0 §3.3.3).
        #expect(root.attribute("flag") == "a&b\nc")
        let item = try #require(root.elements.first)
        #expect(item.prefix == "x")
        #expect(item.namespace == "urn:x")
        #expect(item.attribute("note") == "tab here")
        #expect(item.textContent == "one <two> \"q\" 'a' éé")
        #expect(root.elements.map(\.localName) == ["item", "plain", "empty"])
        #expect(root.elements[1].textContent == "<raw> & unparsed" + "tail")
        #expect(root.elements[1].namespace == "urn:default")
        #expect(root.elements[2].children.isEmpty)
        #expect(root.child("plain", in: ["urn:default"]) != nil)
        #expect(root.child("plain", in: ["urn:x"]) == nil)
    }

    @Test func refusesAnyDoctype() {
        let billionLaughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
            <lolz>&lol2;</lolz>
            """
        let externalEntity = """
            <?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>
            """
        #expect(partitionFailure { _ = try parse(billionLaughs) }?.code == "xml_doctype")
        #expect(partitionFailure { _ = try parse(externalEntity) }?.code == "xml_doctype")
        #expect(partitionFailure { _ = try parse("<!doctype html><html/>") }?.code == "xml_doctype")
    }

    @Test func leavesUndeclaredEntitiesAsWritten() throws {
        #expect(try parse("<a>&nbsp;&unknown; &#0; &#xD800; &#1114112;</a>").textContent == "&nbsp;&unknown; \u{FFFD} \u{FFFD} \u{FFFD}")
    }

    @Test func refusesDeepNestingQuickly() {
        let depth = 10_000
        let text = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
        let start = ContinuousClock.now
        let error = partitionFailure { _ = try parse(text) }
        #expect(error?.code == "nesting_limit")
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(throws: Never.self) { _ = try parse(String(repeating: "<a>", count: 200) + String(repeating: "</a>", count: 200)) }
    }

    @Test func toleratesMismatchedAndMissingEndTags() throws {
        let root = try parse("<r><a><b>text</a><c>more</x></c><d>open")
        #expect(root.elements.map(\.localName) == ["a", "c", "d"])
        #expect(root.elements[0].elements.first?.localName == "b")
        #expect(root.textContent == "textmoreopen")
    }

    @Test func treatsAStrayLessThanAsText() throws {
        #expect(try parse("<r>1 < 2</r>").textContent == "1 < 2")
    }

    @Test func refusesUnterminatedMarkupAndMissingRoot() {
        #expect(partitionFailure { _ = try parse("<r><!-- never closed</r>") }?.code == "xml_invalid")
        #expect(partitionFailure { _ = try parse("<r><![CDATA[ open") }?.code == "xml_invalid")
        #expect(partitionFailure { _ = try parse("<r attr=\"open>") }?.code == "xml_invalid")
        #expect(partitionFailure { _ = try parse("just text") }?.code == "xml_invalid")
        #expect(partitionFailure { _ = try parse("") }?.code == "xml_invalid")
    }

    @Test func readsUTF16WithByteOrderMark() throws {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><r>héllo</r>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try XMLReader.parse(bytes, budget: limitedBudget()).textContent == "héllo")
    }
}
