#if canImport(Glibc)
import Glibc
#endif

/// Reads small text files (configuration, secrets) without Foundation.
package enum TextFile {
    /// A read failure naming the file and the reason.
    package struct ReadError: Error, CustomStringConvertible {
        package let description: String
    }

    /// The UTF-8 contents of `path`, refusing anything over `limit` bytes.
    package static func read(_ path: String, limit: Int = 1 << 20) throws(ReadError) -> String {
        guard let file = fopen(path, "rb") else {
            throw ReadError(description: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count > 0 { bytes += chunk[0..<count] }
            if bytes.count > limit { throw ReadError(description: "\(path) is larger than \(limit) bytes") }
            if count < chunk.count { break }
        }
        guard ferror(file) == 0 else { throw ReadError(description: "cannot read \(path)") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ReadError(description: "\(path) is not UTF-8 text")
        }
        return text
    }
}
