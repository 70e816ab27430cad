import Synchronization
import Testing
import Threading

@Suite struct OSThreadTests {
    /// The nice value a thread spawned at `priority` runs with, read from inside it.
    private func nice(of priority: ThreadPriority) -> Int32 {
        let seen = Atomic<Int32>(Int32.min)
        let thread = OSThread.spawn(name: "nice-probe", priority: priority) {
            seen.store(OSThread.currentNice, ordering: .releasing)
        }
        thread.join()
        return seen.load(ordering: .acquiring)
    }

    @Test func backgroundThreadsRunTenNiceStepsBelowTheirParent() {
        let parent = OSThread.currentNice
        #expect(nice(of: .normal) == parent)
        #expect(nice(of: .background) == min(19, parent + 10))
        // Lowering one thread leaves the rest of the process where it was.
        #expect(OSThread.currentNice == parent)
        #expect(nice(of: .normal) == parent)
    }
}
