@testable import Embedding
import Testing

/// Hostile and damaged safetensors files fail with typed errors, never a crash or an out-of-bounds read.
@Suite struct SafeTensorsTests {
    /// A file of `header` (JSON text) and `data`, with the 8-byte little-endian length in front.
    static func file(header: String, data: [UInt8], announcedLength: UInt64? = nil) -> [UInt8] {
        let json = Array(header.utf8)
        let length = announcedLength ?? UInt64(json.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + json + data
    }

    static func floatBytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) } }
    }

    static let validHeader = #"{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"#
        + #""ids":{"dtype":"I64","shape":[1],"data_offsets":[24,32]}}"#
    static let validData = floatBytes([1, -2, 3.5, 0, 1e-8, -7]) + [1, 0, 0, 0, 0, 0, 0, 0]

    private func error(_ bytes: [UInt8]) -> SafeTensorsError? {
        do {
            _ = try SafeTensorsFile(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsTensorsOfAValidFile() throws {
        let file = try SafeTensorsFile(bytes: Self.file(header: Self.validHeader, data: Self.validData))
        #expect(file.tensors.count == 2)
        #expect(file.tensors["ids"]?.dtype == .i64)
        #expect(try file.floats("w", shape: [2, 3]) == [1, -2, 3.5, 0, 1e-8, -7])
        #expect(throws: SafeTensorsError.wrongShape(tensor: "w", expected: [3, 2], actual: [2, 3])) {
            try file.floats("w", shape: [3, 2])
        }
        #expect(throws: SafeTensorsError.wrongDType(tensor: "ids", expected: .f32, actual: .i64)) {
            try file.floats("ids", shape: [1])
        }
        #expect(throws: SafeTensorsError.missingTensor("bias")) { try file.floats("bias", shape: [3]) }
    }

    @Test func truncatedFilesAreRefused() {
        let whole = Self.file(header: Self.validHeader, data: Self.validData)
        #expect(error([]) == .truncatedHeader(fileSize: 0, needed: 8))
        #expect(error(Array(whole.prefix(5))) == .truncatedHeader(fileSize: 5, needed: 8))
        let headerEnd = 8 + Self.validHeader.utf8.count
        #expect(error(Array(whole.prefix(headerEnd - 1))) == .truncatedHeader(fileSize: headerEnd - 1, needed: UInt64(headerEnd)))
        // Header intact, data cut short: the tensor whose bytes are missing is named.
        guard case .badOffsets(let tensor, _)? = error(Array(whole.prefix(whole.count - 4))) else {
            Issue.record("truncated data was accepted")
            return
        }
        #expect(tensor == "ids")
    }

    @Test func absurdHeaderLengthsAreRefusedBeforeAllocating() {
        let bytes = Self.file(header: "{}", data: [], announcedLength: UInt64.max)
        #expect(error(bytes) == .headerTooLarge(length: UInt64.max, limit: SafeTensorsFile.maxHeaderBytes))
    }

    @Test(arguments: [
        (#"not json"#, "not a JSON object"),
        (#"[1, 2]"#, "not a JSON object"),
        (#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#,
         "not a JSON object"),
        (#"{"w":{"shape":[1],"data_offsets":[0,4]}}"#, "w: no dtype"),
        (#"{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, "w: shape is not a list of non-negative integers"),
        (#"{"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#, "w: shape is not a list of non-negative integers"),
        (#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}}"#, "w: data_offsets is not two non-negative integers"),
    ])
    func malformedHeadersAreRefused(header: String, reason: String) {
        #expect(error(Self.file(header: header, data: [0, 0, 0, 0])) == .malformedHeader(reason))
    }

    @Test func badOffsetsAndTypesAreRefused() {
        let data = [UInt8](repeating: 0, count: 16)
        func failure(_ entries: String) -> SafeTensorsError? { error(Self.file(header: "{\(entries)}", data: data)) }
        #expect(failure(#""w":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}"#) == .unknownDType(tensor: "w", dtype: "F33"))
        for entries in [
            #""w":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}"#,            // begin after end
            #""w":{"dtype":"F32","shape":[8],"data_offsets":[0,32]}"#,           // past the data
            #""w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}"#,            // size does not match the shape
            #""w":{"dtype":"F32","shape":[4503599627370496,4096],"data_offsets":[0,16]}"#,  // shape overflows
            #""a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}"#,
        ] {
            guard case .badOffsets? = failure(entries) else {
                Issue.record("accepted \(entries)")
                continue
            }
        }
    }

    @Test func missingFilesAreUnreadable() {
        #expect(throws: SafeTensorsError.unreadable(FileReadError(path: "/nonexistent/model.safetensors", errno: 2))) {
            try SafeTensorsFile(path: "/nonexistent/model.safetensors")
        }
    }
}
