import Glibc
import TestSupport
@testable import Partition

/// The PDF part of the shared real-data corpus (`SharedData.root` + `/pdfs`; see its README): its files, their
/// manifest, and reading every file in parallel.
enum PDFRealData {
    /// `../shared/data/pdfs`, nil when the corpus is missing.
    static let root: String? = SharedData.root.flatMap { access($0 + "/pdfs", R_OK) == 0 ? $0 + "/pdfs" : nil }

    struct Entry: Sendable {
        var path: String
        /// The path below `SharedData.root`.
        var relative: String
        var name: String
        /// The pdf.js manifest category, nil for files outside `pdfjs/`.
        var category: String?
        /// Characters poppler extracts (manifest column `text_chars`).
        var popplerCharacters: Int
    }

    /// Every PDF of the corpus with its manifest data.
    static func entries(root: String) -> [Entry] {
        var manifest: [String: (String, Int)] = [:]
        if let bytes = SharedData.read("pdfs/pdfjs/MANIFEST.tsv") {
            for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n").dropFirst() {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                guard fields.count > 8 else { continue }
                manifest[String(fields[0])] = (String(fields[1]), Int(fields[8]) ?? 0)
            }
        }
        return pdfFiles(under: root).map { path in
            let name = String(path[path.index(after: path.lastIndex(of: "/")!)...])
            let known = path.contains("/pdfjs/") ? manifest[name] : nil
            return Entry(path: path, relative: "pdfs" + path.dropFirst(root.count), name: name, category: known?.0,
                         popplerCharacters: known?.1 ?? 0)
        }
    }

    private static func pdfFiles(under directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var result: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name != ".", name != ".." else { continue }
            let path = directory + "/" + name
            if entry.pointee.d_type == DT_DIR {
                result += pdfFiles(under: path)
            } else if name.lowercased().hasSuffix(".pdf") {
                result.append(path)
            }
        }
        return result.sorted()
    }

    struct Outcome: Sendable {
        var entry: Entry
        var result: Result<PartitionedDocument, PartitionError>
        /// CPU time of the partitioning thread: unlike wall time, it does not grow when parallel tests share cores.
        var seconds: Double
    }

    /// CPU seconds consumed by the calling thread (partitioning is synchronous, so it stays on one thread).
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Partitions every entry, several at a time.
    static func partitionAll(_ entries: [Entry]) async -> [Outcome] {
        await withTaskGroup(of: Outcome.self) { group in
            for entry in entries {
                group.addTask {
                    let bytes = SharedData.read(entry.relative) ?? []
                    let start = threadCPUSeconds()
                    let result: Result<PartitionedDocument, PartitionError>
                    do throws(PartitionError) {
                        result = .success(try PDFPartitioner.partition(bytes, budget: PartitionBudget()))
                    } catch {
                        result = .failure(error)
                    }
                    return Outcome(entry: entry, result: result, seconds: threadCPUSeconds() - start)
                }
            }
            var outcomes: [Outcome] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes.sorted { $0.entry.path < $1.entry.path }
        }
    }

    /// The process's peak resident set size in bytes (`ru_maxrss`, KiB on Linux).
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}
