import Synchronization

extension Atomic where Value == UInt64 {
    /// Adds to the `Double` whose bit pattern this atomic holds. There is no atomic floating-point add on x86-64 or
    /// arm64, so retry a compare-and-swap; relaxed ordering suffices because nothing else is published with the value.
    func add(_ amount: Double) {
        var current = load(ordering: .relaxed)
        while true {
            let next = (Double(bitPattern: current) + amount).bitPattern
            let (exchanged, original) = compareExchange(expected: current, desired: next, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}
