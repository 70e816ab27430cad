import HTTP

/// Every knob of the HTTP server, with production defaults. Durations are in seconds.
package struct ServerConfiguration: Sendable {
    /// Address to bind (numeric, or a name resolved once at start).
    package var host = "127.0.0.1"
    /// Port; 0 picks a free one (see `HTTPServer.boundAddress`).
    package var port = 8080
    /// Event-loop threads; 0 means one per core.
    package var eventLoops = 0
    /// Worker threads for `.pool` routes; 0 means two per core (handlers mostly wait on SQLite or the network).
    package var workers = 0
    /// Jobs that may wait for a worker before requests are refused with 503.
    package var workerQueueDepth = 1024
    /// Open connections across all loops; more are accepted and closed at once with a 503.
    package var maxConnections = 10_000
    /// Parser limits (line, header and body sizes). `limits.maxBodyBytes` is the ceiling no route can exceed.
    package var limits = HTTPLimits()
    /// Body limit of routes that set none and of requests matching no route: small, so a body nobody asked for
    /// cannot make the server buffer megabytes before answering 401, 404 or 405. Upload routes opt into more.
    package var defaultBodyBytes = 64 * 1024
    /// Time allowed for a complete request head, from its first byte (and for a new connection's first byte).
    package var headerTimeout = 10.0
    /// Idle time allowed between requests on a keep-alive connection.
    package var keepAliveTimeout = 75.0
    /// Slowest accepted body upload, in bytes per second, once `bodyRateGracePeriod` has passed.
    package var minBodyBytesPerSecond = 1024.0
    /// Time a body upload may take before the minimum rate applies.
    package var bodyRateGracePeriod = 10.0
    /// Time allowed to receive a whole request, head and body.
    package var requestTimeout = 300.0
    /// Time a response may make no progress because the client does not read.
    package var writeTimeout = 60.0
    /// Bytes written to one connection per readiness event before other connections get their turn.
    package var writeBudgetBytes = 256 * 1024
    /// Response bytes buffered per connection before pipelined requests wait (and streams block their producer).
    package var maxBufferedWriteBytes = 1024 * 1024
    /// Request bytes buffered while a request is being handled before the server stops reading that connection.
    package var maxBufferedReadBytes = 64 * 1024
    /// After an error response, how long to read and discard what the client still sends before closing, so it sees
    /// the response instead of a reset.
    package var lingerTimeout = 2.0
    /// How often each loop checks its connections' timeouts (they are enforced to within this) and refreshes `Date`.
    package var tickInterval = 0.25
    /// How long a graceful shutdown waits for in-flight requests.
    package var shutdownGracePeriod = 25.0
    /// Comma-separated addresses or CIDR ranges of reverse proxies whose `X-Forwarded-For` is believed; empty means
    /// the peer address is the client.
    package var trustedProxies = ""

    /// The defaults.
    package init() {}

    /// Event loops after resolving 0 to the core count.
    package var resolvedEventLoops: Int { eventLoops > 0 ? eventLoops : ProcessorCount.online }

    /// Workers after resolving 0 to two per core.
    package var resolvedWorkers: Int { workers > 0 ? workers : 2 * ProcessorCount.online }
}

/// The number of online processors.
package enum ProcessorCount {
    /// sysconf(_SC_NPROCESSORS_ONLN), at least 1.
    package static var online: Int { max(1, sysconfProcessors()) }
}
