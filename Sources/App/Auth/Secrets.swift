#if canImport(Glibc)
import Glibc
#endif
import Auth
import Crypto

/// A secret key ragd needs: the access-token signing key or the encryption key of stored documents. Each comes from
/// an environment variable holding the key itself, else a configured file, else — in development only — a key
/// generated once into `data_dir/secrets/` with mode 0600. Production refuses to start without one, so a restart
/// never silently invalidates every token, locks away every stored document, or runs with a guessable key.
package struct Secret: Sendable {
    /// What the key is called in messages.
    package let name: String
    /// The variable holding the key itself.
    package let environmentVariable: String
    /// The configured key file (empty when not set) and the setting's name for messages.
    package let file: any KeyPath<RagdConfig, String> & Sendable
    package let fileSetting: String
    /// The file name used for the development key in `data_dir/secrets/`.
    package let developmentFile: String
    /// The key must be exactly this long (AES-256) — or at least `minimumBytes` when nil.
    package let exactBytes: Int?

    /// The HS256 signing key of access tokens (at least the hash size; RFC 7518 §3.2).
    package static let tokenSigning = Secret(
        name: "token signing key", environmentVariable: "RAGD_TOKEN_SIGNING_KEY", file: \.auth.tokenSigningKeyFile,
        fileSetting: "auth.token_signing_key_file", developmentFile: "token_signing.key", exactBytes: nil)
    /// The AES-256-GCM key of document blobs at rest.
    package static let encryption = Secret(
        name: "encryption key", environmentVariable: "RAGD_ENCRYPTION_KEY", file: \.storage.encryptionKeyFile,
        fileSetting: "storage.encryption_key_file", developmentFile: "encryption.key", exactBytes: 32)
}

/// Loads `Secret`s.
package enum Secrets {
    /// Why no usable key was found.
    package struct Problem: Error, CustomStringConvertible {
        package let description: String
    }

    /// Keys shorter than this are refused.
    package static let minimumBytes = 32

    /// Loads or (in development) creates `secret`.
    package static func load(_ secret: Secret, config: RagdConfig, environment: [String: String]) throws(Problem)
        -> [UInt8] {
        if let value = environment[secret.environmentVariable], !value.isEmpty {
            return try decode(value, for: secret, source: secret.environmentVariable)
        }
        let path = config[keyPath: secret.file]
        if !path.isEmpty {
            return try decode(try readKeyFile(path, secret: secret), for: secret, source: path)
        }
        guard config.environment == .development else {
            throw Problem(description: """
                production mode needs a \(secret.name): set \(secret.environmentVariable) or \(secret.fileSetting) \
                (e.g. openssl rand -hex 32 > /run/secrets/ragd_\(secret.developmentFile))
                """)
        }
        return try developmentKey(secret, in: config.dataDirectory + "/secrets")
    }

    /// Accepts hex digits or base64 (surrounding whitespace ignored) that decode to the secret's exact length, or to
    /// at least `minimumBytes`. Arbitrary text is refused: a passphrase or a machine id is not a random key.
    static func decode(_ text: String, for secret: Secret, source: String) throws(Problem) -> [UInt8] {
        let trimmed = text.trimmingWhitespace
        func acceptable(_ bytes: [UInt8]) -> Bool {
            secret.exactBytes.map { bytes.count == $0 } ?? (bytes.count >= minimumBytes)
        }
        if trimmed.count % 2 == 0, let bytes = hex(trimmed), acceptable(bytes) { return bytes }
        if let bytes = base64(trimmed), acceptable(bytes) { return bytes }
        let size = secret.exactBytes.map { "exactly \($0) bytes" } ?? "at least \(minimumBytes) bytes"
        throw Problem(description: """
            \(source): the \(secret.name) must be hex or base64 of \(size) of random data \
            (e.g. openssl rand -hex \(secret.exactBytes ?? minimumBytes))
            """)
    }

    /// Reads a key file: a regular file (not a symlink) that nobody else may write.
    private static func readKeyFile(_ path: String, secret: Secret) throws(Problem) -> String {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            throw Problem(description: "\(secret.name): cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw Problem(description: "\(secret.name): \(path) is not a regular file")
        }
        guard info.st_mode & 0o002 == 0 else {
            throw Problem(description: "\(secret.name): \(path) is writable by everyone; fix with chmod o-w")
        }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = read(fd, &bytes, bytes.count)
        guard count >= 0, let text = String(validating: bytes.prefix(count), as: UTF8.self) else {
            throw Problem(description: "\(secret.name): cannot read \(path)")
        }
        return text
    }

    /// The development key in `directory`, created once. The directory must be ours and private (not a symlink
    /// someone planted); the key is written to a temporary file and linked into place, so a second process starting
    /// at the same moment reads either nothing or the whole key — and the first key written wins.
    private static func developmentKey(_ secret: Secret, in directory: String) throws(Problem) -> [UInt8] {
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw Problem(description: "cannot create \(directory): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard lstat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid() else {
            throw Problem(description: "\(directory) must be a directory owned by this user (not a symlink)")
        }
        if info.st_mode & 0o077 != 0 { _ = chmod(directory, 0o700) }
        let path = directory + "/" + secret.developmentFile
        if access(path, F_OK) == 0 { return try decode(try readKeyFile(path, secret: secret), for: secret, source: path) }
        let key = SecureRandom.bytes(secret.exactBytes ?? minimumBytes)
        let bytes = Array((Hex.encode(key) + "\n").utf8)
        let temporary = path + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Problem(description: "cannot create \(temporary): \(String(cString: strerror(errno)))") }
        let written = write(fd, bytes, bytes.count) == bytes.count && fsync(fd) == 0
        close(fd)
        defer { unlink(temporary) }
        guard written else { throw Problem(description: "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        // link(2) fails if the key appeared meanwhile: then the other process's key is the one.
        if link(temporary, path) != 0 && errno != EEXIST {
            throw Problem(description: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        return try decode(try readKeyFile(path, secret: secret), for: secret, source: path)
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
