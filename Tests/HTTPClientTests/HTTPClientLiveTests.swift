import HTTP
import HTTPClient
import JSON
import Synchronization
import Testing
import TestSupport
import Threading

@Suite("HTTP client against the fake provider")
struct HTTPClientLiveTests {
    @Test func sendsAWellFormedRequest() throws {
        let server = try FakeProviderServer()
        let client = try makeClient()
        let response = try client.send(try post(server.baseURL, "/echo", "hello", headers: ["Authorization": "Bearer k"]))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "hello")
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.header("host") == "127.0.0.1:\(server.port)")
        #expect(request.header("user-agent") == "ragd/test")
        #expect(request.header("content-length") == "5")
        #expect(request.header("authorization") == "Bearer k")
    }

    @Test func refusesHeaderInjection() throws {
        let server = try FakeProviderServer()
        let client = try makeClient()
        let injected = try post(server.baseURL, "/echo", headers: ["Authorization": "Bearer k\r\nX-Evil: 1"])
        let error = failure { try client.send(injected) }
        #expect(error?.kind == .invalidRequest)
        #expect(server.requests.isEmpty)
    }

    @Test func keepAliveConnectionsAreReused() throws {
        let server = try FakeProviderServer()
        let client = try makeClient()
        for _ in 0..<3 { _ = try client.send(try post(server.baseURL, "/v1/chat/completions")) }
        #expect(server.connectionCount == 1)
        #expect(server.requests.map(\.connection) == [1, 1, 1])
        #expect(client.idleConnectionCount(to: try HTTPURL(server.baseURL)) == 1)
    }

    @Test func aStaleIdleConnectionIsRetriedOnceOnAFreshOne() throws {
        let server = try FakeProviderServer()
        let client = try makeClient { $0.retry.maxAttempts = 1 }  // the stale retry is not a policy retry
        _ = try client.send(try post(server.baseURL, "/v1/chat/completions"))
        server.enqueue(.closeIdleConnection)
        let response = try client.send(try post(server.baseURL, "/v1/chat/completions"))
        #expect(response.status == 200)
        #expect(server.connectionCount == 2)
        #expect(server.requests.map(\.connection) == [1, 1, 2])
    }

    @Test func rateLimitedThenSuccessHonoursRetryAfterUpToTheCap() throws {
        let server = try FakeProviderServer()
        let client = try makeClient { $0.retry = RetryPolicy(maxAttempts: 3, baseDelay: 0.001, maxDelay: 0.3) }
        server.enqueue(.status(429, retryAfter: 1))
        var response: HTTPClientResponse?
        let elapsed = seconds { response = try? client.send(try! post(server.baseURL, "/v1/chat/completions")) }
        #expect(response?.status == 200)
        #expect(server.requests.count == 2)
        #expect(elapsed >= 0.28, "waited for Retry-After, capped at 0.3 s")
        #expect(elapsed < 1.0, "did not wait the full second Retry-After asked for")
        _ = try #require(response)
    }

    @Test func serverErrorsExhaustTheAttempts() throws {
        let server = try FakeProviderServer()
        let client = try makeClient()
        server.enqueue(.status(500), .status(502), .status(503))
        let error = failure { try client.send(try! post(server.baseURL, "/v1/chat/completions")) }
        #expect(error?.kind == .httpStatus)
        #expect(error?.status == 503)
        #expect(error?.bodyExcerpt?.contains("fake status 503") == true)
        #expect(server.requests.count == 3)
        #expect(try client.send(try post(server.baseURL, "/v1/chat/completions")).status == 200)
    }

    @Test func clientErrorsAreNotRetried() throws {
        let server = try FakeProviderServer()
        let client = try makeClient()
        server.enqueue(.status(400))
        let error = failure { try client.send(try! post(server.baseURL, "/v1/chat/completions")) }
        #expect(error?.status == 400)
        #expect(server.requests.count == 1)
    }

    @Test func aSlowServerIsAReadTimeout() throws {
        let server = try FakeProviderServer()
        let client = try makeClient {
            $0.readTimeout = 0.2
            $0.retry.maxAttempts = 1
        }
        server.enqueue(.slow(seconds: 1))
        var error: HTTPClientError?
        let elapsed = seconds { error = failure { try client.send(try! post(server.baseURL, "/v1/chat/completions")) } }
        #expect(error?.kind == .readTimeout)
        #expect(error?.isTimeout == true)
        #expect(elapsed < 1.0, "gave up before the server's answer at 1 s")
    }

    @Test func aClosedPortIsConnectFailed() throws {
        let client = try makeClient { $0.retry.maxAttempts = 2 }
        let error = withRefusingPort { port in
            failure { try client.send(HTTPClientRequest(url: try! HTTPURL("http://127.0.0.1:\(port)/"))) }
        }
        #expect(error?.kind == .connectFailed)
        #expect(error?.message.contains("127.0.0.1") == true)
    }

    @Test func cancellationEndsAWaitWithinASlice() throws {
        let server = try FakeProviderServer()
        let client = try makeClient { $0.readTimeout = 5 }
        server.enqueue(.slow(seconds: 3))
        let start = MonotonicClock.now
        let options = RequestOptions(isCancelled: { MonotonicClock.now - start > 150_000_000 })
        var error: HTTPClientError?
        let request = try post(server.baseURL, "/v1/chat/completions")
        let elapsed = seconds { error = failure { try client.send(request, options: options) } }
        #expect(error?.kind == .cancelled)
        // Without polling the cancellation in slices the wait would last until the answer at 3 s (or the 5 s read
        // timeout); the bound is loose so a busy machine cannot fail it.
        #expect(elapsed < 1.5, "returned long before the server's answer")
        #expect(server.requests.count == 1, "cancellation is never retried")
    }

    @Test func streamsServerSentEventsAsTheyArrive() throws {
        let server = try FakeProviderServer()
        let client = try makeClient()
        var events: [ServerSentEvent] = []
        let head = try client.streamEvents(try post(server.baseURL, "/v1/chat/completions", #"{"stream": true}"#)) {
            events.append($0)
        }
        #expect(head.headers["content-type"] == "text/event-stream")
        #expect(events.last?.data == "[DONE]")
        let pieces = events.compactMap { JSONParser.parse($0.data)?["choices"]?.at(0)?["delta"]?["content"] }
            .compactMap { if case .string(let text) = $0 { text } else { nil } }
        #expect(pieces.joined() == FakeProviderServer.defaultReply)
    }

    @Test func aDisconnectMidStreamIsAnErrorNotAHang() throws {
        let server = try FakeProviderServer()
        let client = try makeClient()
        server.enqueue(.disconnect)
        var received = 0
        let error = failure {
            try client.streamEvents(try! post(server.baseURL, "/v1/chat/completions", #"{"stream": true}"#)) { _ in
                received += 1
            }
        }
        #expect(error?.kind == .connectionClosed)
        #expect(received == 2)
        #expect(server.requests.count == 1, "a stream that delivered data is never retried")
    }

    @Test func aBufferedResponseCutShortIsRetried() throws {
        let server = try FakeProviderServer()
        let client = try makeClient()
        server.enqueue(.disconnect)
        let response = try client.send(try post(server.baseURL, "/v1/chat/completions"))
        #expect(response.json?["choices"]?.at(0)?["message"]?["content"] == .string(FakeProviderServer.defaultReply))
        #expect(server.requests.count == 2)
    }

    @Test func aThrowingConsumerAbortsTheUpstreamRequest() throws {
        struct Stop: Error {}
        let server = try FakeProviderServer()
        let client = try makeClient()
        server.enqueue(.slow(seconds: 0.05))
        let error = failure {
            try client.stream(try! post(server.baseURL, "/v1/chat/completions", #"{"stream": true}"#)) { _ in throw Stop() }
        }
        #expect(error?.kind == .consumerFailed)
        #expect(eventually(2) { server.abandonedStreams == 1 }, "the server saw the client go")
        #expect(server.requests.count == 1)
    }

    @Test func oversizedResponsesAreRefused() throws {
        let server = try FakeProviderServer()
        let client = try makeClient { $0.limits.maxBodyBytes = 100 }
        let error = failure { try client.send(try! post(server.baseURL, "/echo", String(repeating: "x", count: 200))) }
        #expect(error?.kind == .responseTooLarge)
    }

    @Test func anOpenBreakerFailsFastWithoutCallingTheServer() throws {
        let server = try FakeProviderServer()
        let client = try makeClient {
            $0.retry.maxAttempts = 1
            $0.breaker = CircuitBreaker.Settings(failureThreshold: 2, coolDown: 60)
        }
        let options = RequestOptions(breakerKey: "fake")
        server.enqueue(.status(500), .status(500))
        for _ in 0..<2 {
            #expect(failure { try client.send(try! post(server.baseURL, "/echo"), options: options) }?.status == 500)
        }
        let error = failure { try client.send(try! post(server.baseURL, "/echo"), options: options) }
        #expect(error?.kind == .circuitOpen)
        #expect(server.requests.count == 2)
        #expect(try client.send(try post(server.baseURL, "/echo")).status == 200, "calls without the key still pass")
    }
}
