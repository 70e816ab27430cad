import JSON

/// A safetensors file: an 8-byte little-endian header length, a JSON header mapping tensor names to
/// `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to the data that follows the header), then the
/// data. Everything in the header is checked before any tensor is handed out, so a truncated or tampered file fails
/// with a `SafeTensorsError` instead of reading out of bounds.
package struct SafeTensorsFile: Sendable {
    /// One entry of the tensor table.
    package struct Tensor: Sendable, Equatable {
        /// Element type.
        package let dtype: SafeTensorsDType
        /// Dimensions, outermost first.
        package let shape: [Int]
        /// Where the elements lie in the file's bytes.
        package let bytes: Range<Int>
    }

    /// The largest header accepted: the format's own bound, far above any real model's table.
    package static let maxHeaderBytes = 100 * 1024 * 1024
    /// The largest file read.
    package static let maxFileBytes = 4 * 1024 * 1024 * 1024

    /// The tensor table by name (without `__metadata__`).
    package let tensors: [String: Tensor]
    private let contents: [UInt8]

    /// Reads and checks the file at `path`.
    package init(path: String) throws(SafeTensorsError) {
        let bytes: [UInt8]
        do { bytes = try FileBytes.contents(of: path, limit: Self.maxFileBytes) } catch { throw .unreadable(error) }
        try self.init(bytes: bytes)
    }

    /// Checks `bytes` as a whole safetensors file.
    package init(bytes: [UInt8]) throws(SafeTensorsError) {
        guard bytes.count >= 8 else { throw .truncatedHeader(fileSize: bytes.count, needed: 8) }
        var length: UInt64 = 0
        for index in (0..<8).reversed() { length = length << 8 | UInt64(bytes[index]) }
        guard length <= UInt64(Self.maxHeaderBytes) else {
            throw .headerTooLarge(length: length, limit: Self.maxHeaderBytes)
        }
        let dataStart = 8 + Int(length)
        guard dataStart <= bytes.count else {
            throw .truncatedHeader(fileSize: bytes.count, needed: UInt64(dataStart))
        }
        guard let header = JSONParser.parse(Array(bytes[8..<dataStart])), let members = header.members else {
            throw .malformedHeader("not a JSON object")
        }
        var tensors: [String: Tensor] = [:]
        for (name, value) in members where name != "__metadata__" {
            tensors[name] = try Self.tensor(name, value, dataStart: dataStart, fileSize: bytes.count)
        }
        try Self.checkNoOverlap(tensors)
        self.tensors = tensors
        contents = bytes
    }

    /// The elements of the F32 tensor `name`, which must have `shape`.
    package func floats(_ name: String, shape: [Int]) throws(SafeTensorsError) -> [Float] {
        guard let tensor = tensors[name] else { throw .missingTensor(name) }
        guard tensor.dtype == .f32 else { throw .wrongDType(tensor: name, expected: .f32, actual: tensor.dtype) }
        guard tensor.shape == shape else { throw .wrongShape(tensor: name, expected: shape, actual: tensor.shape) }
        let count = tensor.bytes.count / 4
        return contents.withUnsafeBytes { raw in
            [Float](unsafeUninitializedCapacity: count) { out, initialized in
                for index in 0..<count {
                    let bits = raw.loadUnaligned(fromByteOffset: tensor.bytes.lowerBound + 4 * index, as: UInt32.self)
                    out[index] = Float(bitPattern: UInt32(littleEndian: bits))
                }
                initialized = count
            }
        }
    }

    /// One table entry, checked against the data's extent.
    private static func tensor(_ name: String, _ value: JSONValue, dataStart: Int,
                               fileSize: Int) throws(SafeTensorsError) -> Tensor {
        guard case .string(let dtypeName)? = value["dtype"] else { throw .malformedHeader("\(name): no dtype") }
        guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
            throw .unknownDType(tensor: name, dtype: dtypeName)
        }
        guard case .array(let dimensions)? = value["shape"], let shape = integers(dimensions) else {
            throw .malformedHeader("\(name): shape is not a list of non-negative integers")
        }
        guard case .array(let offsetValues)? = value["data_offsets"], let offsets = integers(offsetValues),
              offsets.count == 2 else {
            throw .malformedHeader("\(name): data_offsets is not two non-negative integers")
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin <= end else { throw .badOffsets(tensor: name, reason: "offsets \(begin) > \(end)") }
        guard end <= fileSize - dataStart else {
            throw .badOffsets(tensor: name, reason: "bytes \(begin)..<\(end) lie past the data's \(fileSize - dataStart)")
        }
        var expected = dtype.size
        for dimension in shape {
            let (product, overflow) = expected.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw .badOffsets(tensor: name, reason: "shape \(shape) overflows") }
            expected = product
        }
        guard end - begin == expected else {
            throw .badOffsets(tensor: name, reason: "\(end - begin) bytes for shape \(shape) of \(dtype.rawValue)")
        }
        return Tensor(dtype: dtype, shape: shape, bytes: dataStart + begin..<dataStart + end)
    }

    /// Non-negative integers below 2^53 (exact in the parser's doubles), or nil.
    private static func integers(_ values: [JSONValue]) -> [Int]? {
        var result: [Int] = []
        for value in values {
            guard case .number(let number) = value, number >= 0, number < 9_007_199_254_740_992,
                  number == number.rounded(.towardZero) else { return nil }
            result.append(Int(number))
        }
        return result
    }

    /// Two tensors sharing bytes mean a corrupt or crafted table (writing one would change the other).
    private static func checkNoOverlap(_ tensors: [String: Tensor]) throws(SafeTensorsError) {
        let sorted = tensors.filter { !$0.value.bytes.isEmpty }.sorted { $0.value.bytes.lowerBound < $1.value.bytes.lowerBound }
        for (previous, next) in zip(sorted, sorted.dropFirst()) where next.value.bytes.lowerBound < previous.value.bytes.upperBound {
            throw .badOffsets(tensor: next.key, reason: "bytes overlap those of \(previous.key)")
        }
    }
}
