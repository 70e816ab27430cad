import Crypto
/// An argon2id hash in the PHC string format, as libargon2 writes it (`encode_string` in the reference
/// implementation): `$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<tag>`, salt and tag in unpadded standard
/// base64.
///
/// Parsing is strict and bounded because the string comes from the database: a corrupted or tampered row must make
/// verification fail, never crash the process or make it allocate gigabytes (`limits`).
struct PHCString: Equatable {
    /// The largest values a stored hash may ask for; anything beyond is treated as malformed. 1 GiB and 64 passes are
    /// far above any sane setting (OWASP's floor is 19 MiB, t = 2) yet bounded.
    static let limits = (memoryKiB: 1 << 20, iterations: 64, parallelism: 16, saltLength: 8...64, hashLength: 16...64)
    /// Argon2 version 1.3 (0x13), the only one RFC 9106 specifies.
    static let version = 19

    var memoryKiB: Int
    var iterations: Int
    var parallelism: Int
    var salt: [UInt8]
    var hash: [UInt8]

    init(memoryKiB: Int, iterations: Int, parallelism: Int, salt: [UInt8], hash: [UInt8]) {
        self.memoryKiB = memoryKiB
        self.iterations = iterations
        self.parallelism = parallelism
        self.salt = salt
        self.hash = hash
    }

    /// Parses `text`, or nil unless it is a well-formed argon2id v19 string within `limits`.
    init?(parsing text: String) {
        // "", "argon2id", "v=19", "m=…,t=…,p=…", salt, hash
        let fields = text.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0].isEmpty, fields[1] == "argon2id", fields[2] == "v=\(Self.version)" else {
            return nil
        }
        let costs = fields[3].split(separator: ",", omittingEmptySubsequences: false)
        guard costs.count == 3,
              let memory = Self.number(costs[0], key: "m"),
              let iterations = Self.number(costs[1], key: "t"),
              let parallelism = Self.number(costs[2], key: "p"),
              let salt = Base64Codec.standard.decode(fields[4]),
              let hash = Base64Codec.standard.decode(fields[5])
        else { return nil }
        self.init(memoryKiB: memory, iterations: iterations, parallelism: parallelism, salt: salt, hash: hash)
        guard parameters(hashLength: hash.count).isValid else { return nil }
    }

    /// The cost parameters with this string's salt length and `hashLength`.
    func parameters(hashLength: Int) -> Argon2Parameters {
        Argon2Parameters(memoryKiB: memoryKiB, iterations: iterations, parallelism: parallelism,
                         saltLength: salt.count, hashLength: hashLength)
    }

    /// The PHC string.
    var encoded: String {
        "$argon2id$v=\(Self.version)$m=\(memoryKiB),t=\(iterations),p=\(parallelism)$"
            + Base64Codec.standard.encode(salt) + "$" + Base64Codec.standard.encode(hash)
    }

    /// The decimal value of `field` = "`key`=digits": at most 9 digits (bounded before conversion) and no leading zeros,
    /// so each value has one spelling.
    private static func number(_ field: Substring, key: String) -> Int? {
        guard field.hasPrefix(key + "=") else { return nil }
        let digits = field.utf8.dropFirst(key.utf8.count + 1)
        guard (1...9).contains(digits.count), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              digits.count == 1 || digits.first != 0x30
        else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
