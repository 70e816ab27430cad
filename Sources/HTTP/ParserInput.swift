#if canImport(Glibc)
import Glibc
#endif

/// The bytes an HTTP parser has received and not yet consumed, shared by the request and response parsers: appending
/// (consumed bytes are dropped first), taking body bytes, reading a range in place, finding the LF that ends the next
/// line, and the line end after chunk data. What a line may hold and which error a broken limit is stays with each
/// parser.
struct ParserInput: Sendable {
    private(set) var bytes: [UInt8] = []
    /// The first unconsumed byte in `bytes`.
    var readIndex = 0
    /// Bytes of the current, still unterminated line already searched for LF (avoids rescanning byte-fed input).
    var partialLineScanned = 0

    /// Bytes received but not yet consumed.
    var count: Int { bytes.count - readIndex }

    /// Appends received bytes.
    mutating func append(_ received: UnsafeRawBufferPointer) {
        compact()
        bytes.append(contentsOf: received.bindMemory(to: UInt8.self))
    }

    /// Appends received bytes from any byte collection (tests, small inputs).
    mutating func append<Bytes: Sequence>(contentsOf received: Bytes) where Bytes.Element == UInt8 {
        compact()
        bytes.append(contentsOf: received)
    }

    /// Consumes and returns up to `limit` bytes (fewer when fewer are buffered).
    mutating func take(upTo limit: Int) -> [UInt8] {
        let taken = min(limit, count)
        let piece = Array(bytes[readIndex..<readIndex + taken])
        readIndex += taken
        return piece
    }

    /// Runs `body` over the bytes of `range`, in place.
    func withBytes<T, Failure: Error>(_ range: Range<Int>,
                                      _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> T) throws(Failure) -> T {
        let result: Result<T, Failure> = bytes.withUnsafeBufferPointer { all in
            let slice = UnsafeBufferPointer(rebasing: all[range])
            do throws(Failure) { return .success(try body(slice)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// The index in `bytes` of the LF that ends the line starting at `readIndex`; nil when it has not arrived yet.
    /// Bytes searched in vain are remembered, so a line fed byte by byte is scanned once rather than once per byte.
    mutating func nextLineFeed() -> Int? {
        let searchStart = readIndex + partialLineScanned
        let newline: Int? = bytes.withUnsafeBufferPointer { all in
            let available = all.count - searchStart
            guard available > 0,
                  let found = memchr(all.baseAddress! + searchStart, 0x0A, available) else { return nil }
            return searchStart + (UnsafeRawPointer(found) - UnsafeRawPointer(all.baseAddress! + searchStart))
        }
        partialLineScanned = newline == nil ? count : 0
        return newline
    }

    /// Consumes the line end after chunk data: CRLF, or also a bare LF when `allowingBareLineFeed`; false while
    /// incomplete. Each byte is judged as soon as it arrives.
    mutating func consumeChunkDataTerminator(allowingBareLineFeed: Bool) throws(HTTPParseError) -> Bool {
        guard count >= 1 else { return false }
        if allowingBareLineFeed && bytes[readIndex] == 0x0A {
            readIndex += 1
            return true
        }
        guard bytes[readIndex] == 0x0D else { throw .missingChunkTerminator }
        guard count >= 2 else { return false }
        guard bytes[readIndex + 1] == 0x0A else { throw .missingChunkTerminator }
        readIndex += 2
        return true
    }

    /// Drops consumed bytes: free when everything was consumed (the common, unpipelined case), a move otherwise.
    private mutating func compact() {
        guard readIndex > 0 else { return }
        if readIndex == bytes.count {
            // Keep small buffers for the next message; give large ones back so idle connections stay cheap.
            bytes.removeAll(keepingCapacity: bytes.capacity <= 16 * 1024)
        } else {
            bytes.removeSubrange(0..<readIndex)
        }
        readIndex = 0
    }
}
