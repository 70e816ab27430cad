import Testing
import TestSupport
@testable import Auth

@Suite struct ClockTests {
    @Test func manualClockMovesOnlyWhenTold() {
        let clock = ManualClock()
        #expect(clock.now() == 1_800_000_000)
        clock.advance(by: 1.5)
        #expect(clock.now() == 1_800_000_001.5)
        clock.set(42)
        #expect(clock.now() == 42)
    }

    @Test func manualClockIsThreadSafe() {
        let clock = ManualClock(0)
        let threads = (0..<4).map { _ in OSThreadHandle { for _ in 0..<10_000 { clock.advance(by: 1) } } }
        threads.forEach { $0.join() }
        #expect(clock.now() == 40_000)
    }

    @Test func clocksAreInterchangeable() {
        // `Clock` names the Auth protocol here, not the standard library's `Clock`: callers can write `any Clock`.
        let clocks: [any Clock] = [SystemClock(), ManualClock(0)]
        #expect(clocks[0].now() > clocks[1].now())
    }

    @Test func systemClockIsWallTime() {
        let now = SystemClock().now()
        // After 2024-01-01 and before 2100: a wall clock in Unix seconds, not a monotonic one.
        #expect(now > 1_704_067_200 && now < 4_102_444_800)
    }
}
