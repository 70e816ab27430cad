@testable import Embedding
import Dispatch
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Batching, ordering, threading and load failures of the local model.
@Suite struct MiniLMEmbedderTests {
    /// Forty fixture texts from one character to past the 256-token limit, in fixture order.
    private static func texts() -> [String] {
        Array(ModelFixture.cases.map(\.text).enumerated().filter { $0.offset % 5 == 0 }.map(\.element).prefix(40))
    }

    private static func largestDifference(_ a: [[Float]], _ b: [[Float]]) -> Float {
        zip(a, b).map { zip($0, $1).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
    }

    @Test func batchesGiveWhatSingleTextsGiveInInputOrder() throws {
        let embedder = try ModelFixture.embedder()
        let texts = Self.texts()
        let batched = try embedder.embed(texts)
        let single = try texts.map { try embedder.embed([$0])[0] }
        #expect(batched.count == texts.count)
        // Rows never mix: a text's vector does not depend on its batch (bit-for-bit today; 1e-6 leaves kernels room).
        #expect(Self.largestDifference(batched, single) <= 1e-6)
        let other = try MiniLMEmbedder(directory: ModelFixture.requireModel(), threads: 3, batchSize: 7)
        #expect(Self.largestDifference(try other.embed(texts), single) <= 1e-6, "other batch size and thread count")
        #expect(try embedder.embed([]).isEmpty)
        #expect(embedder.model == "all-MiniLM-L6-v2" && embedder.dimensions == 384)
        for vector in batched { #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5) }
    }

    @Test func concurrentCallsGiveIdenticalResults() throws {
        let embedder = try ModelFixture.embedder()
        let texts = Array(Self.texts().prefix(24))
        let expected = try embedder.embed(texts)
        let results = Mutex<[Int: [[Float]]]>([:])
        DispatchQueue.concurrentPerform(iterations: 4) { caller in
            // Odd callers send the texts reversed, so batches differ between callers too.
            let input = caller % 2 == 0 ? texts : texts.reversed()
            let vectors = (try? embedder.embed(input)) ?? []
            results.withLock { $0[caller] = caller % 2 == 0 ? vectors : vectors.reversed() }
        }
        let all = results.withLock { $0 }
        #expect(all.count == 4)
        for (caller, vectors) in all {
            #expect(vectors == expected, "caller \(caller)")
        }
    }

    @Test func missingOrCorruptModelsAreUnavailable() throws {
        let directory = try ModelFixture.requireModel()
        do {
            _ = try MiniLMEmbedder(directory: "/nonexistent/minilm", threads: 1)
            Issue.record("a missing model loaded")
        } catch {
            #expect(error.code == "model_unavailable" && !error.isTransient)
            #expect(error.message.contains("/nonexistent/minilm"))
        }
        // A copy whose weights were cut off mid-download.
        var template = Array("/tmp/ragd-minilm-test.XXXXXX".utf8CString)
        let scratch = try #require(template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }.map { String(cString: $0) })
        defer {
            for file in ["config.json", "vocab.txt", "model.safetensors"] { unlink("\(scratch)/\(file)") }
            rmdir(scratch)
        }
        for file in ["config.json", "vocab.txt"] {
            try write(FileBytes.contents(of: "\(directory)/\(file)", limit: 1 << 24), to: "\(scratch)/\(file)")
        }
        let weights = try FileBytes.contents(of: "\(directory)/model.safetensors", limit: 1 << 30)
        try write(Array(weights.prefix(weights.count / 2)), to: "\(scratch)/model.safetensors")
        do {
            _ = try MiniLMEmbedder(directory: scratch, threads: 1)
            Issue.record("a truncated model loaded")
        } catch {
            #expect(error.code == "model_unavailable" && !error.isTransient)
            #expect(error.message.contains("lie past the data"), "\(error.message)")
        }
    }

    @Test func processorFlagsAreWholeWordsOfTheFlagsLine() {
        let cpuinfo = Array("processor\t: 0\nmodel name\t: fma avx2 (not flags)\nflags\t\t: fpu avx2x fma bmi1 avx\n".utf8)
        #expect(ProcessorFeatures.hasFlag("fma", in: cpuinfo) && ProcessorFeatures.hasFlag("avx", in: cpuinfo))
        #expect(!ProcessorFeatures.hasFlag("avx2", in: cpuinfo), "avx2x is another word")
        #expect(!ProcessorFeatures.hasFlag("bmi2", in: cpuinfo) && !ProcessorFeatures.hasFlag("fma", in: []))
        #expect(ProcessorFeatures.missing.isEmpty, "the machines ragd runs on have AVX2 and FMA")
    }

    private struct WriteFailed: Error {}

    private func write(_ bytes: [UInt8], to path: String) throws {
        guard let file = fopen(path, "wb") else { throw WriteFailed() }
        defer { fclose(file) }
        guard bytes.withUnsafeBytes({ fwrite($0.baseAddress, 1, $0.count, file) }) == bytes.count else { throw WriteFailed() }
    }
}
