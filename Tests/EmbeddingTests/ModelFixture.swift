@testable import Embedding
import JSON
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The all-MiniLM-L6-v2 files and the reference fixture made by `scripts/minilm_reference.py` (HuggingFace
/// `tokenizers` ids and a numpy float64 forward pass), shared by the tests that need the real model.
enum ModelFixture {
    /// One reference text with its token ids and its unit vector.
    struct Case {
        let text: String
        let ids: [Int32]
        let vector: [Float]
    }

    /// The repository root, found from this file's path so tests run from any working directory.
    static let repositoryRoot: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/EmbeddingTests/ModelFixture.swift
        return parts.joined(separator: "/")
    }()

    /// `RAGD_MODEL_DIR`, else `<repo>/models/all-MiniLM-L6-v2`.
    static var modelDirectory: String {
        if let value = getenv("RAGD_MODEL_DIR"), !String(cString: value).isEmpty { return String(cString: value) }
        return repositoryRoot + "/models/all-MiniLM-L6-v2"
    }

    /// The model directory, or a failure telling how to install it.
    static func requireModel() throws -> String {
        let directory = modelDirectory
        for file in ["model.safetensors", "vocab.txt", "config.json"] where access("\(directory)/\(file)", R_OK) != 0 {
            let message = "The all-MiniLM-L6-v2 model is missing (\(directory)/\(file)): "
                + "run `scripts/setup.sh --no-build` or set RAGD_MODEL_DIR."
            Issue.record(Comment(rawValue: message))
            throw MissingModel()
        }
        return directory
    }

    struct MissingModel: Error {}

    /// One embedder for every test (loading packs 90 MB of weights), on 2 threads.
    static func embedder() throws -> MiniLMEmbedder {
        _ = try requireModel()
        return try #require(sharedEmbedder, "the model failed to load")
    }

    private static let sharedEmbedder: MiniLMEmbedder? = try? MiniLMEmbedder(directory: modelDirectory, threads: 2)

    /// The model's tokenizer.
    static func tokenizer() throws -> WordPieceTokenizer {
        try WordPieceTokenizer(vocabularyFile: requireModel() + "/vocab.txt")
    }

    /// The 200 reference cases.
    static let cases: [Case] = {
        let path = repositoryRoot + "/Tests/EmbeddingTests/Fixtures/minilm-reference.json"
        guard let bytes = try? FileBytes.contents(of: path, limit: 16 << 20),
              let document = JSONParser.parse(bytes), case .array(let entries)? = document["cases"] else {
            preconditionFailure("cannot read \(path): regenerate it with scripts/minilm_reference.py")
        }
        return entries.map { entry in
            guard case .string(let text)? = entry["text"], case .array(let ids)? = entry["ids"],
                  case .string(let vector)? = entry["vector"] else { preconditionFailure("malformed fixture case") }
            return Case(text: text,
                        ids: ids.map { value in
                            guard case .number(let number) = value else { preconditionFailure("malformed id") }
                            return Int32(number)
                        },
                        vector: littleEndianFloats(base64: vector))
        }
    }()

    /// Decodes standard base64 (with padding) of little-endian float32s.
    static func littleEndianFloats(base64 text: String) -> [Float] {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(index)
        }
        var bytes: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.utf8 where character != UInt8(ascii: "=") {
            let value = table[Int(character)]
            precondition(value != 0xFF, "invalid base64")
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        precondition(bytes.count % 4 == 0, "vector bytes must be whole float32s")
        return stride(from: 0, to: bytes.count, by: 4).map { offset in
            var bits: UInt32 = 0
            for byte in bytes[offset..<offset + 4].reversed() { bits = bits << 8 | UInt32(byte) }
            return Float(bitPattern: bits)
        }
    }

    /// Cosine of two vectors.
    static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var dot: Float = 0, normA: Float = 0, normB: Float = 0
        for (x, y) in zip(a, b) {
            dot += x * y
            normA += x * x
            normB += y * y
        }
        return dot / (normA.squareRoot() * normB.squareRoot())
    }
}
