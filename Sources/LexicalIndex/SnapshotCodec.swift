/// The snapshot format, version 1 (all integers little-endian; varints are LEB128):
///
///     magic "RAGDBM25" · format version u32 · file length u64          ← fixed forever, read first
///     analyzer rules version u32 · analyzer flags u32 · max token bytes u32 · k1 f32 · b f32
///     document count u32 · term count u32
///     documents: (label u64 · length u32) × document count, in slot order
///     terms: (key length varint · key · posting count varint · (slot delta varint · frequency varint) × count)
///     CRC-32 u32 of everything before it
///
/// Only live documents are written, renumbered densely, so a loaded index starts compacted. Slots are delta-coded
/// (the first absolute, then ≥ 1). Loading checks, in order: magic, version, length (truncation), checksum, then
/// every structural rule, so any damaged or crafted file becomes a `SnapshotError`.
enum SnapshotCodec {
    static let magic: [UInt8] = Array("RAGDBM25".utf8)
    static let formatVersion: UInt32 = 1
    /// Magic, version and file length.
    static let fixedHeaderBytes = 8 + 4 + 8
    private static let checksumBytes = 4
    /// The smallest valid file: the fixed header, the 7 fields of the rest of the header, the checksum.
    private static let minimumBytes = fixedHeaderBytes + 7 * 4 + checksumBytes
    /// A document record: label u64 and length u32.
    private static let documentRecordBytes = 12
    /// The least a term can take: a 1-byte length, a 1-byte key, a count and one posting of two 1-byte varints.
    private static let minimumTermBytes = 5

    private enum Flag: UInt32, CaseIterable {
        case foldAccents = 1, removeStopWords = 2, stemEnglish = 4, catenateCompounds = 8
    }

    /// The snapshot of `storage`'s live documents.
    static func encode(options: AnalyzerOptions, parameters: BM25Parameters, storage: IndexStorage) -> [UInt8] {
        var writer = ByteWriter()
        magic.withUnsafeBufferPointer { writer.append($0) }
        writer.append(formatVersion)
        writer.append(UInt64(0))  // file length, patched below
        writer.append(Analyzer.rulesVersion)
        writer.append(flags(of: options))
        writer.append(UInt32(options.maxTokenBytes))
        writer.append(parameters.k1.bitPattern)
        writer.append(parameters.b.bitPattern)

        var ordinals = [UInt32](repeating: IndexStorage.deadSlot, count: storage.labels.count)
        var liveCount: UInt32 = 0
        for slot in storage.labels.indices where storage.isLive[slot] {
            ordinals[slot] = liveCount
            liveCount += 1
        }
        let liveTerms = storage.postings.indices.filter { storage.postings[$0].liveCount > 0 }
        writer.append(liveCount)
        writer.append(UInt32(liveTerms.count))
        for slot in storage.labels.indices where storage.isLive[slot] {
            writer.append(storage.labels[slot])
            writer.append(storage.lengths[slot])
        }
        for id in liveTerms {
            storage.terms.withKey(Int32(id)) { key in
                writer.appendVarint(UInt32(key.count))
                writer.append(key)
            }
            let postings = storage.postings[id]
            writer.appendVarint(UInt32(postings.liveCount))
            var previous: UInt32?
            for index in 0..<postings.count where ordinals[Int(postings.slots[index])] != IndexStorage.deadSlot {
                let ordinal = ordinals[Int(postings.slots[index])]
                writer.appendVarint(ordinal - (previous ?? 0))
                writer.appendVarint(postings.frequencies[index])
                previous = ordinal
            }
        }
        writer.patch(UInt64(writer.bytes.count + checksumBytes), at: magic.count + 4)
        writer.append(writer.bytes.withUnsafeBufferPointer { CRC32.checksum($0) })
        return writer.bytes
    }

    private static func flags(of options: AnalyzerOptions) -> UInt32 {
        (options.foldAccents ? Flag.foldAccents.rawValue : 0)
            | (options.removeStopWords ? Flag.removeStopWords.rawValue : 0)
            | (options.stemEnglish ? Flag.stemEnglish.rawValue : 0)
            | (options.catenateCompounds ? Flag.catenateCompounds.rawValue : 0)
    }

    /// The options, parameters and data of a snapshot.
    static func decode(_ bytes: [UInt8]) throws(SnapshotError)
        -> (options: AnalyzerOptions, parameters: BM25Parameters, storage: IndexStorage) {
        var reader = try checkedBody(bytes)
        let rulesVersion = try reader.readUInt32()
        guard rulesVersion == Analyzer.rulesVersion else {
            throw .analyzerChanged(stored: rulesVersion, current: Analyzer.rulesVersion)
        }
        let options = try readOptions(&reader)
        let k1 = Float(bitPattern: try reader.readUInt32())
        let b = Float(bitPattern: try reader.readUInt32())
        guard BM25Parameters.k1Limits.contains(k1), BM25Parameters.bLimits.contains(b) else {
            throw .corrupt("BM25 parameters out of range")
        }
        var storage = IndexStorage()
        let documentCount = Int(try reader.readUInt32())
        let termCount = Int(try reader.readUInt32())
        guard documentCount <= reader.remaining / documentRecordBytes else {
            throw .corrupt("document count too large")
        }
        try readDocuments(documentCount, &reader, into: &storage)
        guard termCount <= reader.remaining / minimumTermBytes else { throw .corrupt("term count too large") }
        for _ in 0..<termCount { try readTerm(&reader, into: &storage) }
        guard reader.remaining == 0 else { throw .corrupt("\(reader.remaining) unread bytes after the terms") }
        storage.rebuildSlotTerms()
        return (options, BM25Parameters(k1: k1, b: b), storage)
    }

