import Testing
@testable import VectorIndex

@Suite struct CRC32Tests {
    @Test func matchesTheStandardCheckValues() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)  // the CRC-32/ISO-HDLC check value
        #expect(CRC32.checksum([]) == 0)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
    }

    @Test func incrementalUpdatesEqualOneShot() {
        var random = SplitMix64(seed: 9)
        let bytes = (0..<1_037).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        for split in [0, 1, 7, 8, 9, 500, 1_036, 1_037] {
            var crc = CRC32()
            bytes[..<split].withUnsafeBytes { crc.update($0) }
            bytes[split...].withUnsafeBytes { crc.update($0) }
            #expect(crc.value == CRC32.checksum(bytes), "split at \(split)")
        }
    }
}
