import Testing
@testable import Partition

/// The standard security handler (PDF 32000-1 §7.6; ISO 32000-2 §7.6.4): files built here with an independent
/// implementation of the key algorithms, opened with the empty user password.
@Suite struct PDFSecurityTests {
    /// Encrypts fixtures: RC4 (V2/R3), AESV2 (V4/R4) or AESV3 (V5/R6).
    struct Encryptor {
        enum Scheme { case rc4(bits: Int), aesV2, aesV3 }

        let scheme: Scheme
        var userPassword: [UInt8] = []
        var ownerPassword: [UInt8] = Array("owner".utf8)
        /// `/EncryptMetadata false` (revision 4): the key gains four 0xFF bytes and metadata streams stay in clear.
        var encryptMetadata = true
        /// `/StmF /Identity`: streams are not encrypted, strings are.
        var identityStreams = false
        let fileID: [UInt8] = Array(0..<16).map { UInt8($0 * 7 + 1) }
        let permissions: Int32 = -1028

        static let padding: [UInt8] = StandardSecurityHandler.padding

        private var keyLength: Int {
            switch scheme {
            case .rc4(let bits): bits / 8
            case .aesV2: 16
            case .aesV3: 32
            }
        }

        private func padded(_ password: [UInt8]) -> [UInt8] { Array((password + Self.padding).prefix(32)) }

        /// The /Encrypt dictionary and the file key.
        func setUp() -> (dictionary: String, key: [UInt8]) {
            if case .aesV3 = scheme { return setUpAES256() }
            var ownerKey = CipherPrimitives.md5(padded(ownerPassword))
            for _ in 0..<50 { ownerKey = CipherPrimitives.md5(ownerKey) }
            ownerKey = Array(ownerKey.prefix(keyLength))
            var owner = RC4.apply(key: ownerKey, to: padded(userPassword))
            for round in 1...19 { owner = RC4.apply(key: ownerKey.map { $0 ^ UInt8(round) }, to: owner) }
            let p = UInt32(bitPattern: permissions)
            var material = padded(userPassword) + owner
            material += [UInt8(p & 0xFF), UInt8(p >> 8 & 0xFF), UInt8(p >> 16 & 0xFF), UInt8(p >> 24)] + fileID
            if !encryptMetadata { material += [0xFF, 0xFF, 0xFF, 0xFF] }
            var key = CipherPrimitives.md5(material)
            for _ in 0..<50 { key = CipherPrimitives.md5(Array(key.prefix(keyLength))) }
            key = Array(key.prefix(keyLength))
            var user = RC4.apply(key: key, to: CipherPrimitives.md5(Self.padding + fileID))
            for round in 1...19 { user = RC4.apply(key: key.map { $0 ^ UInt8(round) }, to: user) }
            user += [UInt8](repeating: 0xAB, count: 16)
            let common = "/Filter /Standard /O <\(hex(owner))> /U <\(hex(user))> /P \(permissions)"
            switch scheme {
            case .rc4(let bits):
                return ("<< \(common) /V 2 /R 3 /Length \(bits) >>", key)
            default:
                let streams = identityStreams ? "/Identity" : "/StdCF"
                let metadata = encryptMetadata ? "" : " /EncryptMetadata false"
                return ("<< \(common) /V 4 /R 4 /Length 128 /CF << /StdCF << /CFM /AESV2 /Length 16 >> >> /StmF \(streams) /StrF /StdCF\(metadata) >>", key)
            }
        }

        private func setUpAES256() -> (dictionary: String, key: [UInt8]) {
            let key = Array(0..<32).map { UInt8($0 * 3 + 5) }
            let zeroIV = [UInt8](repeating: 0, count: 16)
            let userSalts = Array(1...16).map { UInt8($0) }
            let user = hash(userPassword, Array(userSalts[0..<8]), []) + userSalts
            let userEncrypted = CipherPrimitives.aesCBC(encrypt: true, key: hash(userPassword, Array(userSalts[8...]), []),
                                                         iv: zeroIV, data: key)
            let ownerSalts = Array(17...32).map { UInt8($0) }
            let owner = hash(ownerPassword, Array(ownerSalts[0..<8]), user) + ownerSalts
            let ownerEncrypted = CipherPrimitives.aesCBC(encrypt: true, key: hash(ownerPassword, Array(ownerSalts[8...]), user),
                                                          iv: zeroIV, data: key)
            let dictionary = "<< /Filter /Standard /V 5 /R 6 /Length 256 /P \(permissions) /O <\(hex(owner))> /U <\(hex(user))> "
                + "/OE <\(hex(ownerEncrypted))> /UE <\(hex(userEncrypted))> /Perms <\(hex([UInt8](repeating: 0, count: 16)))> "
                + "/CF << /StdCF << /CFM /AESV3 /Length 32 >> >> /StmF /StdCF /StrF /StdCF >>"
            return (dictionary, key)
        }

