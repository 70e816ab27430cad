/// File-key derivation for an empty password: algorithms 2, 6 and 7 of PDF 32000-1 §7.6.3.3–7.6.3.4 (revisions 2–4)
/// and algorithms 2.A and 2.B of ISO 32000-2 §7.6.4.3 (revisions 5 and 6).
extension StandardSecurityHandler {
    struct KeyParameters {
        var owner: [UInt8]
        var user: [UInt8]
        var permissions: UInt32
        var fileID: [UInt8]
        var revision: Int
        var length: Int
        var encryptMetadata: Bool
    }

    /// The 32-byte padding string of algorithm 2 step a.
    static let padding: [UInt8] = [
        0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
        0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
    ]

    /// The RC4/AESV2-era file key for the empty user password, else for the user password recovered with the empty
    /// owner password (algorithm 7); nil when neither opens the file.
    static func rc4EraKey(_ parameters: KeyParameters) -> [UInt8]? {
        let key = computeKey(paddedPassword: padding, parameters)
        if userPasswordMatches(key: key, parameters) { return key }
        // Algorithm 7: the owner entry is the padded user password encrypted under a key from the owner password.
        var ownerKey = CipherPrimitives.md5(padding)
        if parameters.revision >= 3 {
            for _ in 0..<50 { ownerKey = CipherPrimitives.md5(ownerKey) }
        }
        ownerKey = Array(ownerKey.prefix(parameters.length))
        var recovered = Array(parameters.owner.prefix(32))
        if parameters.revision == 2 {
            recovered = RC4.apply(key: ownerKey, to: recovered)
        } else {
            for round in stride(from: 19, through: 0, by: -1) {
                recovered = RC4.apply(key: ownerKey.map { $0 ^ UInt8(round) }, to: recovered)
            }
        }
        let ownerDerived = computeKey(paddedPassword: recovered, parameters)
        return userPasswordMatches(key: ownerDerived, parameters) ? ownerDerived : nil
    }

    /// Algorithm 2: MD5 over the padded password, /O, /P, the first file identifier and (revision 4 without metadata
    /// encryption) four 0xFF bytes; revision 3+ rehashes the first `length` bytes 50 times.
    private static func computeKey(paddedPassword: [UInt8], _ parameters: KeyParameters) -> [UInt8] {
        var material = Array(paddedPassword.prefix(32))
        material += Array(parameters.owner.prefix(32))
        let permissions = parameters.permissions
        material += [UInt8(permissions & 0xFF), UInt8(permissions >> 8 & 0xFF),
                     UInt8(permissions >> 16 & 0xFF), UInt8(permissions >> 24)]
        material += parameters.fileID
        if parameters.revision >= 4, !parameters.encryptMetadata { material += [0xFF, 0xFF, 0xFF, 0xFF] }
        var digest = CipherPrimitives.md5(material)
        if parameters.revision >= 3 {
            for _ in 0..<50 { digest = CipherPrimitives.md5(Array(digest.prefix(parameters.length))) }
        }
        return Array(digest.prefix(parameters.length))
    }

    /// Algorithms 4 and 5: whether `key` reproduces /U (all 32 bytes for revision 2, the first 16 otherwise).
    private static func userPasswordMatches(key: [UInt8], _ parameters: KeyParameters) -> Bool {
        if parameters.revision == 2 {
            return RC4.apply(key: key, to: padding) == Array(parameters.user.prefix(32))
        }
        var value = RC4.apply(key: key, to: CipherPrimitives.md5(padding + parameters.fileID))
        for round in 1...19 { value = RC4.apply(key: key.map { $0 ^ UInt8(round) }, to: value) }
        return parameters.user.count >= 16 && value[0..<16] == parameters.user[0..<16]
    }

    /// The AES-256 file key (revisions 5 and 6) for the empty user password, else the empty owner password.
    static func aes256Key(owner: [UInt8], user: [UInt8], encrypt: PDFDictionary, revision: Int) -> [UInt8]? {
        guard owner.count >= 48, user.count >= 48 else { return nil }
        let userKeyBlob = Array(user.prefix(48))
        if hash2B(password: [], salt: Array(user[32..<40]), userKey: [], revision: revision) == Array(user[0..<32]),
           let encrypted = encrypt["UE"]?.string, encrypted.count >= 32 {
            let intermediate = hash2B(password: [], salt: Array(user[40..<48]), userKey: [], revision: revision)
            return CipherPrimitives.aesCBC(encrypt: false, key: intermediate, iv: [UInt8](repeating: 0, count: 16),
                                           data: encrypted.prefix(32))
        }
        if hash2B(password: [], salt: Array(owner[32..<40]), userKey: userKeyBlob, revision: revision)
            == Array(owner[0..<32]), let encrypted = encrypt["OE"]?.string, encrypted.count >= 32 {
            let intermediate = hash2B(password: [], salt: Array(owner[40..<48]), userKey: userKeyBlob,
                                      revision: revision)
            return CipherPrimitives.aesCBC(encrypt: false, key: intermediate, iv: [UInt8](repeating: 0, count: 16),
                                           data: encrypted.prefix(32))
        }
        return nil
    }

    /// Algorithm 2.B (revision 6): at least 64 rounds of AES-128-CBC over 64 repetitions of password + K + user key,
    /// each round hashing with SHA-256/384/512 chosen by the first 16 output bytes modulo 3, until the last byte of
    /// the round's output is at most round − 32. Revision 5 (algorithm 2.A) is a single SHA-256.
    static func hash2B(password: [UInt8], salt: [UInt8], userKey: [UInt8], revision: Int) -> [UInt8] {
        var key = CipherPrimitives.hash(.sha256, password + salt + userKey)
        guard revision >= 6 else { return key }
        var round = 0
        while true {
            let block = password + key + userKey
            var repeated: [UInt8] = []
            repeated.reserveCapacity(block.count * 64)
            for _ in 0..<64 { repeated += block }
            let encrypted = CipherPrimitives.aesCBC(encrypt: true, key: Array(key[0..<16]), iv: Array(key[16..<32]),
                                                    data: repeated)
            let selector = encrypted.prefix(16).reduce(0) { ($0 + Int($1)) % 3 }
            key = CipherPrimitives.hash(selector == 0 ? .sha256 : selector == 1 ? .sha384 : .sha512, encrypted)
            round += 1
            if round >= 64, let last = encrypted.last, Int(last) <= round - 32 { break }
            if round > 1_000 { break }
        }
        return Array(key.prefix(32))
    }
}
