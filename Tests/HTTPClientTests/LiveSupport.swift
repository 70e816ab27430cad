#if canImport(Glibc)
import Glibc
#endif
import HTTP
import HTTPClient
import JSON
import Testing
import Threading

/// The `HTTPClientError` `body` threw, or nil when it returned (any other error is a test failure).
func failure<T>(_ body: () throws -> T) -> HTTPClientError? {
    do {
        _ = try body()
        return nil
    } catch let error as HTTPClientError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

extension JSONValue {
    /// The element at `index` of an array.
    func at(_ index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }
}

/// A client with test-sized timeouts and near-instant backoff, adjusted by `adjust`.
func makeClient(_ adjust: (inout HTTPClient.Configuration) -> Void = { _ in }) throws -> HTTPClient {
    var configuration = HTTPClient.Configuration(connectTimeout: 1, readTimeout: 2,
                                                 retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.005, maxDelay: 0.02),
                                                 userAgent: "ragd/test")
    adjust(&configuration)
    return try HTTPClient(configuration: configuration)
}

/// A POST of `body` to `path` under `base`.
func post(_ base: String, _ path: String, _ body: String = "{}", headers: HTTPHeaders = [:]) throws -> HTTPClientRequest {
    var fields = headers
    fields.add("Content-Type", "application/json")
    return HTTPClientRequest(method: .post, url: try HTTPURL(base + path), headers: fields, body: Array(body.utf8))
}

/// Seconds `body` took.
func seconds(_ body: () -> Void) -> Double {
    let start = MonotonicClock.now
    body()
    return Double(MonotonicClock.now - start) / 1e9
}

/// Runs `body` with a TCP port on 127.0.0.1 that refuses connections: bound but not listening, and held for the
/// duration so no other test can take it meanwhile.
func withRefusingPort<T>(_ body: (Int) throws -> T) rethrows -> T {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    return try body(Int(UInt16(bigEndian: address.sin_port)))
}
