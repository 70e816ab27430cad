import HTTPClient
import Testing
import TestSupport

@Suite("TLS", .enabled(if: SelfSignedCertificate.isAvailable, "needs the openssl tool to make a certificate"))
struct TLSTests {
    @Test func anUntrustedCertificateIsRejectedNamingTheHost() throws {
        let certificate = try SelfSignedCertificate()
        let server = try FakeProviderServer(certificate: certificate)
        let client = try makeClient { $0.retry.maxAttempts = 1 }
        let error = failure { try client.send(try! post(server.baseURL, "/echo", "x")) }
        #expect(error?.kind == .certificateInvalid)
        #expect(error?.message.contains("127.0.0.1") == true)
        #expect(server.requests.isEmpty)
    }

    @Test func theCertificateAsCAFileIsTrustedByAddressAndByName() throws {
        let certificate = try SelfSignedCertificate()
        let server = try FakeProviderServer(certificate: certificate)
        let client = try makeClient { $0.caFile = certificate.certificateFile }
        for base in [server.baseURL, "https://localhost:\(server.port)"] {
            let response = try client.send(try post(base, "/echo", "over tls"))
            #expect(String(decoding: response.body, as: UTF8.self) == "over tls")
        }
        _ = try client.send(try post(server.baseURL, "/echo", "again"))
        #expect(server.connectionCount == 2, "one connection per host name, each reused")
        var events: [ServerSentEvent] = []
        _ = try client.streamEvents(try post(server.baseURL, "/v1/chat/completions", #"{"stream": true}"#)) {
            events.append($0)
        }
        #expect(events.last?.data == "[DONE]")
    }

    @Test func aCertificateForAnotherHostIsRejected() throws {
        let certificate = try SelfSignedCertificate(names: ["DNS:other.example"])
        let server = try FakeProviderServer(certificate: certificate)
        let client = try makeClient {
            $0.caFile = certificate.certificateFile
            $0.retry.maxAttempts = 1
        }
        for host in ["127.0.0.1", "localhost"] {
            let error = failure { try client.send(try! post("https://\(host):\(server.port)", "/echo")) }
            #expect(error?.kind == .certificateInvalid, "\(host)")
            #expect(error?.message.contains(host) == true)
        }
        #expect(server.requests.isEmpty)
    }

    @Test func anUnreadableCAFileFailsAtConstruction() {
        do {
            _ = try makeClient { $0.caFile = "/nonexistent/ca.pem" }
            Issue.record("the client accepted a missing CA file")
        } catch {
            #expect((error as? HTTPClientError)?.kind == .tlsFailed)
        }
    }
}
