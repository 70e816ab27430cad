@testable import Crypto
import TestSupport
import Testing

@Suite struct AESGCMTests {
    /// NIST GCM test vector (gcmEncryptExtIV256.rsp, Count 0 with 128-bit plaintext and AAD).
    @Test func nistVector() throws {
        let key = bytes(hex: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
        let nonce = bytes(hex: "cafebabefacedbaddecaf888")
        let plaintext = bytes(hex: "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39")
        let aad = bytes(hex: "feedfacedeadbeeffeedfacedeadbeefabaddad2")
        let (ciphertext, tag) = try AESGCM.seal(plaintext, key: key, nonce: nonce, associatedData: aad)
        #expect(ciphertext == bytes(hex: "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"))
        #expect(tag == bytes(hex: "76fc6ece0f4e1768cddf8853bb2d551b"))
        #expect(try AESGCM.open(ciphertext, tag: tag, key: key, nonce: nonce, associatedData: aad) == plaintext)
    }

    @Test func incrementalEqualsOneShotAndTamperingFails() throws {
        var generator = SplitMix64(seed: 9)
        let key = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let nonce = (0..<12).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let plaintext = (0..<100_003).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let (whole, tag) = try AESGCM.seal(plaintext, key: key, nonce: nonce, associatedData: Array("doc_1".utf8))
        let cipher = try AESGCM(.encrypt, key: key, nonce: nonce, associatedData: Array("doc_1".utf8))
        var pieces: [UInt8] = []
        var index = 0
        while index < plaintext.count {
            let end = min(plaintext.count, index + Int.random(in: 1...9000, using: &generator))
            pieces += try cipher.update(Array(plaintext[index..<end]))
            index = end
        }
        #expect(pieces == whole)
        #expect(try cipher.finishEncryption() == tag)

        var flipped = whole
        flipped[500] ^= 1
        #expect(throws: AESGCM.Failure.authenticationFailed) {
            try AESGCM.open(flipped, tag: tag, key: key, nonce: nonce, associatedData: Array("doc_1".utf8))
        }
        #expect(throws: AESGCM.Failure.authenticationFailed) {
            try AESGCM.open(whole, tag: tag, key: key, nonce: nonce, associatedData: Array("doc_2".utf8))
        }
        #expect(throws: AESGCM.Failure.authenticationFailed) {
            try AESGCM.open(Array(whole.dropLast()), tag: tag, key: key, nonce: nonce, associatedData: Array("doc_1".utf8))
        }
        var otherKey = key
        otherKey[0] ^= 0x80
        #expect(throws: AESGCM.Failure.authenticationFailed) {
            try AESGCM.open(whole, tag: tag, key: otherKey, nonce: nonce, associatedData: Array("doc_1".utf8))
        }
    }
}
