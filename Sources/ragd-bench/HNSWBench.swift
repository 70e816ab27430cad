import ArgumentParser
import Glibc
import Threading
import VectorIndex

/// `ragd-bench hnsw`: the HNSW index on a vectors file, in the format `scripts/bench/hnsw.sh` compares with hnswlib.
/// `generate` writes random unit vectors, `prepare` holds out queries and computes their exact neighbours, `run`
/// builds the index and sweeps efSearch. Files are raw little-endian float32 rows (`.f32`), so both sides read the
/// same bytes; the ground truth is `queries × 10` UInt32 row numbers of the base file.
struct HNSWBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hnsw",
        abstract: "Build and query the HNSW index (figures only).",
        subcommands: [Generate.self, Prepare.self, Run.self]
    )

    /// Neighbours per query in the ground truth and in recall@k.
    static let recallK = 10

    /// `ragd-bench hnsw generate`: `count` seeded random unit vectors (`SyntheticVectors`): uniform on the sphere,
    /// or with `--latent-dimension L` near an L-dimensional subspace, like real embeddings.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write random unit vectors to a .f32 file.")

        @Option(help: "Vectors.") var count = 200_000
        @Option(help: "Components per vector.") var dimension = 384
        @Option(help: "Latent dimension (0: uniform on the sphere).") var latentDimension = 0
        @Option(help: "Noise relative to the latent signal.") var noise: Float = 0.2
        @Option(help: "Random seed.") var seed: UInt64 = 42
        @Option(help: "Output .f32 file.") var output: String

        func run() throws {
            try writeBinary(SyntheticVectors.make(count: count, dimension: dimension, latentDimension: latentDimension,
                                                  noise: noise, seed: seed), to: output)
        }
    }

    /// `ragd-bench hnsw prepare`: splits a vectors file into base and held-out queries and computes the truth.
    struct Prepare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hold out random queries from a .f32 file and compute their exact top 10.")

        @Option(help: "Input .f32 file (n × dimension float32, little-endian).") var vectors: String
        @Option(help: "Components per vector.") var dimension = 384
        @Option(help: "Queries held out.") var queries = 1_000
        @Option(help: "Random seed of the held-out choice.") var seed: UInt64 = 7
        @Option(help: "Directory for base.f32, queries.f32 and truth.u32.") var output: String

        func run() throws {
            let all: [Float] = try readBinary(vectors)
            let total = all.count / dimension
            guard total > queries else { throw ValidationError("\(vectors) has \(total) vectors") }
            var random = SplitMix64(seed: seed)
            var order = Array(0..<total)
            for index in 0..<queries {  // partial Fisher–Yates: the first `queries` rows are a uniform sample
                order.swapAt(index, index + Int(random.next() % UInt64(total - index)))
            }
            let held = order[..<queries].sorted()
            let heldSet = Set(held)
            var base: [Float] = []
            base.reserveCapacity((total - queries) * dimension)
            for row in 0..<total where !heldSet.contains(row) { base += all[row * dimension..<(row + 1) * dimension] }
            let queryRows = held.flatMap { all[$0 * dimension..<($0 + 1) * dimension] }
            try writeBinary(base, to: output + "/base.f32")
            try writeBinary(queryRows, to: output + "/queries.f32")
            let exact = ExactIndex(dimension: dimension, capacity: total)
            for row in 0..<(total - queries) {
                try exact.insert(Array(base[row * dimension..<(row + 1) * dimension]), label: UInt64(row))
            }
            let truth = try parallelMap(0..<queries) { query in
                try exact.search(Array(queryRows[query * dimension..<(query + 1) * dimension]), k: recallK)
                    .map { UInt32($0.label) }
            }
            try writeBinary(truth.flatMap { $0 }, to: output + "/truth.u32")
            print("base=\(total - queries) queries=\(queries) dimension=\(dimension)")
        }
    }

    /// `ragd-bench hnsw run`: build time, memory, and the recall/QPS curve over efSearch.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Build the index and sweep efSearch.")

        @Option(help: "Directory written by `prepare`.") var data: String
        @Option(help: "Components per vector.") var dimension = 384
        @Option(name: .customLong("m"), help: "Links per node (2·M at level 0).") var m = 16
        @Option(help: "efConstruction.") var efConstruction = 200
        @Option(help: "efSearch values, comma-separated.") var efSearch = "16,24,32,48,64,96,128,192,256,384,512"
        @Option(help: "Query rounds per ef; the fastest is reported.") var rounds = 3
        @Option(help: "Build threads: 1 inserts one by one, more uses the parallel batch insert.") var threads = 1
        @Option(help: "Also time a snapshot save and load in this directory.") var snapshotDirectory: String?
        @Flag(help: "Also sweep filter selectivity (walk vs exact scan).") var filtered = false
        @Option(help: "Load the index from this snapshot if it exists, else build and save it there.")
        var reuseSnapshot: String?

        func run() throws {
            let base: [Float] = try readBinary(data + "/base.f32")
            let queryRows: [Float] = try readBinary(data + "/queries.f32")
            let truth: [UInt32] = try readBinary(data + "/truth.u32")
            let count = base.count / dimension
            let queries = (0..<queryRows.count / dimension).map {
                Array(queryRows[$0 * dimension..<($0 + 1) * dimension])
            }
            let index: HNSWIndex
            if let reuseSnapshot, access(reuseSnapshot, F_OK) == 0 {
                let load = Stopwatch()
                index = try HNSWIndex.load(from: reuseSnapshot)
                print("load seconds=\(fixed(load.elapsed.wall, 3)) cpu_seconds=\(fixed(load.elapsed.cpu, 3))")
            } else {
                index = try build(base, count: count)
                if let reuseSnapshot { try index.save(to: reuseSnapshot) }
            }
            let truthSets = (0..<queries.count).map { Set(truth[$0 * recallK..<($0 + 1) * recallK].map(UInt64.init)) }
            for ef in efSearch.split(separator: ",").compactMap({ Int($0) }) {
                var best = (wall: Double.infinity, cpu: Double.infinity)
                var answers: [[VectorHit]] = []
                for _ in 0..<max(1, rounds) {
                    let start = Stopwatch()
                    answers = try queries.map { try index.search($0, k: recallK, ef: ef) }
                    let elapsed = start.elapsed
                    best = (min(best.wall, elapsed.wall), min(best.cpu, elapsed.cpu))
                }
                var found = 0
                for (answer, expected) in zip(answers, truthSets) {
                    found += answer.filter { expected.contains($0.label) }.count
                }
                let recall = Double(found) / Double(queries.count * recallK)
                print("ef=\(ef) recall=\(fixed(recall, 4)) qps=\(Int(Double(queries.count) / best.wall)) "
                    + "cpu_qps=\(Int(Double(queries.count) / best.cpu))")
            }
            if let snapshotDirectory { try timeSnapshot(index, directory: snapshotDirectory) }
            if filtered { try sweepSelectivity(index, queries: queries, count: count) }
        }

        /// Inserts the `count` rows of `base` one by one, printing build time and memory.
        private func build(_ base: [Float], count: Int) throws -> HNSWIndex {
            let rows = (0..<count).map { Array(base[$0 * dimension..<($0 + 1) * dimension]) }
            let rssBefore = residentBytes()
            let start = Stopwatch(processWide: threads > 1)
            let parameters = HNSWParameters(m: m, efConstruction: efConstruction)
            let index = HNSWIndex(dimension: dimension, parameters: parameters, capacity: count)
            if threads == 1 {
                for (row, vector) in rows.enumerated() { try index.insert(vector, label: UInt64(row)) }
            } else {
                try index.insert(contentsOf: rows, labels: (0..<count).map(UInt64.init), threads: threads)
            }
            let build = start.elapsed
            let rss = withExtendedLifetime((base, rows)) { residentBytes() - rssBefore }  // inputs stay counted
            print("build threads=\(threads) seconds=\(fixed(build.wall, 2)) cpu_seconds=\(fixed(build.cpu, 2)) "
                + "vectors=\(count) bytes_per_vector=\(index.memoryBytes / count) rss_bytes_per_vector=\(rss / count)")
            return index
        }

        private func timeSnapshot(_ index: HNSWIndex, directory: String) throws {
            let path = directory + "/bench.hnsw"
            let save = Stopwatch()
            try index.save(to: path)
            let saveSeconds = save.elapsed.wall
            let load = Stopwatch()
            let loaded = try HNSWIndex.load(from: path)
            print("snapshot save_seconds=\(fixed(saveSeconds, 3)) load_seconds=\(fixed(load.elapsed.wall, 3)) "
                + "count=\(loaded.count)")
            unlink(path)
        }

        /// For each match fraction, the QPS and recall of the plan the policy picks, of a forced walk and of a
        /// forced exact scan: the measurements behind `FilteredSearchPolicy`'s defaults.
        private func sweepSelectivity(_ index: HNSWIndex, queries: [[Float]], count: Int) throws {
            for fraction in [0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.001] {
                let modulus = UInt64((1 / fraction).rounded())
                let allows: @Sendable (UInt64) -> Bool = { ($0 &* 0x9E37_79B9_7F4A_7C15) % modulus == 0 }
                let policies: [(String, VectorFilter)] = [
                    ("auto", VectorFilter(allows: allows)),
                    ("walk", VectorFilter(expectedMatches: count, allows: allows)),
                    ("scan", VectorFilter(expectedMatches: 0, allows: allows)),
                ]
                var line = "filter fraction=\(fraction)"
                let sample = Array(queries.prefix(200))
                let reference = try sample.map { try index.search($0, k: recallK, filter: policies[2].1) }
                for (name, filter) in policies {
                    var found = 0
                    let start = Stopwatch()
                    for (number, query) in sample.enumerated() {
                        let expected = Set(reference[number].map(\.label))
                        found += try index.search(query, k: recallK, filter: filter).filter {
                            expected.contains($0.label)
                        }.count
                    }
                    let qps = Double(sample.count) / start.elapsed.cpu
                    let recall = Double(found) / Double(reference.reduce(0) { $0 + $1.count })
                    line += " \(name)_qps=\(Int(qps)) \(name)_recall=\(fixed(recall, 3))"
                }
                print(line)
            }
        }
    }
}

