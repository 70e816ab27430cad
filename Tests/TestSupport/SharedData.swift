#if canImport(Glibc)
import Glibc
#endif

/// The shared real-data corpus, `../shared/data` next to the package root (see its README).
package enum SharedData {
    /// `../shared/data` found from this file's real path (tests may be built through symlinks); nil when absent.
    package static let root: String? = {
        var resolved = [CChar](repeating: 0, count: Int(PATH_MAX))
        guard realpath(#filePath, &resolved) != nil else { return nil }
        var path = String(decoding: resolved.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        for _ in 0..<3 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
        let root = path + "/../shared/data"
        return access(root, R_OK) == 0 ? root : nil
    }()

    /// The all-MiniLM-L6-v2 folder: `$RAGD_MODEL_DIR`, else `models/all-MiniLM-L6-v2` in the package root (where
    /// `scripts/setup.sh`, which the test command runs, downloads it).
    package static let modelDirectory: String = {
        if let configured = getenv("RAGD_MODEL_DIR") { return String(cString: configured) }
        var resolved = [CChar](repeating: 0, count: Int(PATH_MAX))
        guard realpath(#filePath, &resolved) != nil else { return "models/all-MiniLM-L6-v2" }
        var path = String(decoding: resolved.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        for _ in 0..<3 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
        return path + "/models/all-MiniLM-L6-v2"
    }()

    /// The bytes of `relative` under the data root, nil when missing.
    package static func read(_ relative: String) -> [UInt8]? {
        guard let root else { return nil }
        let fd = open(root + "/" + relative, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += buffer[..<count]
        }
        return bytes
    }
}
