import Testing
@testable import Partition

/// Checks every element's range against the document text, and the text against the elements joined by blank lines.
func expectOffsetsMatchText(_ document: PartitionedDocument, sourceLocation: SourceLocation = #_sourceLocation) {
    let scalars = Array(document.text.unicodeScalars)
    for element in document.elements {
        guard element.range.upperBound <= scalars.count else {
            Issue.record("range \(element.range) past the text", sourceLocation: sourceLocation)
            return
        }
        let slice = String(String.UnicodeScalarView(scalars[element.range]))
        #expect(slice == element.text, sourceLocation: sourceLocation)
    }
    #expect(document.elements.map(\.text).joined(separator: "\n\n") == document.text, sourceLocation: sourceLocation)
}

/// The `PartitionError` a throwing call ends with, or nil when it succeeds (any other error is a test failure).
func partitionFailure(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> PartitionError? {
    do {
        try body()
        return nil
    } catch let error as PartitionError {
        return error
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// A fresh budget with default limits, or `configure`d ones.
func limitedBudget(_ configure: (inout PartitionLimits) -> Void = { _ in }) -> PartitionBudget {
    var limits = PartitionLimits()
    configure(&limits)
    return PartitionBudget(limits: limits)
}