/// Wall-clock and CPU time since creation: of this thread, or of the whole process for multi-threaded work. The
/// machine is shared, so CPU time (time actually run) is the steadier figure; wall time is printed beside it.
private struct Stopwatch {
    private let clock: clockid_t
    private let wall = MonotonicClock.now
    private let cpu: UInt64

    init(processWide: Bool = false) {
        clock = processWide ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_THREAD_CPUTIME_ID
        cpu = Stopwatch.cpuNanoseconds(clock)
    }

    var elapsed: (wall: Double, cpu: Double) {
        (Double(MonotonicClock.now - wall) / 1e9, Double(Stopwatch.cpuNanoseconds(clock) - cpu) / 1e9)
    }

    private static func cpuNanoseconds(_ clock: clockid_t) -> UInt64 {
        var time = timespec()
        clock_gettime(clock, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

/// `value` with `digits` decimals.
private func fixed(_ value: Double, _ digits: Int) -> String {
    let scale = pow(10, Double(digits))
    return String((value * scale).rounded() / scale)
}

/// The process's resident set size in bytes (/proc/self/statm: size and resident, in pages).
private func residentBytes() -> Int {
    guard let file = fopen("/proc/self/statm", "r") else { return 0 }
    defer { fclose(file) }
    var line = [UInt8](repeating: 0, count: 256)
    let read = fread(&line, 1, line.count, file)
    let fields = String(decoding: line[..<read], as: UTF8.self).split(separator: " ").compactMap { Int($0) }
    return fields.count >= 2 ? fields[1] * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}

/// Results written by two threads into distinct slots; joined before they are read.
private final class Slots<T>: @unchecked Sendable {
    var values: [Result<T, any Error>?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
}

/// `body` over `range` on two threads, results in order.
private func parallelMap<T: Sendable>(_ range: Range<Int>,
                                      _ body: @escaping @Sendable (Int) throws -> T) throws -> [T] {
    let slots = Slots<T>(count: range.count)
    let threads = (0..<2).map { part in
        OSThread.spawn(name: "bench-\(part)") {
            for index in range where (index - range.lowerBound) % 2 == part {
                slots.values[index - range.lowerBound] = Result { try body(index) }
            }
        }
    }
    threads.forEach { $0.join() }
    return try slots.values.map { try $0!.get() }
}

/// The whole file at `path` as raw little-endian values of `T`.
private func readBinary<T: BitwiseCopyable>(_ path: String) throws -> [T] {
    guard let file = fopen(path, "rb") else { throw ValidationError("cannot open \(path)") }
    defer { fclose(file) }
    fseek(file, 0, SEEK_END)
    let bytes = ftell(file)
    fseek(file, 0, SEEK_SET)
    let count = bytes / MemoryLayout<T>.stride
    let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        initialized = fread(buffer.baseAddress, MemoryLayout<T>.stride, count, file)
    }
    guard values.count == count else { throw ValidationError("short read of \(path)") }
    return values
}

/// Writes `values` raw to `path`.
private func writeBinary<T: BitwiseCopyable>(_ values: [T], to path: String) throws {
    guard let file = fopen(path, "wb") else { throw ValidationError("cannot create \(path)") }
    defer { fclose(file) }
    let written = values.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    guard written == values.count * MemoryLayout<T>.stride else { throw ValidationError("short write of \(path)") }
}
