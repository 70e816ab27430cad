/// Why a safetensors file was refused. Every check of the header and the tensor table has its own case, so a
/// truncated download and a wrong model are told apart in logs.
package enum SafeTensorsError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(FileReadError)
    /// Fewer than the 8 bytes of the header length, or fewer bytes than the header length announces.
    case truncatedHeader(fileSize: Int, needed: UInt64)
    /// The announced header is longer than the limit.
    case headerTooLarge(length: UInt64, limit: Int)
    /// The header is not a JSON object of tensor entries; the reason says what is wrong.
    case malformedHeader(String)
    /// A tensor's element type is not one the format defines.
    case unknownDType(tensor: String, dtype: String)
    /// A tensor's byte range lies outside the data, overlaps another, or does not match its shape and type.
    case badOffsets(tensor: String, reason: String)
    /// A tensor the model needs is absent.
    case missingTensor(String)
    /// A tensor has another element type than the model needs.
    case wrongDType(tensor: String, expected: SafeTensorsDType, actual: SafeTensorsDType)
    /// A tensor has another shape than the model needs.
    case wrongShape(tensor: String, expected: [Int], actual: [Int])

    package var description: String {
        switch self {
        case .unreadable(let error): "\(error)"
        case .truncatedHeader(let size, let needed): "truncated safetensors file: \(size) bytes, header needs \(needed)"
        case .headerTooLarge(let length, let limit): "safetensors header of \(length) bytes exceeds the \(limit)-byte limit"
        case .malformedHeader(let reason): "malformed safetensors header: \(reason)"
        case .unknownDType(let tensor, let dtype): "tensor \(tensor) has unknown dtype \(dtype)"
        case .badOffsets(let tensor, let reason): "tensor \(tensor): \(reason)"
        case .missingTensor(let name): "tensor \(name) is missing"
        case .wrongDType(let tensor, let expected, let actual): "tensor \(tensor) is \(actual.rawValue), expected \(expected.rawValue)"
        case .wrongShape(let tensor, let expected, let actual): "tensor \(tensor) has shape \(actual), expected \(expected)"
        }
    }
}

/// The element types of the safetensors format and their sizes in bytes.
package enum SafeTensorsDType: String, Sendable, CaseIterable {
    case bool = "BOOL", u8 = "U8", i8 = "I8", f8e5m2 = "F8_E5M2", f8e4m3 = "F8_E4M3"
    case i16 = "I16", u16 = "U16", f16 = "F16", bf16 = "BF16"
    case i32 = "I32", u32 = "U32", f32 = "F32"
    case i64 = "I64", u64 = "U64", f64 = "F64"

    /// Bytes per element.
    package var size: Int {
        switch self {
        case .bool, .u8, .i8, .f8e5m2, .f8e4m3: 1
        case .i16, .u16, .f16, .bf16: 2
        case .i32, .u32, .f32: 4
        case .i64, .u64, .f64: 8
        }
    }
}
