#if canImport(Glibc)
import Glibc
#endif
import COpenSSL
import HTTP
import JSON
import Synchronization
import Threading

/// A fake OpenAI-compatible and Ollama server for tests: blocking sockets on 127.0.0.1 with an ephemeral port, a
/// thread per connection, keep-alive, optional TLS with a `SelfSignedCertificate`.
///
/// Routes: `POST /v1/chat/completions` (JSON or SSE with `"stream": true`), `POST /v1/embeddings`, `POST /api/chat`
/// (JSON or NDJSON, streaming unless `"stream": false`, as Ollama does), `POST /api/embed`, and `/echo` (answers
/// with the request body). Each request takes the next `Behaviour` from a queue shared by all connections (an empty
/// queue means `.reply()` with the default text) and is recorded, so tests can check what was sent.
package final class FakeProviderServer: Sendable {
    /// How the server answers one request.
    package enum Behaviour: Sendable, Equatable {
        /// A normal answer: chat routes say `text` (streamed word by word) with these token counts
        /// (`completionTokens` defaults to the number of streamed pieces); `includeUsage: false` leaves usage out.
        case reply(text: String = FakeProviderServer.defaultReply, promptTokens: Int = 11, completionTokens: Int? = nil,
                   includeUsage: Bool = true)
        /// An error status with a JSON error body, and `Retry-After` when given.
        case status(Int, retryAfter: Int? = nil)
        /// The default answer, `seconds` late: before the head, or between the pieces of a stream.
        case slow(seconds: Double)
        /// 200 with a body (or stream event) that is not valid JSON.
        case malformedJSON
        /// The connection closes mid-response (after part of the body) or mid-stream (after two pieces).
        case disconnect
        /// The connection closes without an answer: a keep-alive connection the server dropped while idle.
        case closeIdleConnection
    }

    /// One request as the server received it.
    package struct RecordedRequest: Sendable {
        package var method: String
        package var path: String
        package var headers: HTTPHeaders
        package var body: [UInt8]
        /// The body parsed as JSON, if it was JSON.
        package var json: JSONValue?
        /// Which accepted connection carried it (1 for the first).
        package var connection: Int

        /// The first value of header `name`.
        package func header(_ name: String) -> String? { headers[name] }
    }

    /// What the chat routes say when not told otherwise.
    package static let defaultReply = "Paris is the capital of France [1]."

    /// The listening port.
    package let port: Int
    /// `http://127.0.0.1:<port>` or `https://...` with TLS.
    package let baseURL: String
    let core: FakeServerCore

    /// Starts listening. `embeddingDimensions` is the length of the vectors the embedding routes return.
    package init(certificate: SelfSignedCertificate? = nil, embeddingDimensions: Int = 8) throws {
        // A client that vanishes mid-write must not kill the test process (TLS writes go through write(2)).
        signal(SIGPIPE, SIG_IGN)
        var context: OpaquePointer?
        if let certificate {
            guard let made = SSL_CTX_new(TLS_server_method()),
                  SSL_CTX_use_certificate_chain_file(made, certificate.certificateFile) == 1,
                  SSL_CTX_use_PrivateKey_file(made, certificate.keyFile, SSL_FILETYPE_PEM) == 1 else {
                throw SelfSignedCertificate.Failure(description: "cannot load the test certificate into OpenSSL")
            }
            context = made
        }
        let listener = try Self.listen()
        core = FakeServerCore(listener: listener.fd, tlsContext: context, embeddingDimensions: embeddingDimensions)
        port = listener.port
        baseURL = "\(certificate == nil ? "http" : "https")://127.0.0.1:\(listener.port)"
        core.start()
    }

    deinit { core.stop() }

    /// Queues behaviours for the next requests, in order.
    package func enqueue(_ behaviours: Behaviour...) {
        core.state.withLock { $0.queue += behaviours }
    }

    /// Every request received so far, in order.
    package var requests: [RecordedRequest] { core.state.withLock { $0.requests } }

    /// Connections accepted so far (TLS handshakes that failed included).
    package var connectionCount: Int { core.state.withLock { $0.connections } }

    /// Streams the client abandoned before their end (it closed the connection between pieces).
    package var abandonedStreams: Int { core.state.withLock { $0.abandonedStreams } }

    /// The deterministic, deliberately not normalized vector the embedding routes return for `text`.
    package static func vector(for text: String, dimensions: Int) -> [Float] {
        (0..<dimensions).map { index in
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(index &* 7919)
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            return Float(Int(hash % 2001) - 1000) / 250  // in [-4, 4], so a vector's length is far from 1
        }
    }

    /// The pieces a streamed answer of `text` is sent in: words with their leading space.
    package static func pieces(of text: String) -> [String] {
        var pieces: [String] = []
        for (index, word) in text.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            pieces.append(index == 0 ? String(word) : " " + word)
        }
        return pieces
    }

    private static func listen() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && Glibc.listen(fd, 64) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw SelfSignedCertificate.Failure(description: "cannot listen on 127.0.0.1: errno \(errno)")
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}

/// The fake server's shared state and threads, kept apart from `FakeProviderServer` so the threads do not keep the
/// test's handle alive: dropping the handle stops the server.
final class FakeServerCore: Sendable {
    struct State {
        var queue: [FakeProviderServer.Behaviour] = []
        var requests: [FakeProviderServer.RecordedRequest] = []
        var connections = 0
        var abandonedStreams = 0
        var openDescriptors: Set<Int32> = []
        var threads: [OSThread] = []
        var stopped = false
    }

    let state = Mutex(State())
    let listener: Int32
    nonisolated(unsafe) let tlsContext: OpaquePointer?
    let embeddingDimensions: Int
    private let acceptThread = Mutex<OSThread?>(nil)

    init(listener: Int32, tlsContext: OpaquePointer?, embeddingDimensions: Int) {
        self.listener = listener
        self.tlsContext = tlsContext
        self.embeddingDimensions = embeddingDimensions
    }

    var isStopped: Bool { state.withLock { $0.stopped } }

    func start() {
        let thread = OSThread.spawn(name: "fake-accept") { [self] in acceptLoop() }
        acceptThread.withLock { $0 = thread }
    }

    func stop() {
        let descriptors: Set<Int32>? = state.withLock { state in
            guard !state.stopped else { return nil }
            state.stopped = true
            return state.openDescriptors
        }
        guard let descriptors else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        for fd in descriptors { shutdown(fd, Int32(SHUT_RDWR)) }
        acceptThread.withLock { $0.take() }?.join()
        close(listener)
        let threads = state.withLock { state in
            defer { state.threads = [] }
            return state.threads
        }
        threads.forEach { $0.join() }
        if let tlsContext { SSL_CTX_free(tlsContext) }
    }

    private func acceptLoop() {
        while !isStopped {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                return
            }
            let admitted = state.withLock { state -> Int? in
                guard !state.stopped else { return nil }
                state.connections += 1
                state.openDescriptors.insert(fd)
                return state.connections
            }
            guard let number = admitted else {
                close(fd)
                return
            }
            let thread = OSThread.spawn(name: "fake-conn") { [self] in serve(fd: fd, number: number) }
            state.withLock { $0.threads.append(thread) }
        }
    }

    /// Sleeps `seconds` in small steps, returning early when the server stops.
    func pause(_ seconds: Double) {
        let end = MonotonicClock.now + MonotonicClock.nanoseconds(seconds)
        while MonotonicClock.now < end && !isStopped { usleep(5_000) }
    }
}
