import Testing
@testable import Auth

@Suite struct PasswordPolicyTests {
    let policy = PasswordPolicy()

    @Test func lengthBounds() throws {
        #expect(throws: PasswordError.tooShort(minimum: 8)) { try policy.validate("") }
        #expect(throws: PasswordError.tooShort(minimum: 8)) { try policy.validate("1234567") }
        try policy.validate("12345678")
        try policy.validate(String(repeating: "a", count: 1024))
        #expect(throws: PasswordError.tooLong(maximum: 1024)) { try policy.validate(String(repeating: "a", count: 1025)) }
    }

    @Test func countsUnicodeScalars() throws {
        // "é" precomposed: 1 scalar, 2 UTF-8 bytes. 1024 of them are 2048 bytes but 1024 scalars.
        try policy.validate(String(repeating: "é", count: 1024))
        #expect(throws: PasswordError.tooLong(maximum: 1024)) { try policy.validate(String(repeating: "é", count: 1025)) }
        // "😀": 1 scalar, 4 bytes — exactly 4 × maximum bytes is still counted and allowed.
        try policy.validate(String(repeating: "😀", count: 1024))
        #expect(throws: PasswordError.tooLong(maximum: 1024)) { try policy.validate(String(repeating: "😀", count: 1025)) }
        // Seven 4-byte scalars are 28 bytes but too short; "e" + combining acute is two scalars per character.
        #expect(throws: PasswordError.tooShort(minimum: 8)) { try policy.validate(String(repeating: "😀", count: 7)) }
        try policy.validate(String(repeating: "e\u{301}", count: 4))
    }

    @Test func noCompositionRules() throws {
        // NIST SP 800-63B: no character-class rules; spaces, all-whitespace and control characters are accepted.
        try policy.validate("aaaaaaaa")
        try policy.validate("        ")
        try policy.validate("correct horse battery staple")
        try policy.validate("pass\u{0}word")
    }

    @Test func customBounds() throws {
        var custom = PasswordPolicy()
        custom.minimumLength = 12
        custom.maximumLength = 64
        #expect(throws: PasswordError.tooShort(minimum: 12)) { try custom.validate("12345678901") }
        try custom.validate(String(repeating: "x", count: 64))
        #expect(throws: PasswordError.tooLong(maximum: 64)) { try custom.validate(String(repeating: "x", count: 65)) }
    }
}
