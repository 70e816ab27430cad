/// A zip archive read from memory (APPNOTE.TXT 6.3.10), as DOCX packages are (ECMA-376 Part 2, Open Packaging
/// Conventions, Annex C).
///
/// Opening reads the end-of-central-directory record (searched backwards over at most the 64 KiB comment), the
/// zip64 end records when the classic fields overflow, and every central-directory entry; each local header is
/// cross-checked against its directory entry and the entries' data ranges must be inside the archive, before the
/// directory, and disjoint — overlapping entries are how "non-recursive" zip bombs reuse one compressed blob
/// (Fifield, 2019). Unsafe names refuse the whole archive. Data is only inflated on request
/// (`data(for:budget:)`), bounded by the budget.
package struct ZipArchive: Sendable {
    /// The entries in central-directory order.
    package let entries: [ZipEntry]
    let bytes: [UInt8]
    /// Entry index by lowercased name: OPC part names compare case-insensitively (ECMA-376 Part 2 §8.1.1.2,
    /// rule M1.12).
    private let index: [String: Int]

    private static let endSignature = 0x0605_4B50
    private static let endSize = 22
    private static let zip64LocatorSignature = 0x0706_4B50
    private static let zip64LocatorSize = 20
    private static let zip64EndSignature = 0x0606_4B50
    private static let zip64EndSize = 56
    private static let directorySignature = 0x0201_4B50
    private static let directoryEntrySize = 46
    private static let localSignature = 0x0403_4B50
    private static let localHeaderSize = 30
    private static let maxCommentLength = 0xFFFF

    /// Reads the archive's directory. Throws `zip_invalid`, `zip_unsupported`, `zip_unsafe_path` or
    /// `zip_too_many_entries`.
    package init(_ bytes: [UInt8], limits: PartitionLimits = PartitionLimits()) throws(PartitionError) {
        let fields = ZipFields(bytes: bytes)
        let directory = try Self.locateDirectory(fields)
        guard directory.entryCount <= limits.maxZipEntries else {
            throw .zipTooManyEntries(directory.entryCount, limit: limits.maxZipEntries)
        }
        var entries: [ZipEntry] = []
        entries.reserveCapacity(directory.entryCount)
        var index: [String: Int] = [:]
        var position = directory.offset
        for _ in 0..<directory.entryCount {
            let (entry, next) = try Self.readEntry(fields, at: position, directory: directory)
            let key = entry.name.lowercased()
            guard index[key] == nil else { throw .zipInvalid("the entry \(entry.name.debugDescription) appears twice") }
            index[key] = entries.count
            entries.append(entry)
            position = next
        }
        try Self.checkDisjoint(entries)
        self.bytes = bytes
        self.entries = entries
        self.index = index
    }

    /// The entry called `name` (case-insensitive, without a leading "/"), if any.
    package func entry(named name: String) -> ZipEntry? {
        let key = (name.hasPrefix("/") ? String(name.dropFirst()) : name).lowercased()
        return index[key].map { entries[$0] }
    }

    // MARK: - End of central directory

    /// Where the central directory is and how many entries it holds.
    private struct Directory {
        var offset: Int
        var size: Int
        var entryCount: Int
        /// Where the end records start: directory entries and data must lie before it.
        var end: Int
    }

    private static func locateDirectory(_ fields: ZipFields) throws(PartitionError) -> Directory {
        let count = fields.bytes.count
        guard count >= endSize else { throw .zipInvalid("the file is too short to be a zip archive") }
        // APPNOTE §4.3.16: the record ends the file, followed only by its comment (at most 65,535 bytes), so the
        // search is bounded. The last signature whose comment fits is the record.
        var candidate = count - endSize
        let lowest = max(0, count - endSize - maxCommentLength)
        var found: Int?
        while candidate >= lowest {
            if fields.u32(candidate) == endSignature, candidate + endSize + fields.u16(candidate + 20) <= count {
                found = candidate
                break
            }
            candidate -= 1
        }
        guard let end = found else { throw .zipInvalid("no end-of-central-directory record (truncated?)") }
        var directory = Directory(offset: fields.u32(end + 16), size: fields.u32(end + 12),
                                  entryCount: fields.u16(end + 10), end: end)
        let disk = fields.u16(end + 4), directoryDisk = fields.u16(end + 6), entriesOnDisk = fields.u16(end + 8)
        let needsZip64 = directory.entryCount == 0xFFFF || directory.size == 0xFFFF_FFFF
            || directory.offset == 0xFFFF_FFFF
        if needsZip64 {
            directory = try zip64Directory(fields, classicEnd: end)
        } else if disk != 0 || directoryDisk != 0 || entriesOnDisk != directory.entryCount {
            throw .zipUnsupported("archives split over several disks")
        }
        guard directory.offset <= directory.end, directory.size <= directory.end - directory.offset else {
            throw .zipInvalid("the central directory lies outside the archive")
        }
        return directory
    }

    /// Reads the zip64 end record through its locator (APPNOTE §4.3.14–4.3.15), which sit just before the classic
    /// one.
    private static func zip64Directory(_ fields: ZipFields, classicEnd: Int) throws(PartitionError) -> Directory {
        let locator = classicEnd - zip64LocatorSize
        guard locator >= 0, fields.u32(locator) == zip64LocatorSignature else {
            throw .zipInvalid("the end record needs zip64 fields but has no zip64 locator")
        }
        guard fields.u32(locator + 4) == 0, fields.u32(locator + 16) <= 1 else {
            throw .zipUnsupported("archives split over several disks")
        }
        guard let record = fields.u64(locator + 8), record <= locator - zip64EndSize,
              fields.u32(record) == zip64EndSignature else {
            throw .zipInvalid("the zip64 end-of-central-directory record is missing")
        }
        guard fields.u32(record + 16) == 0, fields.u32(record + 20) == 0,
              fields.u64(record + 24) == fields.u64(record + 32) else {
            throw .zipUnsupported("archives split over several disks")
        }
        guard let count = fields.u64(record + 32), let size = fields.u64(record + 40),
              let offset = fields.u64(record + 48) else {
            throw .zipInvalid("the zip64 end record holds impossible sizes")
        }
        return Directory(offset: offset, size: size, entryCount: count, end: record)
    }

    // MARK: - Entries

    /// Reads the directory entry at `position` (APPNOTE §4.3.12) and its local header (§4.3.7); returns the entry
    /// and where the next directory entry starts.
    private static func readEntry(_ fields: ZipFields, at position: Int,
                                  directory: Directory) throws(PartitionError) -> (ZipEntry, Int) {
        let limit = directory.offset + directory.size
        guard position <= limit - directoryEntrySize, fields.u32(position) == directorySignature else {
            throw .zipInvalid("the central directory is truncated or has fewer entries than declared")
        }
        let nameLength = fields.u16(position + 28), extraLength = fields.u16(position + 30)
        let commentLength = fields.u16(position + 32)
        let nameStart = position + directoryEntrySize
        let next = nameStart + nameLength + extraLength + commentLength
        guard next <= limit else { throw .zipInvalid("a central-directory entry runs past the directory") }
        let rawName = fields.bytes[nameStart..<nameStart + nameLength]
        let name = String(decoding: rawName, as: UTF8.self)
        guard ZipEntry.isSafeName(rawName) else { throw .zipUnsafePath(name.debugDescription) }

        var uncompressed = fields.u32(position + 24), compressed = fields.u32(position + 20)
        var localOffset = fields.u32(position + 42)
        if uncompressed == 0xFFFF_FFFF || compressed == 0xFFFF_FFFF || localOffset == 0xFFFF_FFFF {
            let extra = fields.bytes[(nameStart + nameLength)..<(nameStart + nameLength + extraLength)]
            try readZip64Extra(extra, uncompressed: &uncompressed, compressed: &compressed, offset: &localOffset,
                               name: name)
        }
        let method = fields.u16(position + 10)
        let dataOffset = try localDataOffset(fields, at: localOffset, rawName: rawName, method: method, name: name)
        guard compressed <= directory.offset - dataOffset else {
            throw .zipInvalid("the data of \(name.debugDescription) runs into the central directory")
        }
        let entry = ZipEntry(name: name, method: .init(method), flags: fields.u16(position + 8),
                             crc32: UInt32(fields.u32(position + 16)), compressedSize: compressed,
                             uncompressedSize: uncompressed, localHeaderOffset: localOffset, dataOffset: dataOffset)
        return (entry, next)
    }

    /// Replaces the 32-bit fields that read 0xFFFFFFFF by their zip64 extended-information values (APPNOTE §4.5.3:
    /// present in this order, and only for the fields that overflowed).
    private static func readZip64Extra(_ extra: ArraySlice<UInt8>, uncompressed: inout Int, compressed: inout Int,
                                       offset: inout Int, name: String) throws(PartitionError) {
        let fields = ZipFields(bytes: Array(extra))
        var position = 0
        while fields.contains(position, 4) {
            let id = fields.u16(position), size = fields.u16(position + 2)
            guard fields.contains(position + 4, size) else { break }
            if id == 0x0001 {
                var cursor = position + 4
                for field in [0, 1, 2] {
                    let overflowed = [uncompressed, compressed, offset][field] == 0xFFFF_FFFF
                    guard overflowed else { continue }
                    guard cursor + 8 <= position + 4 + size, let value = fields.u64(cursor) else {
                        throw .zipInvalid("the zip64 sizes of \(name.debugDescription) are missing")
                    }
                    switch field {
                    case 0: uncompressed = value
                    case 1: compressed = value
                    default: offset = value
                    }
                    cursor += 8
                }
                return
            }
            position += 4 + size
        }
        throw .zipInvalid("the zip64 sizes of \(name.debugDescription) are missing")
    }

    /// Checks the local header against the directory entry and returns where the entry's data starts.
    private static func localDataOffset(_ fields: ZipFields, at offset: Int, rawName: ArraySlice<UInt8>, method: Int,
                                        name: String) throws(PartitionError) -> Int {
        guard fields.contains(offset, localHeaderSize), fields.u32(offset) == localSignature else {
            throw .zipInvalid("the local header of \(name.debugDescription) is missing")
        }
        let nameLength = fields.u16(offset + 26), extraLength = fields.u16(offset + 28)
        let dataOffset = offset + localHeaderSize + nameLength + extraLength
        guard fields.contains(offset + localHeaderSize, nameLength + extraLength),
              fields.bytes[(offset + localHeaderSize)..<(offset + localHeaderSize + nameLength)].elementsEqual(rawName),
              fields.u16(offset + 8) == method else {
            throw .zipInvalid("the local header of \(name.debugDescription) disagrees with the central directory")
        }
        return dataOffset
    }

    /// Refuses entries whose bytes (local header through data) overlap.
    private static func checkDisjoint(_ entries: [ZipEntry]) throws(PartitionError) {
        let ordered = entries.sorted { $0.localHeaderOffset < $1.localHeaderOffset }
        for (current, next) in zip(ordered, ordered.dropFirst())
        where current.dataOffset + current.compressedSize > next.localHeaderOffset {
            throw .zipInvalid("the entries \(current.name.debugDescription) and \(next.name.debugDescription) overlap")
        }
    }
}
