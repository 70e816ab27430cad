#if canImport(Glibc)
import Glibc
#endif

/// A minimal blocking HTTP/1.1 client for the CLI talking to a ragd server: one request per connection
/// (`Connection: close`), plain TCP (put TLS in front with a proxy; servers behind nginx are reached on their
/// internal port), Content-Length or chunked responses, and a timeout on every socket operation.
struct PlainHTTPClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Reply {
        var status: Int
        var body: [UInt8]
    }

    let host: String
    let port: Int
    var timeoutSeconds = 60
    /// Responses larger than this are refused rather than buffered.
    var maxResponseBytes = 64 << 20

    /// `http://host:port` (a trailing slash or path is not accepted).
    init(url: String) throws {
        guard url.hasPrefix("http://") else {
            throw Failure(description: "only http:// URLs are supported (\(url)); reach TLS endpoints through curl")
        }
        let authority = url.dropFirst("http://".count).split(separator: "/", omittingEmptySubsequences: false)[0]
        let parts = authority.split(separator: ":")
        guard (1...2).contains(parts.count), !parts[0].isEmpty else { throw Failure(description: "bad URL \(url)") }
        host = String(parts[0])
        guard let port = parts.count == 2 ? Int(parts[1]) : 80, (1...65_535).contains(port) else {
            throw Failure(description: "bad port in \(url)")
        }
        self.port = port
    }

    func send(_ method: String, _ path: String, headers: [(String, String)], body: [UInt8]) throws -> Reply {
        let descriptor = try connect()
        defer { close(descriptor) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        try write(Array(head.utf8) + body, to: descriptor)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "reading the response failed: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            received += buffer[0..<count]
            guard received.count <= maxResponseBytes else { throw Failure(description: "the response is too large") }
        }
        return try Self.parse(received)
    }

    private func connect() throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, String(port), &hints, &list)
        guard code == 0, let first = list else {
            throw Failure(description: "cannot resolve \(host): \(String(cString: gai_strerror(code)))")
        }
        defer { freeaddrinfo(list) }
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        var lastError = "no address"
        while let info = candidate {
            candidate = info.pointee.ai_next
            let descriptor = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard descriptor >= 0 else { continue }
            var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            if Glibc.connect(descriptor, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return descriptor }
            lastError = String(cString: strerror(errno))
            close(descriptor)
        }
        throw Failure(description: "cannot connect to \(host):\(port): \(lastError)")
    }

    private func write(_ bytes: [UInt8], to descriptor: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "sending the request failed: \(String(cString: strerror(errno)))")
            }
            offset += sent
        }
    }

    /// Status line, headers, then a Content-Length, chunked or read-to-close body.
    static func parse(_ bytes: [UInt8]) throws -> Reply {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0...max(0, bytes.count - 4)).first(where: { bytes[$0..<min($0 + 4, bytes.count)].elementsEqual(separator) }),
              bytes.count >= 4 else {
            throw Failure(description: "the server closed the connection without a complete response")
        }
        // "\r\n" is one Character (a grapheme cluster) in Swift.
        let lines = String(decoding: bytes[0..<end], as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            throw Failure(description: "not an HTTP response")
        }
        var chunked = false
        for line in lines.dropFirst() {
            let pair = line.split(separator: ":", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == "transfer-encoding",
               pair[1].lowercased().contains("chunked") { chunked = true }
        }
        var body = Array(bytes[(end + 4)...])
        if chunked { body = try dechunk(body) }
        return Reply(status: status, body: body)
    }

    private static func dechunk(_ bytes: [UInt8]) throws -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = (index..<max(index, bytes.count - 1)).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }),
                  let size = Int(String(decoding: bytes[index..<lineEnd], as: UTF8.self)
                    .split(separator: ";")[0].filter { $0 != " " }, radix: 16) else {
                throw Failure(description: "bad chunked encoding")
            }
            let start = lineEnd + 2
            if size == 0 { return output }
            guard start + size <= bytes.count else { throw Failure(description: "truncated chunk") }
            output += bytes[start..<(start + size)]
            index = start + size + 2
        }
        return output
    }
}
