/// Charges a decoder's output against the document budget as it grows, so a bomb stops within 64 KiB of crossing a
/// limit instead of after it has filled memory: the total (`maxDecompressedBytes`) and, once a stream's output passes
/// 1 MiB, its expansion ratio (`maxCompressionRatio`).
struct DecodeMeter {
    private let budget: PartitionBudget
    private let inputCount: Int
    private var charged = 0
    /// Output size at which the next charge is due.
    private(set) var nextCharge = Self.step

    private static let step = 64 * 1024
    private static let ratioFloor = 1024 * 1024

    init(budget: PartitionBudget, inputCount: Int) {
        self.budget = budget
        self.inputCount = max(1, inputCount)
    }

    /// Charges the output produced so far (`total` bytes). Cheap to call often: it works only every 64 KiB.
    @inline(__always)
    mutating func charge(_ total: Int) throws(PartitionError) {
        if total >= nextCharge { try chargeNow(total) }
    }

    /// Charges `total` regardless of the step (call once at the end).
    mutating func chargeNow(_ total: Int) throws(PartitionError) {
        try budget.consumeDecompressed(total - charged)
        charged = total
        nextCharge = total + Self.step
        let ratio = Double(total) / Double(inputCount)
        if total > Self.ratioFloor, ratio > budget.limits.maxCompressionRatio {
            throw .decompressionLimit("a stream expands \(Int(ratio))-fold")
        }
        try budget.check()
    }
}