        /// ISO 32000-2 algorithm 2.B, written out independently of the reader's.
        private func hash(_ password: [UInt8], _ salt: [UInt8], _ userKey: [UInt8]) -> [UInt8] {
            var k = CipherPrimitives.hash(.sha256, password + salt + userKey)
            var round = 0
            while true {
                let k1 = Array(repeating: password + k + userKey, count: 64).flatMap { $0 }
                let e = CipherPrimitives.aesCBC(encrypt: true, key: Array(k[0..<16]), iv: Array(k[16..<32]), data: k1)
                let remainder = e.prefix(16).reduce(0) { $0 + Int($1) } % 3
                k = CipherPrimitives.hash(remainder == 0 ? .sha256 : remainder == 1 ? .sha384 : .sha512, e)
                round += 1
                if round >= 64, Int(e.last!) <= round - 32 { break }
            }
            return Array(k.prefix(32))
        }

        /// `data` of object `number` encrypted as the scheme prescribes (algorithm 1 of §7.6.2).
        func encrypt(_ data: [UInt8], object number: Int, key: [UInt8]) -> [UInt8] {
            let iv = Array(0..<16).map { UInt8(200 - $0) }
            switch scheme {
            case .rc4:
                return RC4.apply(key: objectKey(number, key: key, aes: false), to: data)
            case .aesV2:
                return iv + CipherPrimitives.aesCBC(encrypt: true, key: objectKey(number, key: key, aes: true), iv: iv,
                                                    data: pkcs7(data))
            case .aesV3:
                return iv + CipherPrimitives.aesCBC(encrypt: true, key: key, iv: iv, data: pkcs7(data))
            }
        }

        private func objectKey(_ number: Int, key: [UInt8], aes: Bool) -> [UInt8] {
            var material = key + [UInt8(number & 0xFF), UInt8(number >> 8 & 0xFF), UInt8(number >> 16 & 0xFF), 0, 0]
            if aes { material += Array("sAlT".utf8) }
            return Array(CipherPrimitives.md5(material).prefix(min(key.count + 5, 16)))
        }

        private func pkcs7(_ data: [UInt8]) -> [UInt8] {
            let pad = 16 - data.count % 16
            return data + [UInt8](repeating: UInt8(pad), count: pad)
        }

        func hex(_ bytes: [UInt8]) -> String {
            let digits = Array("0123456789ABCDEF")
            return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
        }

