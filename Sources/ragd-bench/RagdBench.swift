import ArgumentParser
import Auth
import JSON
import Threading
import Crypto

/// In-process micro-benchmarks that print figures. Run release builds: `swift run -c release ragd-bench tokens`.
struct RagdBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ragd-bench",
        abstract: "Micro-benchmarks of ragd's building blocks (figures only; never used by tests).",
        subcommands: [Tokens.self, Passwords.self, PDFBench.self, BM25Bench.self, EmbedBench.self, HNSWBench.self]
    )
}

/// Times `body` over `iterations` after a warm-up; returns nanoseconds per iteration (median of `rounds`).
func measure(iterations: Int, rounds: Int = 5, _ body: () -> Void) -> Double {
    for _ in 0..<max(1, iterations / 10) { body() }
    var samples: [Double] = []
    for _ in 0..<rounds {
        let start = MonotonicClock.now
        for _ in 0..<iterations { body() }
        samples.append(Double(MonotonicClock.now - start) / Double(iterations))
    }
    return samples.sorted()[rounds / 2]
}

/// `ragd-bench tokens`: the per-request cost of issuing and verifying access tokens.
struct Tokens: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "HS256 access-token issue and verify cost.")

    @Option(help: "Iterations per round.")
    var iterations = 200_000

    func run() {
        let signer = TokenSigner(key: SecureRandom.bytes(32), issuer: "ragd", audience: "ragd-api")
        let now = 1_800_000_000.0
        let (token, _) = signer.issue(subject: "usr_0123456789abcdefghij", organization: "org_0123456789abcdefghij",
                                      session: "ses_0123456789abcdefghij", role: "member", now: now)
        var sink = 0
        let verify = measure(iterations: iterations) {
            if let claims = try? signer.verify(token, now: now) { sink &+= claims.subject.utf8.count }
        }
        let issue = measure(iterations: iterations / 4) {
            sink &+= signer.issue(subject: "usr_x", organization: "org_x", session: "ses_x", role: "member",
                                  now: now).token.utf8.count
        }
        let forged = token.dropLast(2) + "AA"
        let reject = measure(iterations: iterations) {
            if (try? signer.verify(String(forged), now: now)) == nil { sink &+= 1 }
        }
        let parts = token.split(separator: ".")
        let payloadBytes = Base64URL.decode(parts[1])!
        let decode = measure(iterations: iterations) { sink &+= Base64URL.decode(parts[1])?.count ?? 0 }
        let parse = measure(iterations: iterations) { sink &+= JSONParser.parse(payloadBytes)?.members?.count ?? 0 }
        let hmac = measure(iterations: iterations) {
            sink &+= Int(Digest.hmacSHA256(key: Array(repeating: 1, count: 32), message: token.utf8)[0])
        }
        print("  payload base64 decode \(format(decode / 1000)) µs/op")
        print("  payload JSON parse    \(format(parse / 1000)) µs/op")
        print("  HMAC-SHA256           \(format(hmac / 1000)) µs/op")
        print("token bytes            \(token.utf8.count)")
        print("verify (valid)         \(format(verify / 1000)) µs/op")
        print("verify (bad signature) \(format(reject / 1000)) µs/op")
        print("issue                  \(format(issue / 1000)) µs/op")
        if sink == 42 { print("") }  // keep the work observable
    }
}

/// `ragd-bench passwords`: argon2id cost at the configured parameters.
struct Passwords: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "argon2id hash and verify cost.")

    @Option(help: "argon2id memory in KiB.") var memory = 19_456
    @Option(help: "argon2id passes.") var iterations = 2
    @Option(help: "Hashes to time.") var count = 20

    func run() throws {
        let hasher = PasswordHasher(parameters: Argon2Parameters(memoryKiB: memory, iterations: iterations, parallelism: 1),
                                    maxConcurrent: 1, maxWaiting: 1)
        let encoded = try hasher.hash("correct horse battery staple")
        var times: [Double] = []
        for _ in 0..<count {
            let start = MonotonicClock.now
            _ = try hasher.verify("correct horse battery staple", against: encoded)
            times.append(Double(MonotonicClock.now - start) / 1e6)
        }
        times.sort()
        print("argon2id m=\(memory) KiB t=\(iterations) p=1: verify p50 \(format(times[count / 2])) ms, "
            + "p95 \(format(times[min(count - 1, count * 95 / 100)])) ms")
    }
}

func format(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return String(rounded)
}