    /// A reader of the part after the fixed header and before the checksum, once magic, version, length and checksum
    /// have been checked.
    private static func checkedBody(_ bytes: [UInt8]) throws(SnapshotError) -> ByteReader {
        guard bytes.count >= magic.count, bytes[..<magic.count].elementsEqual(magic) else {
            if bytes.count < magic.count && magic.starts(with: bytes) {
                throw .truncated(expectedBytes: UInt64(minimumBytes), actualBytes: UInt64(bytes.count))
            }
            throw .notASnapshot
        }
        guard bytes.count >= fixedHeaderBytes else {
            throw .truncated(expectedBytes: UInt64(minimumBytes), actualBytes: UInt64(bytes.count))
        }
        var header = ByteReader(bytes, magic.count..<fixedHeaderBytes)
        let version = try header.readUInt32()
        guard version == formatVersion else { throw .unsupportedVersion(version) }
        let declaredLength = try header.readUInt64()
        guard declaredLength >= UInt64(minimumBytes) else { throw .corrupt("declared length \(declaredLength)") }
        guard UInt64(bytes.count) >= declaredLength else {
            throw .truncated(expectedBytes: declaredLength, actualBytes: UInt64(bytes.count))
        }
        guard UInt64(bytes.count) == declaredLength else { throw .corrupt("bytes after the declared end") }
        let bodyEnd = bytes.count - checksumBytes
        var trailer = ByteReader(bytes, bodyEnd..<bytes.count)
        let stored = try trailer.readUInt32()
        let computed = CRC32.checksum(bytes, 0..<bodyEnd)
        guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
        return ByteReader(bytes, fixedHeaderBytes..<bodyEnd)
    }

    private static func readOptions(_ reader: inout ByteReader) throws(SnapshotError) -> AnalyzerOptions {
        let flags = try reader.readUInt32()
        let known = Flag.allCases.reduce(0) { $0 | $1.rawValue }
        guard flags & ~known == 0 else { throw .corrupt("unknown analyzer flags \(flags)") }
        let maxTokenBytes = Int(try reader.readUInt32())
        guard AnalyzerOptions.maxTokenBytesLimits.contains(maxTokenBytes) else {
            throw .corrupt("max token bytes \(maxTokenBytes)")
        }
        return AnalyzerOptions(foldAccents: flags & Flag.foldAccents.rawValue != 0,
                               removeStopWords: flags & Flag.removeStopWords.rawValue != 0,
                               stemEnglish: flags & Flag.stemEnglish.rawValue != 0,
                               catenateCompounds: flags & Flag.catenateCompounds.rawValue != 0,
                               maxTokenBytes: maxTokenBytes)
    }

    private static func readDocuments(_ count: Int, _ reader: inout ByteReader,
                                      into storage: inout IndexStorage) throws(SnapshotError) {
        storage.labels.reserveCapacity(count)
        storage.lengths.reserveCapacity(count)
        for slot in 0..<count {
            let label = try reader.readUInt64()
            let length = try reader.readUInt32()
            guard storage.slotByLabel.updateValue(UInt32(slot), forKey: label) == nil else {
                throw .corrupt("label \(label) stored twice")
            }
            storage.labels.append(label)
            storage.lengths.append(length)
            storage.totalLength += UInt64(length)
        }
        storage.isLive = Array(repeating: true, count: count)
        storage.liveCount = count
    }

    private static func readTerm(_ reader: inout ByteReader, into storage: inout IndexStorage) throws(SnapshotError) {
        let keyLength = Int(try reader.readVarint())
        guard (1...AnalyzerOptions.maxTokenBytesLimits.upperBound).contains(keyLength) else {
            throw .corrupt("term of \(keyLength) bytes")
        }
        let inserted = try reader.read(keyLength) { storage.terms.insert($0).inserted }
        guard inserted else { throw .corrupt("term stored twice") }
        let count = Int(try reader.readVarint())
        guard (1...storage.labels.count).contains(count) else { throw .corrupt("term with \(count) postings") }
        let postings = PostingList(capacity: count)
        var slot = -1
        for _ in 0..<count {
            let delta = Int(try reader.readVarint())
            guard slot < 0 || delta >= 1 else { throw .corrupt("postings out of order") }
            slot = max(slot, 0) + delta
            guard slot < storage.labels.count else { throw .corrupt("posting for missing document \(slot)") }
            let frequency = try reader.readVarint()
            guard frequency >= 1 else { throw .corrupt("posting with frequency 0") }
            postings.append(slot: UInt32(slot), frequency: frequency, length: storage.lengths[slot])
        }
        storage.postings.append(postings)
    }
}
