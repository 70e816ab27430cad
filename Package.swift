// swift-tools-version: 6.1
// The dependency graph of ARCHITECTURE.md, enforced: pipeline targets never import Server, HTTP, Store or App;
// HTTP imports nothing; only App sees everything.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

// The embedding and HNSW kernels need AVX2/FMA code generation: without it `SIMD8.addingProduct` becomes calls to
// `fmaf` (~100× slower) and HNSW distances fall back to SSE (1.3–1.5× slower). Debug builds optimize these two
// targets too, or their tests take minutes instead of seconds. Loading the model checks the CPU's flags first.
#if arch(x86_64)
let kernelSettings: [SwiftSetting] = swiftSettings + [.unsafeFlags(["-target-cpu", "haswell"]),
                                                       .unsafeFlags(["-O"], .when(configuration: .debug))]
#else
let kernelSettings: [SwiftSetting] = swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
#endif

let package = Package(
    name: "ragd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ragd", targets: ["ragd"]),
    ],
    dependencies: [
        // CLI parsing with subcommands and generated --help: a small, standard package that beats hand-rolling.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // YAML for configs/ragd.yaml: YAML's grammar is large; Yams wraps the reference libyaml.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // System-library shims.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CArgon2", pkgConfig: "libargon2", providers: [.apt(["libargon2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "CLinux"),

        // Threads, a condition lock and a bounded blocking queue: shared by the worker pool, the SQLite writer and logs.
        .target(name: "Threading", dependencies: ["CLinux"], swiftSettings: swiftSettings),
        // JSON values and a strict parser for untrusted input (JWTs, uploads); shared by pipeline and edge code.
        .target(name: "JSON", swiftSettings: swiftSettings),
        // IO-free HTTP/1.1: parser, serializer, limits.
        .target(name: "HTTP", swiftSettings: swiftSettings),
        // Outbound HTTP/1.1 (+ TLS from OpenSSL) for model providers: keep-alive pool, timeouts, retries with backoff,
        // circuit breakers, SSE parsing.
        .target(name: "HTTPClient", dependencies: ["HTTP", "COpenSSL", "Threading", "CLinux", "JSON"],
                swiftSettings: swiftSettings),
        // epoll event loops, connections, router, middleware, worker pool, SSE.
        .target(name: "Server", dependencies: ["HTTP", "Threading", "CLinux"], swiftSettings: swiftSettings),
        // SQLite connection, statements, transactions, migrations, writer queue and reader pool.
        .target(name: "Store", dependencies: ["CSQLite", "Threading"], swiftSettings: swiftSettings),
        // Metrics registry (Prometheus text), process metrics, JSON logs.
        .target(name: "Observability", dependencies: ["Threading", "CLinux"], swiftSettings: swiftSettings),
        // OpenSSL-backed primitives: random bytes, SHA-256/HMAC, constant-time compare, base64, AES-256-GCM.
        .target(name: "Crypto", dependencies: ["COpenSSL"], swiftSettings: swiftSettings),
        // Passwords (argon2id), access tokens (HS256 JWT), opaque tokens, rate limits, login throttling, permissions.
        .target(name: "Auth", dependencies: ["Crypto", "JSON", "COpenSSL", "CArgon2", "Threading"], swiftSettings: swiftSettings),
        // Pipeline (pure libraries: no Server, HTTP, Store or App).
        // Documents → elements: our own PDF parser over zlib, DOCX (zip + XML), HTML, Markdown, text, CSV, JSON.
        .target(name: "Partition", dependencies: ["JSON", "Threading", "CZlib", "COpenSSL", "Crypto"],
                swiftSettings: swiftSettings),
        // Elements → chunks (recursive, sentence, fixed, parent-child) with token counting.
        .target(name: "Chunking", dependencies: ["Partition"], swiftSettings: swiftSettings),
        // Text → vectors behind the Embedder protocol: all-MiniLM-L6-v2 in Swift (tokenizer, SGEMM, encoder), the hash
        // embedder, the embedding cache.
        .target(name: "Embedding", dependencies: ["JSON", "HTTPClient", "Threading"], swiftSettings: kernelSettings),
        // HNSW vector index with filtered search, tombstones and snapshots; an exact index as the oracle.
        .target(name: "VectorIndex", dependencies: ["Threading"], swiftSettings: kernelSettings),
        // BM25 over an analyzer (folding, stop words, English stemming, codes), MaxScore top-k, snapshots.
        .target(name: "LexicalIndex", dependencies: ["Threading"], swiftSettings: swiftSettings),
        // Hybrid search over the indexes' ranked lists: fusion (RRF, weighted), MMR, metadata filters.
        .target(name: "Retrieval", dependencies: ["JSON"], swiftSettings: swiftSettings),
        // Answers from retrieved chunks: the extractive generator, citation markers.
        .target(name: "Generation", dependencies: ["Chunking", "JSON", "HTTPClient"], swiftSettings: swiftSettings),
        // Orchestration: encrypted blobs, the SQLite-backed job queue, partition → chunk → embed → store.
        .target(name: "Ingest", dependencies: ["Partition", "Chunking", "Embedding", "Store", "Crypto", "JSON",
                                               "Threading", "CLinux", "VectorIndex", "LexicalIndex", "Retrieval"],
                swiftSettings: swiftSettings),
        // Handlers, configuration, error mapping, OpenAPI: the only target that sees everything.
        .target(
            name: "App",
            dependencies: ["HTTP", "Server", "Store", "Observability", "Auth", "Crypto", "JSON", "Threading", "CLinux",
                           "Ingest", "Partition", "Chunking", "Embedding", "Retrieval", "Generation", "VectorIndex",
                           "LexicalIndex", "HTTPClient", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ragd",
            dependencies: ["App", "CLinux", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),

        // Shared by the test targets: a raw-socket HTTP client, subprocesses, pipes and waiting helpers.
        .target(name: "TestSupport", dependencies: ["Threading", "CZlib", "HTTP", "JSON", "COpenSSL"], path: "Tests/TestSupport", swiftSettings: swiftSettings),
        // Micro-benchmarks (not shipped): `swift run -c release ragd-bench --help`. Figures, never test assertions.
        .executableTarget(
            name: "ragd-bench",
            dependencies: ["Auth", "Crypto", "JSON", "Partition", "Chunking", "Threading", "Embedding", "VectorIndex",
                           "LexicalIndex", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "ThreadingTests", dependencies: ["Threading"], swiftSettings: swiftSettings),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "HTTP", "JSON", "Threading", "TestSupport"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "ServerTests", dependencies: ["Server", "HTTP", "Threading", "CLinux", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Threading"], swiftSettings: swiftSettings),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "AuthTests", dependencies: ["Auth", "Crypto", "Threading", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "PartitionTests", dependencies: ["Partition", "JSON", "Threading", "TestSupport"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "ChunkingTests", dependencies: ["Chunking", "Partition", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "EmbeddingTests", dependencies: ["Embedding", "JSON", "HTTPClient", "TestSupport"], exclude: ["Fixtures"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "VectorIndexTests", dependencies: ["VectorIndex", "Threading"], swiftSettings: swiftSettings),
        .testTarget(name: "LexicalIndexTests", dependencies: ["LexicalIndex", "TestSupport", "JSON", "Threading"], swiftSettings: swiftSettings),
        .testTarget(name: "RetrievalTests", dependencies: ["Retrieval", "JSON", "LexicalIndex", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "GenerationTests", dependencies: ["Generation", "LexicalIndex", "JSON", "HTTPClient", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "Partition", "Chunking", "Embedding", "Store", "Crypto",
                                                        "Threading", "TestSupport", "VectorIndex"], swiftSettings: swiftSettings),
        .testTarget(name: "ObservabilityTests", dependencies: ["Observability", "JSON", "Threading", "CLinux", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AppTests",
            dependencies: ["App", "Server", "HTTP", "Store", "Observability", "Threading", "TestSupport", "CZlib", "ragd"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SystemLibraryTests",
            dependencies: ["CSQLite", "COpenSSL", "CArgon2", "CZlib", "CLinux"],
            swiftSettings: swiftSettings
        ),
    ]
)
