import ArgumentParser
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import JSON
import LexicalIndex
import Threading

/// `ragd-bench bm25`: the lexical index on SciFact (BEIR) — indexing time, single-thread queries per second over the
/// 300 test queries (repeated for stable timings, top-10), and retrieval quality (nDCG@10, Recall@100 over a top-100
/// run, which `--run-file` writes in TREC format for `ir_eval.py`). `--sweep` prints nDCG@10 for the k1/b and analyzer
/// variants behind the defaults. `scripts/bench/bm25.sh` runs it side by side with bm25s.
struct BM25Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bm25",
        abstract: "BM25 index speed and quality on SciFact (figures only)."
    )

    @Option(help: "The SciFact folder (corpus.jsonl, queries.jsonl, qrels/test.tsv).")
    var data = "../shared/data/scifact"
    @Option(help: "Judgments to evaluate against: test (300 queries) or train (809, to tune on).") var split = "test"
    @Option(help: "BM25 k1 (default: the index's).") var k1: Float?
    @Option(help: "BM25 b (default: the index's).") var b: Float?
    @Flag(help: "Keep English stop words.") var keepStopWords = false
    @Flag(help: "Do not stem.") var noStemming = false
    @Flag(help: "Do not catenate compound parts.") var noCatenation = false
    @Option(help: "Times the test queries are run for the QPS figure.") var rounds = 20
    @Option(help: "Index the corpus this many times over (distinct labels) to time a larger index (no quality then).")
    var replicas = 1
    @Option(help: "Hits per query when timing.") var timedK = 10
    @Option(help: "Write the top-100 run (TREC format) here.") var runFile: String?
    @Flag(help: "Print nDCG@10 for k1/b and analyzer variants instead of timing.") var sweep = false

    /// Hits per query for the quality run: what Recall@100 needs.
    static let runDepth = 100

    func validate() throws {
        if let k1, !BM25Parameters.k1Limits.contains(k1) { throw ValidationError("--k1 must be in 0...10") }
        if let b, !BM25Parameters.bLimits.contains(b) { throw ValidationError("--b must be in 0...1") }
        guard rounds >= 1, replicas >= 1, timedK >= 1 else { throw ValidationError("counts must be positive") }
    }

    func run() throws {
        let corpus = try SciFact(folder: data, split: split)
        if sweep { return runSweep(corpus) }
        let options = AnalyzerOptions(removeStopWords: !keepStopWords, stemEnglish: !noStemming,
                                      catenateCompounds: !noCatenation)
        let defaults = BM25Parameters()
        let parameters = BM25Parameters(k1: k1 ?? defaults.k1, b: b ?? defaults.b)
        let startCPU = threadCPUSeconds()
        let (index, indexSeconds) = corpus.buildIndex(options: options, parameters: parameters, replicas: replicas)
        let indexCPUSeconds = threadCPUSeconds() - startCPU
        print("documents=\(index.count) index_seconds=\(fixed(indexSeconds, 3))"
            + " index_cpu_seconds=\(fixed(indexCPUSeconds, 3)) k1=\(parameters.k1) b=\(parameters.b)"
            + " stop_words=\(options.removeStopWords) stemming=\(options.stemEnglish)"
            + " catenation=\(options.catenateCompounds)")

        let maxScore = timeQueries(corpus.queries) { index.search($0, k: timedK).count }
        let exhaustive = timeQueries(corpus.queries) { index.searchExhaustively($0, k: timedK).count }
        print("queries=\(corpus.queries.count) rounds=\(rounds) k=\(timedK) qps=\(fixed(maxScore.wall, 1))"
            + " qps_cpu=\(fixed(maxScore.cpu, 1)) exhaustive_qps_cpu=\(fixed(exhaustive.cpu, 1))"
            + " maxscore_speedup=\(fixed(maxScore.cpu / exhaustive.cpu, 2))")

        guard replicas == 1 else { return }
        let runs = corpus.queries.map { index.search($0.text, k: Self.runDepth) }
        let quality = corpus.evaluate(runs)
        print("ndcg@10=\(fixed(quality.ndcg10, 4)) recall@100=\(fixed(quality.recall100, 4))")
        if let runFile { try corpus.writeRun(runs, to: runFile) }
    }

    /// Queries per second over `rounds` passes of `queries`, after one warm-up pass: by the wall clock, and by this
    /// thread's CPU time, which other processes on a shared machine do not inflate.
    private func timeQueries(_ queries: [SciFact.Query], _ search: (String) -> Int) -> (wall: Double, cpu: Double) {
        var sink = 0
        for query in queries { sink &+= search(query.text) }
        let start = MonotonicClock.now
        let startCPU = threadCPUSeconds()
        for _ in 0..<rounds {
            for query in queries { sink &+= search(query.text) }
        }
        let seconds = Double(MonotonicClock.now - start) / 1e9
        let cpuSeconds = threadCPUSeconds() - startCPU
        if sink == -1 { print("") }  // keeps the searches observable
        let count = Double(queries.count * rounds)
        return (count / seconds, count / cpuSeconds)
    }

    /// nDCG@10 for the parameter grid (Lucene's 1.2/0.75, BEIR's 0.9/0.4 and neighbours) and analyzer variants.
    private func runSweep(_ corpus: SciFact) {
        let variants: [(String, AnalyzerOptions)] = [
            ("default", AnalyzerOptions()),
            ("no-catenation", AnalyzerOptions(catenateCompounds: false)),
            ("keep-stop-words", AnalyzerOptions(removeStopWords: false)),
            ("no-stemming", AnalyzerOptions(stemEnglish: false)),
            ("no-accent-folding", AnalyzerOptions(foldAccents: false)),
        ]
        let grid: [(Float, Float)] = [(0.9, 0.4), (1.2, 0.75), (1.2, 0.4), (0.9, 0.75), (1.5, 0.5), (0.7, 0.3)]
        print("analyzer            k1    b     ndcg@10  recall@100")
        for (name, options) in variants {
            for (k1, b) in name == "default" ? grid : [grid[0], grid[1]] {
                let (index, _) = corpus.buildIndex(options: options, parameters: BM25Parameters(k1: k1, b: b))
                let quality = corpus.evaluate(corpus.queries.map { index.search($0.text, k: Self.runDepth) })
                print(name + String(repeating: " ", count: max(1, 20 - name.count))
                    + "\(fixed(Double(k1), 2))  \(fixed(Double(b), 2))  \(fixed(quality.ndcg10, 4))   "
                    + fixed(quality.recall100, 4))
            }
        }
    }
}

