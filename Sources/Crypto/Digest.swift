import COpenSSL

/// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104, FIPS 198-1) from OpenSSL's EVP layer.
package enum Digest {
    /// The 32-byte SHA-256 digest of `bytes`.
    package static func sha256(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = withContiguousBytes(bytes) { input in
            EVP_Digest(input.baseAddress, input.count, &output, &length, EVP_sha256(), nil)
        }
        precondition(status == 1 && length == 32, "EVP_Digest(SHA-256) failed")
        return Array(output.prefix(32))
    }

    /// The SHA-256 digest of `text`'s UTF-8 bytes as 64 lowercase hex digits: how opaque tokens are stored.
    package static func sha256Hex(_ text: String) -> String {
        Hex.encode(sha256(text.utf8))
    }

    /// The 32-byte HMAC-SHA256 of `message` under `key` (keys longer than 64 bytes are hashed first, RFC 2104 §2).
    package static func hmacSHA256(key: [UInt8], message: some Collection<UInt8>) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // OpenSSL reads a null key as "reuse the previous key", so an empty key is passed as a real zero-length buffer.
        let keyStorage = key.isEmpty ? [0] : key
        let result = withContiguousBytes(message) { input in
            keyStorage.withUnsafeBytes { keyBytes in
                HMAC(EVP_sha256(), keyBytes.baseAddress, Int32(key.count),
                     input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count, &output, &length)
            }
        }
        precondition(result != nil && length == 32, "HMAC-SHA256 failed")
        return Array(output.prefix(32))
    }
}

/// Runs `body` over `bytes` in contiguous memory, copying only when the collection is not already contiguous.
func withContiguousBytes<R>(_ bytes: some Collection<UInt8>, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    if let result = bytes.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
        return result
    }
    return Array(bytes).withUnsafeBytes(body)
}
