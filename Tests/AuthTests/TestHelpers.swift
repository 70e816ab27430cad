@testable import Auth

/// Small argon2 parameters so password tests run in milliseconds; the defaults are exercised by one test only.
let fastArgon2 = Argon2Parameters(memoryKiB: 1024, iterations: 1, parallelism: 1)
