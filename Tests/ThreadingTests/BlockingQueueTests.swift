import Testing
import Threading

@Suite struct BlockingQueueTests {
    @Test func keepsOrderAndRefusesWhenFull() {
        let queue = BlockingQueue<Int>(capacity: 2)
        #expect(queue.tryPush(1))
        #expect(queue.tryPush(2))
        #expect(!queue.tryPush(3))
        #expect(queue.pop() == 1)
        #expect(queue.tryPush(3))
        #expect(queue.pop() == 2)
        #expect(queue.pop() == 3)
        #expect(queue.count == 0)
    }

    @Test func closeDrainsThenReturnsNil() {
        let queue = BlockingQueue<String>(capacity: 4)
        #expect(queue.tryPush("a"))
        queue.close()
        #expect(!queue.tryPush("b"))
        #expect(!queue.push("c"))
        #expect(queue.pop() == "a")
        #expect(queue.pop() == nil)
    }

    @Test func timedPopGivesUp() {
        let queue = BlockingQueue<Int>(capacity: 1)
        let start = MonotonicClock.now
        #expect(queue.pop(until: start + 20_000_000) == nil)
        #expect(MonotonicClock.now - start >= 20_000_000)
    }

    @Test func producersAndConsumersAcrossThreadsLoseNothing() {
        let queue = BlockingQueue<Int>(capacity: 8)
        let perProducer = 5_000
        let producers = (0..<3).map { p in
            OSThread.spawn(name: "producer-\(p)") {
                for i in 0..<perProducer { _ = queue.push(p * perProducer + i) }
            }
        }
        let results = BlockingQueue<Int>(capacity: 4)
        let consumers = (0..<2).map { c in
            OSThread.spawn(name: "consumer-\(c)") {
                var sum = 0
                while let value = queue.pop() { sum += value }
                _ = results.push(sum)
            }
        }
        producers.forEach { $0.join() }
        queue.close()
        consumers.forEach { $0.join() }
        let total = (results.pop() ?? 0) + (results.pop() ?? 0)
        let n = 3 * perProducer
        #expect(total == n * (n - 1) / 2)
    }

    @Test func blockedProducerWakesWhenConsumerMakesRoom() {
        let queue = BlockingQueue<Int>(capacity: 1)
        #expect(queue.tryPush(1))
        let producer = OSThread.spawn(name: "producer") { _ = queue.push(2) }
        #expect(queue.pop() == 1)
        #expect(queue.pop() == 2)
        producer.join()
    }
}
