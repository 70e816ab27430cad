/// Which connections may serve a request: same scheme, host and port.
struct ConnectionKey: Hashable, Sendable {
    let scheme: HTTPURL.Scheme
    let host: String
    let port: Int

    init(_ url: HTTPURL) {
        scheme = url.scheme
        host = url.host
        port = url.port
    }
}

/// One open connection to a server. Used by one request at a time: a request owns it from `ConnectionPool.take` (or
/// from connecting) until it hands it back with `put` or drops it, which closes it (`deinit` of the stream).
final class HTTPConnection: @unchecked Sendable {
    let key: ConnectionKey
    let stream: any ByteStream
    /// When it was last returned to the pool (monotonic nanoseconds).
    var idleSince: UInt64 = 0

    init(key: ConnectionKey, stream: any ByteStream) {
        self.key = key
        self.stream = stream
    }
}
