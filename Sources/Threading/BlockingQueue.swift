/// A bounded first-in-first-out queue shared between threads: producers either fail fast (`tryPush`, for load
/// shedding) or wait for room (`push`); consumers wait for an element. Closing wakes everyone; a closed queue still
/// hands out what it holds, then returns nil.
package final class BlockingQueue<Element>: @unchecked Sendable {
    private let lock = ConditionLock(conditions: 2)
    private static var notEmpty: Int { 0 }
    private static var notFull: Int { 1 }
    private var ring: [Element?]
    private var head = 0
    private var storedCount = 0
    private var closed = false

    /// The most elements the queue holds at once.
    package let capacity: Int

    /// Creates an empty queue holding at most `capacity` (≥ 1) elements.
    package init(capacity: Int) {
        precondition(capacity >= 1, "queue capacity must be at least 1")
        self.capacity = capacity
        self.ring = Array(repeating: nil, count: capacity)
    }

    /// The number of queued elements right now.
    package var count: Int { lock.withLock { storedCount } }

    /// Whether `close()` has been called.
    package var isClosed: Bool { lock.withLock { closed } }

    /// Appends `element` unless the queue is full or closed; never blocks.
    package func tryPush(_ element: Element) -> Bool {
        lock.withLock {
            guard !closed, storedCount < capacity else { return false }
            append(element)
            return true
        }
    }

    /// Appends `element`, waiting while the queue is full; false if the queue is (or becomes) closed.
    package func push(_ element: Element) -> Bool {
        lock.withLock {
            while !closed && storedCount == capacity { lock.wait(on: Self.notFull) }
            guard !closed else { return false }
            append(element)
            return true
        }
    }

    /// Removes the oldest element, waiting while the queue is empty; nil once the queue is closed and drained.
    package func pop() -> Element? {
        lock.withLock {
            while storedCount == 0 && !closed { lock.wait(on: Self.notEmpty) }
            return storedCount == 0 ? nil : removeFirst()
        }
    }

    /// Like `pop()` but gives up at the monotonic `deadline` (nanoseconds) and returns nil.
    package func pop(until deadline: UInt64) -> Element? {
        lock.withLock {
            while storedCount == 0 && !closed {
                if !lock.wait(on: Self.notEmpty, until: deadline) { break }
            }
            return storedCount == 0 ? nil : removeFirst()
        }
    }

    /// Refuses further pushes and wakes every waiting producer and consumer.
    package func close() {
        lock.withLock {
            closed = true
            lock.broadcast(Self.notEmpty)
            lock.broadcast(Self.notFull)
        }
    }

    private func append(_ element: Element) {
        ring[(head + storedCount) % capacity] = element
        storedCount += 1
        lock.signal(Self.notEmpty)
    }

    private func removeFirst() -> Element {
        let element = ring[head].take()!
        head = (head + 1) % capacity
        storedCount -= 1
        lock.signal(Self.notFull)
        return element
    }
}
