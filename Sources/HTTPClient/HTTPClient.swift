import HTTP
import Threading

/// Outbound HTTP/1.1 (and HTTPS) for model providers: blocking calls meant for worker threads, safe to share between
/// them. Each call may retry (backoff with jitter, `Retry-After`), goes through its provider's circuit breaker, reuses
/// keep-alive connections, and polls the caller's cancellation check while it waits.
///
/// A non-2xx final response is an `http_status` error carrying the status and a body excerpt. Redirects are not
/// followed: provider APIs do not redirect POSTs, and following one could send an API key to another host.
package final class HTTPClient: Sendable {
    /// The settings in force.
    package let configuration: Configuration
    /// The per-provider circuit breakers (exposed for health reporting and tests).
    package let breakers: CircuitBreakers
    let pool: ConnectionPool
    let tls: TLSContext

    /// A client. `clock` (monotonic nanoseconds) drives the breakers and the idle timeout. Throws `tls_failed` when
    /// the configured CA file cannot be loaded, so a bad setting shows at start-up rather than at the first request.
    package init(configuration: Configuration = Configuration(),
                 clock: @escaping @Sendable () -> UInt64 = { MonotonicClock.now }) throws(HTTPClientError) {
        self.configuration = configuration
        breakers = CircuitBreakers(settings: configuration.breaker, clock: clock)
        pool = ConnectionPool(maxIdlePerKey: configuration.maxIdleConnectionsPerHost,
                              idleTimeout: MonotonicClock.nanoseconds(configuration.idleTimeout), clock: clock)
        tls = try TLSContext(caFile: configuration.caFile)
    }

    /// Sends `request` and returns the whole 2xx response.
    package func send(_ request: HTTPClientRequest,
                      options: RequestOptions = RequestOptions()) throws(HTTPClientError) -> HTTPClientResponse {
        var body: [UInt8] = []
        let head = try perform(request, options: options, streaming: false,
                               onHead: { _ in body = [] }, onBody: { body += $0 })
        return HTTPClientResponse(head: head, body: body)
    }

    /// Sends `request` and hands the 2xx body to `onBody` piece by piece as it arrives; returns the head once the
    /// body is complete. Once a piece has been delivered the call is never retried. A throw from `onBody` aborts the
    /// request and closes the connection (`consumer_failed`; an `HTTPClientError` thrown there passes unchanged).
    package func stream(_ request: HTTPClientRequest, options: RequestOptions = RequestOptions(),
                        onBody: ([UInt8]) throws -> Void) throws(HTTPClientError) -> HTTPResponseHead {
        try perform(request, options: options, streaming: true, onHead: { _ in }, onBody: onBody)
    }

    /// Idle pooled connections to `url`'s scheme, host and port.
    package func idleConnectionCount(to url: HTTPURL) -> Int {
        pool.idleCount(for: ConnectionKey(url))
    }

    /// The retry loop around single attempts, inside the breaker.
    private func perform(_ request: HTTPClientRequest, options: RequestOptions, streaming: Bool,
                         onHead: (HTTPResponseHead) -> Void,
                         onBody: ([UInt8]) throws -> Void) throws(HTTPClientError) -> HTTPResponseHead {
        let bytes = try HTTPRequestSerializer.serialize(request, userAgent: configuration.userAgent)
        let waiter = Waiter(isCancelled: options.isCancelled)
        if let key = options.breakerKey, case .reject(let retryAfter) = breakers.admit(key) {
            throw HTTPClientError(.circuitOpen, "\(key) failed repeatedly; calls are paused for another "
                                  + "\(Int(retryAfter.rounded(.up))) s.", retryAfter: retryAfter)
        }
        var exchange = Exchange(request: request, bytes: bytes, waiter: waiter, streaming: streaming)
        var attempt = 0
        while true {
            attempt += 1
            do throws(HTTPClientError) {
                if waiter.isCancelled() { throw HTTPClientError.cancelled }
                let head = try attemptOnce(&exchange, onHead: onHead, onBody: onBody)
                record(.success, options)
                return head
            } catch {
                let policy = configuration.retry
                guard !exchange.delivered, attempt < policy.maxAttempts, RetryPolicy.isRetryable(error) else {
                    record(Self.outcome(of: error), options)
                    throw error
                }
                let delay = policy.delay(afterAttempt: attempt, retryAfter: error.retryAfter,
                                         unit: Double.random(in: 0..<1))
                do {
                    try waiter.sleep(delay)
                } catch {
                    record(.neutral, options)
                    throw error
                }
            }
        }
    }

    private func record(_ outcome: CircuitBreaker.Outcome, _ options: RequestOptions) {
        if let key = options.breakerKey { breakers.record(outcome, for: key) }
    }

    /// What a failed call says about the provider's health: it is down (no connection, timeouts, 5xx), it is up
    /// (it answered 4xx), or nothing (we cancelled, it rate-limits us, our request was invalid).
    static func outcome(of error: HTTPClientError) -> CircuitBreaker.Outcome {
        switch error.kind {
        case .cancelled, .consumerFailed, .invalidURL, .invalidRequest, .circuitOpen:
            return .neutral
        case .httpStatus:
            guard let status = error.status, status != 429 else { return .neutral }
            return status >= 500 ? .failure : .success
        default:
            return .failure
        }
    }
}
