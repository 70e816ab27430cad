/// A connected byte stream to a server: plain TCP or TLS over it. Reads and writes wait (cancellably, through the
/// `Waiter`) until their deadline; a class because it owns a descriptor or a TLS session, released in `deinit`.
protocol ByteStream: AnyObject {
    /// `host:port` for messages.
    var peer: String { get }

    /// Reads at most `buffer.count` bytes into `buffer`; 0 means the server closed the connection.
    func read(into buffer: inout [UInt8], by deadline: Deadline, waiter: Waiter) throws(HTTPClientError) -> Int

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8], by deadline: Deadline, waiter: Waiter) throws(HTTPClientError)

    /// Whether the idle stream has something to read — a close, a reset or stray bytes — and so must not carry a
    /// new request.
    var hasPendingInput: Bool { get }
}
