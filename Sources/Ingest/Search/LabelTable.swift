#if canImport(Glibc)
import Glibc
#endif
import VectorIndex

/// The part of a knowledge base's index snapshot that neither index holds: which chunk and document each label
/// stands for, and the embedding model and generation the snapshot is of.
///
/// Format (little-endian): "RAGDLBL1"; generation u64; model length u32 and UTF-8 bytes; entry count u64; per entry
/// label u64, has-vector u8, chunk id and document id (each length u16 and UTF-8 bytes); CRC-32 of everything
/// before it, u32. Every read is bounds-checked, so a damaged file is an error, never a crash.
struct LabelTable: Equatable {
    var model: String
    var generation: Int64
    var entries: [UInt64: KnowledgeIndex.Entry]

    private static let magic = Array("RAGDLBL1".utf8)

    struct Damaged: Error, CustomStringConvertible {
        var reason: String
        var description: String { "label table: \(reason)" }
    }

    func encoded() -> [UInt8] {
        var bytes = Self.magic
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        func append(text: String, wide: Bool) {
            let utf8 = Array(text.utf8)
            if wide { append(UInt32(utf8.count)) } else { append(UInt16(utf8.count)) }
            bytes.append(contentsOf: utf8)
        }
        append(UInt64(bitPattern: generation))
        append(text: model, wide: true)
        append(UInt64(entries.count))
        for (label, entry) in entries.sorted(by: { $0.key < $1.key }) {
            append(label)
            bytes.append(entry.hasVector ? 1 : 0)
            append(text: entry.chunkID, wide: false)
            append(text: entry.documentID, wide: false)
        }
        append(CRC32.checksum(bytes))
        return bytes
    }

    init(model: String, generation: Int64, entries: [UInt64: KnowledgeIndex.Entry]) {
        self.model = model
        self.generation = generation
        self.entries = entries
    }

    init(decoding bytes: [UInt8]) throws(Damaged) {
        guard bytes.count >= Self.magic.count + 4, Array(bytes.prefix(Self.magic.count)) == Self.magic else {
            throw Damaged(reason: "not a label table")
        }
        let body = bytes.count - 4
        let stored = bytes[body...].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
        guard CRC32.checksum(bytes[..<body]) == stored else { throw Damaged(reason: "checksum mismatch") }
        var offset = Self.magic.count
        func take(_ count: Int) throws(Damaged) -> ArraySlice<UInt8> {
            guard count <= body - offset else { throw Damaged(reason: "truncated") }
            defer { offset += count }
            return bytes[offset..<offset + count]
        }
        func integer<T: FixedWidthInteger>(_: T.Type) throws(Damaged) -> T {
            try take(MemoryLayout<T>.size).reversed().reduce(T(0)) { $0 << 8 | T($1) }
        }
        func text(wide: Bool) throws(Damaged) -> String {
            let count = wide ? Int(try integer(UInt32.self)) : Int(try integer(UInt16.self))
            guard let string = String(validating: try take(count), as: UTF8.self) else {
                throw Damaged(reason: "invalid UTF-8")
            }
            return string
        }
        generation = Int64(bitPattern: try integer(UInt64.self))
        model = try text(wide: true)
        let count = try integer(UInt64.self)
        // Each entry takes at least 13 bytes: a count beyond that is damage, not a reason to reserve memory.
        guard count <= UInt64((body - offset) / 13) else { throw Damaged(reason: "entry count exceeds the file") }
        entries = Dictionary(minimumCapacity: Int(count))
        for _ in 0..<count {
            let label = try integer(UInt64.self)
            let flag = try integer(UInt8.self)
            guard flag <= 1 else { throw Damaged(reason: "bad vector flag") }
            let chunkID = try text(wide: false)
            let documentID = try text(wide: false)
            guard entries.updateValue(.init(chunkID: chunkID, documentID: documentID, hasVector: flag == 1),
                                      forKey: label) == nil else { throw Damaged(reason: "duplicate label") }
        }
        guard offset == body else { throw Damaged(reason: "trailing bytes") }
    }
}