/// SciFact's corpus, the queries of one split and their judgments.
private struct SciFact {
    struct Query {
        let id: String
        let text: String
    }

    /// Document ids by label (the label is the position in corpus.jsonl) and their indexed text.
    let documentIDs: [String]
    let documentTexts: [String]
    let queries: [Query]
    /// query id → relevant document ids with their grades.
    let judgments: [String: [String: Int]]

    init(folder: String, split: String) throws {
        var ids: [String] = []
        var texts: [String] = []
        for object in try Self.jsonLines(folder + "/corpus.jsonl") {
            ids.append(object["_id"] ?? "")
            texts.append((object["title"] ?? "") + "\n" + (object["text"] ?? ""))
        }
        var judgments: [String: [String: Int]] = [:]
        for line in try Self.lines(folder + "/qrels/\(split).tsv").dropFirst() {
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count >= 3, let grade = Int(fields[2]) else { continue }
            judgments[fields[0], default: [:]][fields[1]] = grade
        }
        documentIDs = ids
        documentTexts = texts
        queries = try Self.jsonLines(folder + "/queries.jsonl").compactMap { object in
            guard let id = object["_id"], judgments[id] != nil else { return nil }
            return Query(id: id, text: object["text"] ?? "")
        }
        self.judgments = judgments
    }

    /// Indexes every document (title + "\n" + text) `replicas` times; returns the index and the seconds it took.
    func buildIndex(options: AnalyzerOptions, parameters: BM25Parameters, replicas: Int = 1) -> (BM25Index, Double) {
        let index = BM25Index(options: options, parameters: parameters)
        let start = MonotonicClock.now
        for replica in 0..<replicas {
            for (offset, text) in documentTexts.enumerated() {
                index.add(label: UInt64(replica * documentTexts.count + offset), text: text)
            }
        }
        return (index, Double(MonotonicClock.now - start) / 1e9)
    }

    /// Mean nDCG@10 (gains 2^grade − 1, log2(rank + 1) discount, as BEIR) and Recall@100 over the judged queries.
    func evaluate(_ runs: [[LexicalHit]]) -> (ndcg10: Double, recall100: Double) {
        var ndcg = 0.0
        var recall = 0.0
        for (query, hits) in zip(queries, runs) {
            let grades = judgments[query.id] ?? [:]
            let ranked = hits.map { documentIDs[Int($0.label)] }
            let dcg = ranked.prefix(10).enumerated().reduce(0.0) { sum, entry in
                sum + gain(grades[entry.element] ?? 0) / discount(entry.offset)
            }
            let ideal = grades.values.filter { $0 > 0 }.sorted(by: >).prefix(10).enumerated().reduce(0.0) {
                $0 + gain($1.element) / discount($1.offset)
            }
            let relevant = Set(grades.filter { $0.value > 0 }.keys)
            ndcg += ideal > 0 ? dcg / ideal : 0
            recall += relevant.isEmpty ? 0 : Double(relevant.intersection(ranked.prefix(100)).count) / Double(relevant.count)
        }
        return (ndcg / Double(queries.count), recall / Double(queries.count))
    }

    private func gain(_ grade: Int) -> Double { Double((1 << grade) - 1) }
    private func discount(_ offset: Int) -> Double { log2(Double(offset + 2)) }

    /// A TREC run file: `qid Q0 docid rank score ragd`.
    func writeRun(_ runs: [[LexicalHit]], to path: String) throws {
        var text = ""
        for (query, hits) in zip(queries, runs) {
            for (rank, hit) in hits.enumerated() {
                text += "\(query.id) Q0 \(documentIDs[Int(hit.label)]) \(rank + 1) \(hit.score) ragd\n"
            }
        }
        try Data(text.utf8).write(to: URL(filePath: path))
    }

    private static func lines(_ path: String) throws -> [Substring] {
        let data = try Data(contentsOf: URL(filePath: path))
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
    }

    /// The string members of each JSON object line.
    private static func jsonLines(_ path: String) throws -> [[String: String]] {
        try lines(path).map { line in
            guard let members = JSONParser.parse(String(line))?.members else {
                throw ValidationError("\(path): a line is not a JSON object")
            }
            var strings: [String: String] = [:]
            for (key, value) in members { if case .string(let text) = value { strings[key] = text } }
            return strings
        }
    }
}

/// CPU seconds this thread has run.
private func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// `value` with `digits` decimals.
private func fixed(_ value: Double, _ digits: Int) -> String {
    let scale = (0..<digits).reduce(1.0) { value, _ in value * 10 }
    let rounded = (value * scale).rounded() / scale
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
    }
    return text
}
