import Server
import Testing

@Suite("Connection timeouts with a made-up clock")
struct ConnectionTimersTests {
    let second: UInt64 = 1_000_000_000
    var configuration: ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.headerTimeout = 10
        configuration.keepAliveTimeout = 75
        configuration.requestTimeout = 300
        configuration.minBodyBytesPerSecond = 1000
        configuration.bodyRateGracePeriod = 10
        configuration.writeTimeout = 60
        return configuration
    }

    @Test func newConnectionMustSendWithinHeaderTimeout() {
        let timers = ConnectionTimers(now: 100 * second)
        #expect(timers.verdict(at: 109 * second, activity: .waiting(servedAny: false), pendingOutput: false,
                               configuration: configuration) == .none)
        #expect(timers.verdict(at: 111 * second, activity: .waiting(servedAny: false), pendingOutput: false,
                               configuration: configuration) == .close)
    }

    @Test func keptAliveConnectionGetsIdleTimeout() {
        let timers = ConnectionTimers(now: 0)
        #expect(timers.verdict(at: 70 * second, activity: .waiting(servedAny: true), pendingOutput: false,
                               configuration: configuration) == .none)
        #expect(timers.verdict(at: 76 * second, activity: .waiting(servedAny: true), pendingOutput: false,
                               configuration: configuration) == .close)
    }

    @Test func slowHeadIsA408() {
        var timers = ConnectionTimers(now: 0)
        timers.requestStartedAt = 5 * second
        #expect(timers.verdict(at: 14 * second, activity: .readingHead, pendingOutput: false,
                               configuration: configuration) == .none)
        #expect(timers.verdict(at: 16 * second, activity: .readingHead, pendingOutput: false,
                               configuration: configuration) == .requestTimeout)
    }

    @Test func bodyRateAppliesAfterGrace() {
        var timers = ConnectionTimers(now: 0)
        timers.requestStartedAt = 0
        timers.bodyStartedAt = 0
        timers.bodyBytes = 5_000
        // 5,000 bytes in 9 s is slow, but the grace period covers it.
        #expect(timers.verdict(at: 9 * second, activity: .readingBody, pendingOutput: false,
                               configuration: configuration) == .none)
        // In 20 s it is 250 B/s < 1,000 B/s.
        #expect(timers.verdict(at: 20 * second, activity: .readingBody, pendingOutput: false,
                               configuration: configuration) == .requestTimeout)
        timers.bodyBytes = 50_000
        #expect(timers.verdict(at: 20 * second, activity: .readingBody, pendingOutput: false,
                               configuration: configuration) == .none)
    }

    @Test func wholeRequestIsBounded() {
        var timers = ConnectionTimers(now: 0)
        timers.bodyBytes = 10_000_000_000
        #expect(timers.verdict(at: 301 * second, activity: .readingBody, pendingOutput: false,
                               configuration: configuration) == .requestTimeout)
    }

    @Test func handlerTimeIsNotTheClientsFault() {
        let timers = ConnectionTimers(now: 0)
        #expect(timers.verdict(at: 10_000 * second, activity: .handling, pendingOutput: false,
                               configuration: configuration) == .none)
    }

    @Test func clientThatStopsReadingIsClosed() {
        var timers = ConnectionTimers(now: 0)
        timers.lastWriteProgress = 10 * second
        #expect(timers.verdict(at: 69 * second, activity: .writing, pendingOutput: true,
                               configuration: configuration) == .none)
        #expect(timers.verdict(at: 71 * second, activity: .writing, pendingOutput: true,
                               configuration: configuration) == .close)
        #expect(timers.verdict(at: 71 * second, activity: .writing, pendingOutput: false,
                               configuration: configuration) == .none)
    }

    @Test func lingerEnds() {
        var timers = ConnectionTimers(now: 0)
        timers.lingerDeadline = 2 * second
        #expect(timers.verdict(at: second, activity: .lingering, pendingOutput: false, configuration: configuration) == .none)
        #expect(timers.verdict(at: 2 * second, activity: .lingering, pendingOutput: false, configuration: configuration) == .close)
    }
}
