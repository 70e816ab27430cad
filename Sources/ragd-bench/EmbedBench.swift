import ArgumentParser
import Embedding
import Glibc
import JSON
import Threading

/// `ragd-bench embed`: all-MiniLM-L6-v2 throughput (texts → unit vectors, tokenization included) at fixed input
/// lengths. `scripts/bench/embed.sh` runs it beside the numpy reference and onnxruntime on the same texts.
struct EmbedBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "MiniLM embedding throughput in tokens/s and sentences/s (figures only)."
    )

    @Option(help: "Threads per embed call.") var threads = 2
    @Option(help: "Texts per batch.") var batch = 32
    @Option(parsing: .upToNextOption, help: "Input lengths in tokens, [CLS] and [SEP] included (texts are truncated).")
    var tokens: [Int] = [128, 256]
    @Option(help: "The all-MiniLM-L6-v2 folder (default: RAGD_MODEL_DIR, else ./models/all-MiniLM-L6-v2).")
    var modelDir: String?
    @Option(help: "Texts to embed, one JSON string per line (default: generated English text).")
    var texts: String?
    @Option(help: "Texts embedded per round when generated.") var count = 256
    @Option(help: "Rounds; the fastest is reported.") var rounds = 3

    func run() throws {
        let directory = modelDir ?? getenv("RAGD_MODEL_DIR").map { String(cString: $0) } ?? "models/all-MiniLM-L6-v2"
        let inputs = try texts.map(Self.readTexts) ?? Self.generatedTexts(count: count)
        for length in tokens {
            let start = MonotonicClock.now
            let embedder = try MiniLMEmbedder(directory: directory, threads: threads, batchSize: batch, maxTokens: length)
            let loadSeconds = Double(MonotonicClock.now - start) / 1e9
            let tokenCount = inputs.reduce(0) { $0 + embedder.tokenizer.encode($1, maxTokens: length).count }
            _ = try embedder.embed(Array(inputs.prefix(batch)))  // warm-up: page in the weights
            var best = Double.infinity
            var bestCPU = Double.infinity
            for _ in 0..<max(1, rounds) {
                let begin = MonotonicClock.now
                let cpuBegin = Self.processCPUSeconds()
                let vectors = try embedder.embed(inputs)
                best = min(best, Double(MonotonicClock.now - begin) / 1e9)
                bestCPU = min(bestCPU, Self.processCPUSeconds() - cpuBegin)
                precondition(vectors.count == inputs.count)
            }
            print("tool=ragd tokens=\(length) texts=\(inputs.count) total_tokens=\(tokenCount) threads=\(threads) "
                + "batch=\(batch) load_s=\(Self.format(loadSeconds)) seconds=\(Self.format(best)) "
                + "cpu_seconds=\(Self.format(bestCPU)) "
                + "tokens_per_s=\(Self.format(Double(tokenCount) / best)) "
                + "sentences_per_s=\(Self.format(Double(inputs.count) / best))")
        }
    }

    /// One JSON string per line.
    private static func readTexts(_ path: String) throws -> [String] {
        let bytes: [UInt8]
        do { bytes = try FileBytes.contents(of: path, limit: 1 << 30) } catch { throw ValidationError("\(error)") }
        return try String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { line in
            guard case .string(let text)? = JSONParser.parse(String(line)) else {
                throw ValidationError("not a JSON string: \(line.prefix(60))")
            }
            return text
        }
    }

    /// Deterministic English-like texts of about 400 words, long enough for any --tokens up to 512.
    private static func generatedTexts(count: Int) -> [String] {
        let words = ("retrieval augmented generation combines a retriever that finds relevant passages with a generator "
            + "that writes an answer grounded in them the retriever embeds the query and compares it with precomputed "
            + "embeddings of document chunks usually by cosine similarity mitochondrial dysfunction has been implicated "
            + "in neurodegenerative diseases including parkinson alzheimer and amyotrophic lateral sclerosis reactive "
            + "oxygen species damage lipids proteins and dna").split(separator: " ")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            (0..<400).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407  // an LCG: seeded and fast
                return String(words[Int(state >> 33) % words.count])
            }.joined(separator: " ") + "."
        }
    }

    /// User + system time of every thread of this process so far: with the cores shared, wall time measures the
    /// neighbours too, CPU time mostly this work.
    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    private static func format(_ value: Double) -> String {
        String((value * 100).rounded() / 100)
    }
}
