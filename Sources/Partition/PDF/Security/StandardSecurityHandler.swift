/// The standard security handler (PDF 32000-1 §7.6.3; ISO 32000-2 §7.6.4 for AES-256): derives the file key from the
/// empty user password — or the empty owner password — and decrypts strings and streams object by object. A file that
/// does not open with an empty password is refused with `pdf_encrypted`.
struct StandardSecurityHandler: Sendable {
    /// How one class of data (strings or streams) is encrypted (§7.6.5, table 25 `/CFM`).
    enum Method: Sendable, Equatable { case identity, rc4, aesV2, aesV3 }

    let fileKey: [UInt8]
    let revision: Int
    let stringMethod: Method
    let streamMethod: Method
    /// Whether metadata streams are encrypted (`/EncryptMetadata`, default true, §7.6.3.2 table 21).
    let encryptMetadata: Bool
    /// Named crypt filters, for streams that select their own with a `/Crypt` filter (§7.4.10).
    private let cryptFilters: [String: Method]

    init(encrypt: PDFDictionary, fileID: [UInt8]) throws(PartitionError) {
        guard encrypt.name("Filter") == "Standard" else {
            throw .pdfEncrypted("security handler \(encrypt.name("Filter") ?? "unknown") is not supported")
        }
        let version = encrypt["V"]?.integer ?? 0
        let revision = encrypt["R"]?.integer ?? 0
        let owner = encrypt["O"]?.string ?? []
        let user = encrypt["U"]?.string ?? []
        let permissions = UInt32(truncatingIfNeeded: encrypt["P"]?.integer ?? 0)
        encryptMetadata = encrypt["EncryptMetadata"].flatMap { if case .bool(let value) = $0 { value } else { nil } }
            ?? true
        self.revision = revision
        var filters: [String: Method] = ["Identity": .identity]
        if version >= 4, let table = encrypt["CF"]?.dictionary {
            for (name, value) in table.entries {
                guard let filter = value.dictionary else { continue }
                switch filter.name("CFM") {
                case "V2": filters[name] = .rc4
                case "AESV2": filters[name] = .aesV2
                case "AESV3": filters[name] = .aesV3
                default: filters[name] = .identity
                }
            }
        }
        cryptFilters = filters
        switch version {
        case 1, 2, 3:
            stringMethod = .rc4
            streamMethod = .rc4
        case 4, 5:
            stringMethod = filters[encrypt.name("StrF") ?? "Identity"] ?? .identity
            streamMethod = filters[encrypt.name("StmF") ?? "Identity"] ?? .identity
        default:
            throw .pdfEncrypted("encryption version \(version) is not supported")
        }
        if stringMethod == .identity, streamMethod == .identity {
            // Only embedded files are encrypted (`/EFF`, §7.6.5): the document itself reads without any key.
            fileKey = []
            return
        }
        if revision >= 5 {
            guard let key = Self.aes256Key(owner: owner, user: user, encrypt: encrypt, revision: revision) else {
                throw .pdfEncrypted("a password is required")
            }
            fileKey = key
            return
        }
        guard (2...4).contains(revision) else { throw .pdfEncrypted("revision \(revision) is not supported") }
        let length = version == 1 ? 5 : version == 4 ? 16 : max(5, min(16, (encrypt["Length"]?.integer ?? 40) / 8))
        let parameters = KeyParameters(owner: owner, user: user, permissions: permissions, fileID: fileID,
                                       revision: revision, length: length, encryptMetadata: encryptMetadata)
        guard let key = Self.rc4EraKey(parameters) else { throw .pdfEncrypted("a password is required") }
        fileKey = key
    }

    /// Decrypts a string or stream belonging to indirect object `object` (algorithm 1 of §7.6.2 for RC4 and AESV2;
    /// the file key itself for AESV3). `cryptFilter` names a stream's own crypt filter, when it has one.
    func decrypt(_ data: some Collection<UInt8>, object: PDFReference, isString: Bool, cryptFilter: String? = nil)
        -> [UInt8] {
        let method = cryptFilter.map { cryptFilters[$0] ?? .identity } ?? (isString ? stringMethod : streamMethod)
        switch method {
        case .identity:
            return Array(data)
        case .rc4:
            return RC4.apply(key: objectKey(object, aes: false), to: data)
        case .aesV2:
            return Self.aesDecrypt(data, key: objectKey(object, aes: true))
        case .aesV3:
            return Self.aesDecrypt(data, key: fileKey)
        }
    }

    private func objectKey(_ object: PDFReference, aes: Bool) -> [UInt8] {
        var material = fileKey
        material += [UInt8(truncatingIfNeeded: object.number), UInt8(truncatingIfNeeded: object.number >> 8),
                     UInt8(truncatingIfNeeded: object.number >> 16),
                     UInt8(truncatingIfNeeded: object.generation), UInt8(truncatingIfNeeded: object.generation >> 8)]
        if aes { material += [0x73, 0x41, 0x6C, 0x54] }  // "sAlT"
        return Array(CipherPrimitives.md5(material).prefix(min(fileKey.count + 5, 16)))
    }

    /// AES-CBC with the 16-byte IV in front (§7.6.2); PKCS#5 padding is removed when it is well formed.
    private static func aesDecrypt(_ data: some Collection<UInt8>, key: [UInt8]) -> [UInt8] {
        let bytes = Array(data)
        guard bytes.count >= 32 else { return [] }
        var plain = CipherPrimitives.aesCBC(encrypt: false, key: key, iv: Array(bytes[0..<16]), data: bytes[16...])
        if let pad = plain.last, pad >= 1, pad <= 16, Int(pad) <= plain.count,
           plain.suffix(Int(pad)).allSatisfy({ $0 == pad }) {
            plain.removeLast(Int(pad))
        }
        return plain
    }
}
