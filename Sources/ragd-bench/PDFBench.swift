import ArgumentParser
import Glibc
import Partition
import Threading

/// `ragd-bench pdf`: the PDF partitioner from the command line — `extract` prints a document's text (what
/// `scripts/pdf_fidelity_report.sh` compares with pdftotext), `bench` times pages per second over files.
struct PDFBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pdf",
        abstract: "Extract text from PDFs or time the PDF partitioner.",
        subcommands: [Extract.self, Bench.self]
    )

    /// `ragd-bench pdf extract FILE`: the document text on stdout; a failure prints its code on stderr, exit 2.
    struct Extract: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the text of a PDF.")

        @Argument(help: "The PDF file.") var file: String
        @Flag(help: "Print one element per block with its kind, page and level.") var elements = false
        @Flag(help: "Print the metadata too.") var metadata = false

        func run() throws {
            guard let bytes = readFile(file) else { throw ValidationError("cannot read \(file)") }
            do {
                let document = try PDFPartitioner.partition(bytes, budget: PartitionBudget())
                if metadata { print(document.metadata) }
                if elements {
                    for element in document.elements {
                        print("[\(element.kind.rawValue) p\(element.page ?? 0)\(element.level.map { " h\($0)" } ?? "")]",
                              element.text)
                    }
                } else {
                    print(document.text)
                }
            } catch {
                let message = Array("\(error)\n".utf8)
                _ = message.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
                throw ExitCode(2)
            }
        }
    }

    /// `ragd-bench pdf bench FILES…`: pages and seconds over all files (reading excluded), best of `rounds`.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Time the PDF partitioner over files.")

        @Argument(help: "PDF files.") var files: [String]
        @Option(help: "Rounds; the fastest is reported.") var rounds = 3

        func run() throws {
            let inputs = files.compactMap { path in readFile(path).map { (path, $0) } }
            var best = Double.infinity
            var pages = 0
            var failures = 0
            for _ in 0..<max(1, rounds) {
                pages = 0
                failures = 0
                let start = MonotonicClock.now
                for (_, bytes) in inputs {
                    do {
                        let document = try PDFPartitioner.partition(bytes, budget: PartitionBudget())
                        pages += document.metadata.pageCount ?? 0
                    } catch {
                        failures += 1
                    }
                }
                best = min(best, Double(MonotonicClock.now - start) / 1e9)
            }
            let seconds = (best * 10_000).rounded() / 10_000
            print("files=\(inputs.count) pages=\(pages) failures=\(failures) seconds=\(seconds) "
                + "pages_per_second=\(format(Double(pages) / max(best, 1e-9)))")
        }
    }
}

/// The bytes of the file at `path`, or nil when it cannot be read.
fileprivate func readFile(_ path: String) -> [UInt8]? {
    guard let handle = fopen(path, "rb") else { return nil }
    defer { fclose(handle) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = fread(&chunk, 1, chunk.count, handle)
        if count > 0 { bytes += chunk[0..<count] }
        if count < chunk.count { break }
    }
    return ferror(handle) == 0 ? bytes : nil
}
