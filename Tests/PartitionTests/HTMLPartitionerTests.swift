import Testing
@testable import Partition

@Suite("HTML partitioner")
struct HTMLPartitionerTests {
    private func partition(_ html: String, budget: PartitionBudget = limitedBudget()) throws -> PartitionedDocument {
        try HTMLPartitioner.partition(Array(html.utf8), budget: budget)
    }

    private func summary(_ document: PartitionedDocument) -> [String] {
        document.elements.map { "\($0.kind.rawValue)\($0.level.map { "@\($0)" } ?? ""): \($0.text)" }
    }

    @Test func readsStructureLikeABrowser() throws {
        let document = try partition("""
            <!DOCTYPE html>
            <HTML LANG=en-US><HEAD>
              <TITLE>The  Page &amp; Co</TITLE>
              <meta name="description" content="What it is about">
              <meta name=author content='Grace Hopper'>
              <style>p { color: red }</style><script>var x = "<p>not text</p>";</script>
            </HEAD><BODY>
            <h1>Main   heading</h1>
            <p>First <b>bold</b>
               paragraph<p>Second, implied&nbsp;close &mdash; &copy; &#39;q&#39; &#x263A; &unknown;
            <div>Block<br>with break</div>
            <h2>Lists</h2>
            <ul><li>one<li>two <em>three</em></ul>
            <ol><li><p>para in item</p></li></ol>
            <h3>Code</h3>
            <pre>
            let x = 1
              indented</pre>
            <table><caption>Totals</caption><tr><th>Name<th>Value</tr><tr><td>a<td>1<tr><td>b</td><td><p>2</p></td></tr></table>
            <p>After table</p>
            </BODY></HTML>
            """)
        #expect(summary(document) == [
            "heading@1: Main heading",
            "paragraph: First bold paragraph",
            "paragraph: Second, implied close — © 'q' ☺ &unknown;",
            "paragraph: Block\nwith break",
            "heading@2: Lists",
            "list_item: one",
            "list_item: two three",
            "list_item: para in item",
            "heading@3: Code",
            "code: let x = 1\n  indented",
            "paragraph: Totals",
            "table: Name | Value\na | 1\nb | 2",
            "paragraph: After table",
        ])
        #expect(document.elements[5].sectionPath == ["Main heading", "Lists"])
        #expect(document.elements[9].sectionPath == ["Main heading", "Lists", "Code"])
        #expect(document.metadata.title == "The Page & Co")
        #expect(document.metadata.subject == "What it is about")
        #expect(document.metadata.author == "Grace Hopper")
        #expect(document.metadata.language == "en-US")
        expectOffsetsMatchText(document)
    }

    @Test func dropsBoilerplateAndHiddenContent() throws {
        let document = try partition("""
            <body><header>Site banner</header><nav><a href=/>Home</a></nav>
            <aside>Sidebar</aside><form><label>Search</label><input name=q></form>
            <noscript>Enable JS</noscript><template><p>Template</p></template>
            <div hidden>Hidden attr</div><p aria-hidden="true">Aria hidden</p>
            <p style="display: none">Display none</p><div role="navigation">Role nav</div>
            <!-- <p>commented out</p> -->
            <main><p>Real content</p></main>
            <footer>Copyright</footer></body>
            """)
        #expect(document.elements.map(\.text) == ["Real content"])
    }

    @Test func honoursSelfClosingForeignAndSkippedElements() throws {
        let icons = String(repeating: "<svg><g><path d='M0'/><circle r=1 /></g></svg>", count: 300)
        let document = try partition("<p>Text <svg class=\"icon\"/> more</p>\(icons)<p>Next <iframe src=x /> end</p>")
        #expect(document.elements.map(\.text) == ["Text more", "Next end"])
    }

    @Test func endsHiddenParagraphsAtTheNextParagraph() throws {
        let document = try partition("<p hidden>secret<p>visible<nav><ul><li>a<li>b<li>c</ul></nav><p>after")
        #expect(document.elements.map(\.text) == ["visible", "after"])
    }

    @Test func keepsPagesBuiltAsOneForm() throws {
        let document = try partition("<body><form id=aspnetForm><h1>Welcome</h1><p>Body text</p></form></body>")
        #expect(document.elements.map(\.text) == ["Welcome", "Body text"])
    }

    @Test func usesTheFirstHeadingWhenThereIsNoTitle() throws {
        #expect(try partition("<h2>Minor</h2><h1>Major</h1><p>x</p>").metadata.title == "Major")
    }

    @Test func flattensNestedTablesIntoTheirCell() throws {
        let document = try partition("<table><tr><td>outer<table><tr><td>in1</td><td>in2</td></tr></table></td><td>right</td></tr></table>")
        #expect(document.elements.map(\.text) == ["outer in1 in2 | right"])
        #expect(document.elements.first?.kind == .table)
    }

    @Test func toleratesTagSoup() throws {
        let document = try partition("<p>unclosed <b>bold <i>both</p><p>next</b></i> para</span></div><p a=1 b c='x'>attrs")
        #expect(document.elements.map(\.text) == ["unclosed bold both", "next para", "attrs"])
    }

    @Test func refusesDeepNestingQuickly() {
        let html = String(repeating: "<div>", count: 10_000) + "deep" + String(repeating: "</div>", count: 10_000)
        let start = ContinuousClock.now
        #expect(partitionFailure { _ = try partition(html) }?.code == "nesting_limit")
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func refusesEmptyAndContentlessPages() {
        #expect(partitionFailure { _ = try HTMLPartitioner.partition([], budget: limitedBudget()) }?.code == "empty_document")
        #expect(partitionFailure { _ = try partition("<html><script>only()</script></html>") }?.code == "empty_document")
    }

    @Test func decodesLegacyEncodings() throws {
        // "café" in Windows-1252, with a curly quote (0x93/0x94) only that encoding defines.
        let bytes: [UInt8] = Array("<p>caf".utf8) + [0xE9, 0x20, 0x93] + Array("ok".utf8) + [0x94] + Array("</p>".utf8)
        #expect(try HTMLPartitioner.partition(bytes, budget: limitedBudget()).text == "café “ok”")
    }
}
