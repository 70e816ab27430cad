#if canImport(Glibc)
import Glibc
#endif
import Auth

/// Where the access-token signing key comes from: `RAGD_TOKEN_SIGNING_KEY` (the key itself), else
/// `auth.token_signing_key_file`, else — in development only — a key generated once into
/// `data_dir/secrets/token_signing.key` with mode 0600. Production refuses to start without one, so a restart never
/// silently invalidates every token or runs with a guessable key.
package enum SigningKey {
    /// Why no usable key was found.
    package struct Problem: Error, CustomStringConvertible {
        package let description: String
    }

    /// Keys shorter than this are refused (HS256 wants at least the hash size; RFC 7518 §3.2).
    package static let minimumBytes = 32

    /// Loads or (in development) creates the key.
    package static func load(config: RagdConfig, environment: [String: String]) throws(Problem) -> [UInt8] {
        if let value = environment["RAGD_TOKEN_SIGNING_KEY"], !value.isEmpty {
            return try decode(value, source: "RAGD_TOKEN_SIGNING_KEY")
        }
        if !config.auth.tokenSigningKeyFile.isEmpty {
            let path = config.auth.tokenSigningKeyFile
            do {
                return try decode(try TextFile.read(path, limit: 4096), source: path)
            } catch let error as Problem {
                throw error
            } catch {
                throw Problem(description: "token signing key: \(error)")
            }
        }
        guard config.environment == .development else {
            throw Problem(description: """
                production mode needs a token signing key: set RAGD_TOKEN_SIGNING_KEY or auth.token_signing_key_file \
                (e.g. openssl rand -hex 32 > /run/secrets/ragd_token_key)
                """)
        }
        return try developmentKey(in: config.dataDirectory + "/secrets")
    }

    /// Accepts 64+ hex digits, base64 of 32+ bytes, or 32+ raw bytes of text; surrounding whitespace is ignored.
    static func decode(_ text: String, source: String) throws(Problem) -> [UInt8] {
        let trimmed = text.trimmingWhitespace
        if trimmed.count >= 2 * minimumBytes, trimmed.count % 2 == 0, let bytes = hex(trimmed) { return bytes }
        if let bytes = base64(trimmed), bytes.count >= minimumBytes { return bytes }
        let raw = Array(trimmed.utf8)
        guard raw.count >= minimumBytes else {
            throw Problem(description: "\(source): the token signing key must be at least \(minimumBytes) bytes")
        }
        return raw
    }

    private static func developmentKey(in directory: String) throws(Problem) -> [UInt8] {
        let path = directory + "/token_signing.key"
        if let existing = try? TextFile.read(path, limit: 4096) { return try decode(existing, source: path) }
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw Problem(description: "cannot create \(directory): \(String(cString: strerror(errno)))")
        }
        let key = SecureRandom.bytes(minimumBytes)
        let text = key.map { byte in String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16) }.joined() + "\n"
        // O_EXCL: two processes starting at once must not each write (and trust) a different key.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST, let existing = try? TextFile.read(path, limit: 4096) {
                return try decode(existing, source: path)
            }
            throw Problem(description: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count, fsync(fd) == 0 else {
            throw Problem(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return key
    }

    private static func hex(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var high: UInt8?
        for character in text.utf8 {
            let value: UInt8
            switch character {
            case 0x30...0x39: value = character - 0x30
            case 0x61...0x66: value = character - 0x61 + 10
            case 0x41...0x46: value = character - 0x41 + 10
            default: return nil
            }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return high == nil ? bytes : nil
    }

    private static func base64(_ text: String) -> [UInt8]? {
        let urlSafe = String(text.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 }.filter { $0 != "=" })
        return Base64URL.decode(urlSafe)
    }
}
