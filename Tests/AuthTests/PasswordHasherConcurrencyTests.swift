import Synchronization
import Testing
import TestSupport
import Threading
@testable import Auth

@Suite struct PasswordHasherConcurrencyTests {
    /// 8 threads × 6 hashes through 2 slots: `running` sampled throughout never exceeds 2, and everyone gets through.
    @Test func runningNeverExceedsTheCap() {
        let hasher = PasswordHasher(parameters: Argon2Parameters(memoryKiB: 4096, iterations: 2), maxConcurrent: 2,
                                    maxWaiting: 100)
        let done = Atomic<Int>(0)
        let succeeded = Atomic<Int>(0)
        let threads = (0..<8).map { index in
            OSThreadHandle {
                for round in 0..<6 {
                    if (try? hasher.hash("password \(index) \(round)")) != nil { succeeded.add(1, ordering: .relaxed) }
                }
                done.add(1, ordering: .relaxed)
            }
        }
        var peakRunning = 0
        var peakWaiting = 0
        while done.load(ordering: .relaxed) < 8 {
            peakRunning = max(peakRunning, hasher.running)
            peakWaiting = max(peakWaiting, hasher.waiting)
        }
        threads.forEach { $0.join() }
        #expect(peakRunning <= 2)
        #expect(peakRunning >= 1)
        #expect(peakWaiting <= 6)
        #expect(succeeded.load(ordering: .relaxed) == 48)
        #expect(hasher.running == 0 && hasher.waiting == 0)
    }

    /// With every slot busy and no room to wait, a hash is refused at once.
    @Test func overloadedWhenTheWaitingLineIsFull() throws {
        // ~0.2 s per hash: ample time to observe it running and be refused meanwhile.
        let hasher = PasswordHasher(parameters: Argon2Parameters(memoryKiB: 65_536, iterations: 3), maxConcurrent: 1,
                                    maxWaiting: 0)
        let busy = OSThreadHandle { _ = try? hasher.hash("a slow password") }
        #expect(eventually { hasher.running == 1 })
        #expect(throws: PasswordError.overloaded) { try hasher.hash("another password") }
        #expect(throws: PasswordError.overloaded) { try hasher.verifyDummy("another password") }
        busy.join()
        #expect(throws: Never.self) { try hasher.hash("another password") }
    }

    /// Slots with a blocking body: one runs, `maxWaiting` wait, the next is refused; all waiters get their turn.
    @Test func slotsAdmitRunQueueAndRefuse() throws {
        let slots = HashingSlots(capacity: 1, maxWaiting: 2)
        let gate = Gate()
        let finished = Atomic<Int>(0)
        let holder = OSThreadHandle {
            _ = try? slots.withSlot { () throws(PasswordError) in gate.wait() }
            finished.add(1, ordering: .relaxed)
        }
        #expect(eventually { slots.running == 1 })
        let waiters = (0..<2).map { _ in
            OSThreadHandle {
                _ = try? slots.withSlot { () throws(PasswordError) in gate.wait() }
                finished.add(1, ordering: .relaxed)
            }
        }
        #expect(eventually { slots.waiting == 2 })
        #expect(throws: PasswordError.overloaded) { try slots.withSlot { () throws(PasswordError) in () } }
        #expect(slots.running == 1)
        gate.open(3)
        holder.join()
        waiters.forEach { $0.join() }
        #expect(finished.load(ordering: .relaxed) == 3)
        #expect(slots.running == 0 && slots.waiting == 0)
    }

    /// Many threads against a small line: every call either completes or is refused, and refusals do happen.
    @Test func excessCallersAreRefused() {
        let hasher = PasswordHasher(parameters: Argon2Parameters(memoryKiB: 32_768, iterations: 3), maxConcurrent: 1,
                                    maxWaiting: 1)
        let gate = Gate()
        let succeeded = Atomic<Int>(0)
        let refused = Atomic<Int>(0)
        let threads = (0..<10).map { index in
            OSThreadHandle {
                gate.wait()
                do throws(PasswordError) {
                    _ = try hasher.hash("password \(index)")
                    succeeded.add(1, ordering: .relaxed)
                } catch {
                    if error == .overloaded { refused.add(1, ordering: .relaxed) }
                }
            }
        }
        gate.open(10)
        threads.forEach { $0.join() }
        #expect(succeeded.load(ordering: .relaxed) + refused.load(ordering: .relaxed) == 10)
        #expect(succeeded.load(ordering: .relaxed) >= 1)
        #expect(refused.load(ordering: .relaxed) >= 1)
    }
}
