import COpenSSL

/// SHA-256 over data that arrives in pieces (an upload streamed to disk), with OpenSSL's EVP digest.
package final class SHA256Hasher {
    private let context: OpaquePointer
    private var finished = false

    /// Starts a digest.
    package init() {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            preconditionFailure("OpenSSL cannot start SHA-256")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds `bytes`.
    package func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(!finished, "SHA-256 updated after finish")
        guard bytes.count > 0 else { return }
        precondition(EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1)
    }

    /// Adds `bytes`.
    package func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest, as 64 lower-case hex digits.
    package func finishHex() -> String {
        precondition(!finished, "SHA-256 finished twice")
        finished = true
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        precondition(EVP_DigestFinal_ex(context, &digest, &length) == 1 && length == 32)
        return Hex.encode(digest)
    }
}

/// Lower-case hexadecimal.
package enum Hex {
    /// Two lower-case hex digits per byte.
    package static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