        /// A one-page document with encrypted content, an encrypted Info title and the given /Encrypt dictionary;
        /// with `objectStreams`, the catalog, page tree and font sit in an encrypted object stream.
        func document(text: String, objectStreams: Bool = false) -> [UInt8] {
            let (dictionary, key) = setUp()
            var writer = PDFTestWriter()
            writer.add(1, "<< /Type /Catalog /Pages 2 0 R /Metadata 8 0 R >>")
            writer.add(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
            writer.add(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>")
            let xmp = Array("<x:xmpmeta><dc:creator>XMP author</dc:creator></x:xmpmeta>".utf8)
            writer.addStream(8, "/Type /Metadata /Subtype /XML",
                             data: encryptMetadata && !identityStreams ? encrypt(xmp, object: 8, key: key) : xmp)
            let content = Array(PDFTestWriter.lines([text]).utf8)
            writer.addStream(4, data: identityStreams ? content : encrypt(content, object: 4, key: key))
            writer.add(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
            writer.add(6, "<< /Title <\(hex(encrypt(Array("Secret title".utf8), object: 6, key: key)))> >>")
            writer.add(7, dictionary)
            writer.trailerExtra = "/Info 6 0 R /Encrypt 7 0 R /ID [<\(hex(fileID))> <\(hex(fileID))>]"
            guard objectStreams else { return writer.build() }
            writer.compressed = [1, 2, 3, 5]
            writer.objectStreamTransform = { number, data in encrypt(data, object: number, key: key) }
            return writer.build(xref: .stream)
        }
    }

    @Test(arguments: [Encryptor.Scheme.rc4(bits: 40), .rc4(bits: 128), .aesV2, .aesV3])
    func opensWithTheEmptyUserPassword(scheme: Encryptor.Scheme) throws {
        let bytes = Encryptor(scheme: scheme).document(text: "Encrypted but readable")
        let document = try partitionPDF(bytes)
        #expect(document.text == "Encrypted but readable")
        #expect(document.metadata.title == "Secret title")
        #expect(document.metadata.author == "XMP author")
    }

    @Test(arguments: [Encryptor.Scheme.rc4(bits: 128), .aesV2, .aesV3])
    func catalogInsideAnEncryptedObjectStream(scheme: Encryptor.Scheme) throws {
        let bytes = Encryptor(scheme: scheme).document(text: "Catalog in an object stream", objectStreams: true)
        #expect(try partitionPDF(bytes).text == "Catalog in an object stream")
    }

    @Test func unencryptedMetadataAndIdentityStreams() throws {
        var clearMetadata = Encryptor(scheme: .aesV2)
        clearMetadata.encryptMetadata = false
        let first = try partitionPDF(clearMetadata.document(text: "Metadata in clear"))
        #expect(first.text == "Metadata in clear")
        #expect(first.metadata.author == "XMP author")
        var identity = Encryptor(scheme: .aesV2)
        identity.identityStreams = true
        let second = try partitionPDF(identity.document(text: "Streams in clear"))
        #expect(second.text == "Streams in clear")
        #expect(second.metadata.title == "Secret title")
    }

    @Test(arguments: [Encryptor.Scheme.rc4(bits: 128), .aesV2, .aesV3])
    func refusesFilesThatNeedAPassword(scheme: Encryptor.Scheme) {
        var encryptor = Encryptor(scheme: scheme)
        encryptor.userPassword = Array("secret".utf8)
        let bytes = encryptor.document(text: "Locked")
        #expect(pdfError(bytes)?.code == "pdf_encrypted")
    }

    @Test func emptyOwnerPasswordAlsoOpens() throws {
        // Algorithm 7: with an empty owner password the user password is recovered from /O.
        var encryptor = Encryptor(scheme: .rc4(bits: 128))
        encryptor.userPassword = Array("secret".utf8)
        encryptor.ownerPassword = []
        #expect(try partitionPDF(encryptor.document(text: "Owner opens")).text == "Owner opens")
    }

    @Test func identityCryptFiltersNeedNoPassword() throws {
        // Only embedded files are encrypted here (/StmF and /StrF are Identity): the document reads without a key.
        var writer = PDFTestWriter.document(content: PDFTestWriter.lines(["Only attachments are encrypted"]))
        writer.add(9, "<< /Filter /Standard /V 5 /R 6 /Length 256 /P -4 /O <\(String(repeating: "AB", count: 48))> "
            + "/U <\(String(repeating: "CD", count: 48))> /CF << /StdCF << /CFM /AESV3 /Length 32 >> >> "
            + "/StmF /Identity /StrF /Identity /EFF /StdCF >>")
        writer.trailerExtra = "/Encrypt 9 0 R"
        #expect(try partitionPDF(writer.build()).text == "Only attachments are encrypted")
    }

    @Test func unknownSecurityHandler() {
        var writer = PDFTestWriter.document(content: PDFTestWriter.lines(["x"]))
        writer.add(9, "<< /Filter /Adobe.PubSec /V 4 /R 4 >>")
        writer.trailerExtra = "/Encrypt 9 0 R"
        #expect(pdfError(writer.build())?.code == "pdf_encrypted")
    }

    @Test func rc4MatchesAKnownVector() {
        // RFC 6229 test vector: key 0102030405, first keystream bytes b2 39 63 05 f0 3d c0 27.
        #expect(RC4.apply(key: [1, 2, 3, 4, 5], to: [UInt8](repeating: 0, count: 8))
            == [0xB2, 0x39, 0x63, 0x05, 0xF0, 0x3D, 0xC0, 0x27])
    }
}
