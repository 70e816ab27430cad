import CArgon2
import CLinux
import COpenSSL
import CSQLite
import CZlib
import Testing

/// The system libraries ragd is allowed to use link and answer: a missing -dev package or a wrong pkg-config name
/// fails here first, with the library named, instead of deep inside a feature test.
@Suite struct LinkTests {
    @Test func sqliteIsThreadSafeAndRecent() {
        #expect(sqlite3_threadsafe() != 0)
        #expect(sqlite3_libversion_number() >= 3_035_000)
    }

    @Test func opensslComputesSHA256() {
        var digest = [UInt8](repeating: 0, count: 32)
        let input = Array("abc".utf8)
        _ = SHA256(input, input.count, &digest)
        let hex = digest.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        #expect(hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func argon2idHashesAndVerifies() {
        let password = Array("correct horse".utf8)
        let salt = Array("0123456789abcdef".utf8)
        var encoded = [CChar](repeating: 0, count: 128)
        let rc = argon2id_hash_encoded(1, 1024, 1, password, password.count, salt, salt.count, 16, &encoded, encoded.count)
        #expect(rc == ARGON2_OK.rawValue)
        #expect(argon2id_verify(encoded, password, password.count) == ARGON2_OK.rawValue)
        #expect(argon2id_verify(encoded, Array("wrong".utf8), 5) != ARGON2_OK.rawValue)
    }

    @Test func zlibRoundTrips() {
        let input = [UInt8](repeating: 65, count: 10_000)
        var compressedLength = compressBound(uLong(input.count))
        var compressed = [UInt8](repeating: 0, count: Int(compressedLength))
        #expect(compress(&compressed, &compressedLength, input, uLong(input.count)) == Z_OK)
        #expect(compressedLength < 100)
        var outputLength = uLong(input.count)
        var output = [UInt8](repeating: 0, count: input.count)
        #expect(uncompress(&output, &outputLength, compressed, compressedLength) == Z_OK)
        #expect(output == input)
    }

    @Test func monotonicClockAdvances() {
        let a = ragd_monotonic_ns()
        usleep(1000)
        #expect(ragd_monotonic_ns() - a >= 1_000_000)
    }
}
