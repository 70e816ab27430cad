import COpenSSL

/// The OpenSSL primitives the standard security handler needs: MD5, SHA-2 and AES-CBC without padding (the handler
/// removes PKCS#5 padding itself, tolerating the broken padding some writers produce).
enum CipherPrimitives {
    enum HashFunction { case md5, sha256, sha384, sha512 }

    static func hash(_ function: HashFunction, _ data: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let algorithm = switch function {
        case .md5: EVP_md5()
        case .sha256: EVP_sha256()
        case .sha384: EVP_sha384()
        case .sha512: EVP_sha512()
        }
        let status = data.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &output, &length, algorithm, nil)
        }
        precondition(status == 1, "EVP_Digest failed")
        return Array(output.prefix(Int(length)))
    }

    static func md5(_ data: [UInt8]) -> [UInt8] { hash(.md5, data) }

    /// AES-CBC over whole blocks (a trailing partial block is dropped) with a 16- or 32-byte key.
    static func aesCBC(encrypt: Bool, key: [UInt8], iv: [UInt8], data: some Collection<UInt8>) -> [UInt8] {
        let input = Array(data.prefix(data.count - data.count % 16))
        guard !input.isEmpty, key.count == 16 || key.count == 32, iv.count == 16,
              let context = EVP_CIPHER_CTX_new() else { return [] }
        defer { EVP_CIPHER_CTX_free(context) }
        let cipher = key.count == 32 ? EVP_aes_256_cbc() : EVP_aes_128_cbc()
        guard EVP_CipherInit_ex(context, cipher, nil, key, iv, encrypt ? 1 : 0) == 1 else { return [] }
        EVP_CIPHER_CTX_set_padding(context, 0)
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var written: Int32 = 0
        let status = output.withUnsafeMutableBufferPointer { buffer in
            EVP_CipherUpdate(context, buffer.baseAddress, &written, input, Int32(input.count))
        }
        guard status == 1 else { return [] }
        return Array(output.prefix(Int(written)))
    }
}
