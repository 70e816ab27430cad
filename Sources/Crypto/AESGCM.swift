import COpenSSL

/// AES-256-GCM (NIST SP 800-38D) through OpenSSL's EVP interface, incrementally: large blobs are encrypted and
/// decrypted piece by piece with bounded memory. A 96-bit random nonce per message (never reused with a key: each
/// blob gets its own), a 128-bit tag, and associated data that binds the ciphertext to what it belongs to.
package final class AESGCM {
    /// Why an AES-GCM operation failed.
    package enum Failure: Error, Equatable, Sendable {
        /// The ciphertext, nonce, associated data or key does not match the tag: tampered, truncated or wrong key.
        case authenticationFailed
        /// OpenSSL refused the operation (it names which).
        case openssl(String)
    }

    /// Encrypting or decrypting.
    package enum Direction: Sendable {
        case encrypt
        case decrypt
    }

    /// Key length (AES-256).
    package static let keyBytes = 32
    /// Nonce length (the 96 bits GCM is designed for).
    package static let nonceBytes = 12
    /// Tag length.
    package static let tagBytes = 16

    private let context: OpaquePointer
    private let direction: Direction
    private var finished = false

    /// Starts an operation with `key` (32 bytes), `nonce` (12 bytes) and `associatedData`.
    package init(_ direction: Direction, key: [UInt8], nonce: [UInt8], associatedData: [UInt8] = []) throws(Failure) {
        precondition(key.count == Self.keyBytes && nonce.count == Self.nonceBytes, "AES-256-GCM needs a 32-byte key and 12-byte nonce")
        guard let context = EVP_CIPHER_CTX_new() else { throw .openssl("EVP_CIPHER_CTX_new") }
        self.context = context
        self.direction = direction
        let initialise = direction == .encrypt ? EVP_EncryptInit_ex : EVP_DecryptInit_ex
        guard initialise(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
              EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_IVLEN, Int32(Self.nonceBytes), nil) == 1,
              initialise(context, nil, nil, key, nonce) == 1 else { throw .openssl("init") }
        if !associatedData.isEmpty {
            var length: Int32 = 0
            let update = direction == .encrypt ? EVP_EncryptUpdate : EVP_DecryptUpdate
            guard update(context, nil, &length, associatedData, Int32(associatedData.count)) == 1 else {
                throw .openssl("associated data")
            }
        }
    }

    deinit { EVP_CIPHER_CTX_free(context) }

    /// Processes the next piece; the output has the same length.
    package func update(_ input: UnsafeRawBufferPointer) throws(Failure) -> [UInt8] {
        precondition(!finished, "AES-GCM used after finish")
        guard input.count > 0 else { return [] }
        precondition(input.count <= Int(Int32.max))
        var output = [UInt8](repeating: 0, count: input.count)
        var length: Int32 = 0
        let update = direction == .encrypt ? EVP_EncryptUpdate : EVP_DecryptUpdate
        let status = output.withUnsafeMutableBytes { out in
            update(context, out.baseAddress!.assumingMemoryBound(to: UInt8.self), &length,
                   input.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(input.count))
        }
        guard status == 1 else { throw .openssl("update") }
        output.removeLast(output.count - Int(length))
        return output
    }

    /// Processes the next piece of bytes.
    package func update(_ input: [UInt8]) throws(Failure) -> [UInt8] {
        let result: Result<[UInt8], Failure> = input.withUnsafeBytes { bytes in
            do throws(Failure) { return .success(try update(bytes)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Ends encryption and returns the tag.
    package func finishEncryption() throws(Failure) -> [UInt8] {
        precondition(direction == .encrypt && !finished)
        finished = true
        var scratch = [UInt8](repeating: 0, count: 16)
        var length: Int32 = 0
        guard EVP_EncryptFinal_ex(context, &scratch, &length) == 1 else { throw .openssl("final") }
        var tag = [UInt8](repeating: 0, count: Self.tagBytes)
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(Self.tagBytes), &tag) == 1 else {
            throw .openssl("get tag")
        }
        return tag
    }

    /// Ends decryption, checking `tag`; throws `.authenticationFailed` on any mismatch. Until this returns, the
    /// decrypted bytes must not be trusted.
    package func finishDecryption(tag: [UInt8]) throws(Failure) {
        precondition(direction == .decrypt && !finished)
        finished = true
        guard tag.count == Self.tagBytes else { throw .authenticationFailed }
        var expected = tag
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(Self.tagBytes), &expected) == 1 else {
            throw .openssl("set tag")
        }
        var scratch = [UInt8](repeating: 0, count: 16)
        var length: Int32 = 0
        guard EVP_DecryptFinal_ex(context, &scratch, &length) == 1 else { throw .authenticationFailed }
    }

    /// Encrypts `plaintext` in one go: (ciphertext, tag).
    package static func seal(_ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], associatedData: [UInt8] = [])
        throws(Failure) -> (ciphertext: [UInt8], tag: [UInt8]) {
        let cipher = try AESGCM(.encrypt, key: key, nonce: nonce, associatedData: associatedData)
        let ciphertext = try cipher.update(plaintext)
        return (ciphertext, try cipher.finishEncryption())
    }

    /// Decrypts and authenticates in one go.
    package static func open(_ ciphertext: [UInt8], tag: [UInt8], key: [UInt8], nonce: [UInt8],
                             associatedData: [UInt8] = []) throws(Failure) -> [UInt8] {
        let cipher = try AESGCM(.decrypt, key: key, nonce: nonce, associatedData: associatedData)
        let plaintext = try cipher.update(ciphertext)
        try cipher.finishDecryption(tag: tag)
        return plaintext
    }
}
