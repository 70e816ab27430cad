import Testing
@testable import Partition

@Suite("Markdown partitioner")
struct MarkdownPartitionerTests {
    private func partition(_ text: String, budget: PartitionBudget = limitedBudget()) throws -> PartitionedDocument {
        try MarkdownPartitioner.partition(Array(text.utf8), budget: budget)
    }

    private func summary(_ document: PartitionedDocument) -> [String] {
        document.elements.map { "\($0.kind.rawValue)\($0.level.map { "@\($0)" } ?? ""): \($0.text)" }
    }

    @Test func readsBlocks() throws {
        let document = try partition("""
            ---
            title: "Release Notes"
            author: Ada Lovelace
            tags: [swift, rag]
            ---
            # Overview #

            Intro with *emphasis*, **strong**, `inline code`, a [link](https://example.com "t"),
            an ![alt text](img.png), a snake_case_name and 2 * 3 * 4.

            Setext Section
            --------------

            - dash item
              continued line
            * star item
            + plus item
              - nested item
            1. first
            2) second

            ```swift
            let x = 1
            ```

            ~~~
            tilde fence
            ~~~

                indented code
                  more

            > quoted **text**
            > still quoted
            >
            > second quote paragraph

            | Name | Qty |
            |:-----|----:|
            | `a\\|b` | 1 |
            | c |

            Deeper
            ======

            ### Third level
            ***
            Last line\\
            broken.
            """)
        #expect(summary(document) == [
            "heading@1: Overview",
            "paragraph: Intro with emphasis, strong, inline code, a link, an alt text, a snake_case_name and 2 * 3 * 4.",
            "heading@2: Setext Section",
            "list_item: dash item continued line",
            "list_item: star item",
            "list_item: plus item",
            "list_item: nested item",
            "list_item: first",
            "list_item: second",
            "code: let x = 1",
            "code: tilde fence",
            "code: indented code\n  more",
            "paragraph: quoted text still quoted",
            "paragraph: second quote paragraph",
            "table: Name | Qty\na|b | 1\nc |",
            "heading@1: Deeper",
            "heading@3: Third level",
            "paragraph: Last line broken.",
        ])
        #expect(document.elements[4].sectionPath == ["Overview", "Setext Section"])
        #expect(document.elements[16].sectionPath == ["Deeper"])
        #expect(document.elements[17].sectionPath == ["Deeper", "Third level"])
        #expect(document.metadata.title == "Release Notes")
        #expect(document.metadata.author == "Ada Lovelace")
        #expect(document.metadata.keywords == "swift, rag")
        expectOffsetsMatchText(document)
    }

    @Test func stripsInlineMarkup() {
        let cases: [(String, String)] = [
            ("***both*** and _under_ and __strong__ and ~~gone~~", "both and under and strong and gone"),
            ("keep * lone stars * and a*b*c", "keep * lone stars * and abc"),
            ("escaped \\*not emphasis\\* and \\[not link\\]", "escaped *not emphasis* and [not link]"),
            ("``code with ` tick`` and `unclosed", "code with ` tick and `unclosed"),
            ("<https://example.com/a> and <b>tag</b> and <!-- gone -->kept", "https://example.com/a and tag and kept"),
            ("[outer [inner] text](u) and [ref][r] and [shortcut] and [undefined]", "outer [inner] text and ref and shortcut and [undefined]"),
            ("&copy; &amp; &#65; &bogus;", "© & A &bogus;"),
            ("[![badge](b.svg)](link)", "badge"),
        ]
        for (source, expected) in cases {
            #expect(MarkdownInline.plainText(source, references: ["r", "shortcut"]) == expected)
        }
    }

    @Test func takesTheFirstLevelOneHeadingAsTitle() throws {
        let document = try partition("Intro\n\n## Minor\n\n# Major\n\ntext")
        #expect(document.metadata.title == "Major")
    }

    @Test func treatsAnUnclosedFrontMatterAsContent() throws {
        let document = try partition("---\nnot: front matter\n\nbody")
        #expect(document.metadata.title == nil)
        #expect(document.elements.map(\.text) == ["not: front matter", "body"])
    }

    @Test func skipsReferenceDefinitionsAndComments() throws {
        let document = try partition("See [docs].\n\n[docs]: https://example.com\n\n<!--\nhidden\n-->\nVisible")
        #expect(document.elements.map(\.text) == ["See docs.", "Visible"])
    }

    @Test func readsAnUnclosedFenceToTheEnd() throws {
        let document = try partition("```\ncode\n\nmore code")
        #expect(summary(document) == ["code: code\n\nmore code"])
    }

    @Test(arguments: [
        String(repeating: ">", count: 10_000) + " deep quote",
        String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000),
        String(repeating: "`a", count: 20_000),
        String(repeating: "*a _b ", count: 20_000),
        String(repeating: "    - ", count: 2_000) + "item",
        "- item" + String(repeating: "\n", count: 50_000) + "tail",
    ])
    func staysFastOnHostileInput(_ text: String) throws {
        let start = ContinuousClock.now
        _ = try partition(text)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func refusesEmptyInput() {
        #expect(partitionFailure { _ = try MarkdownPartitioner.partition([], budget: limitedBudget()) }?.code == "empty_document")
        #expect(partitionFailure { _ = try partition("\n\n   \n") }?.code == "empty_document")
    }
}
