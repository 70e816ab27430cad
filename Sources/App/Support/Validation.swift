import Server

/// Input rules shared by the account endpoints; each failure is a 400 naming the field.
enum Validation {
    /// A login email, trimmed and lower-cased: one `@` with text on both sides, at most 254 characters (RFC 5321),
    /// no spaces or control characters.
    static func email(_ raw: String) throws(HTTPError) -> String {
        let email = raw.trimmingWhitespace.lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              email.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else {
            throw HTTPError(.badRequest, code: "invalid_email", message: "Enter a valid email address.",
                            details: ["field": "email"])
        }
        return email
    }

    /// A display name: at most 200 characters, no control characters and no bidirectional overrides (which can make
    /// a name display as something else in the audit log or a user list); trimmed.
    static func name(_ raw: String, field: String) throws(HTTPError) -> String {
        let name = raw.trimmingWhitespace
        let forbidden = name.unicodeScalars.contains { scalar in
            scalar.properties.generalCategory == .control || (0x202A...0x202E).contains(scalar.value)
                || (0x2066...0x2069).contains(scalar.value)
        }
        guard name.unicodeScalars.count <= 200, !forbidden else {
            throw HTTPError(.badRequest, code: "invalid_name",
                            message: "\(field) must be at most 200 characters without control or direction-override characters.",
                            details: ["field": field])
        }
        return name
    }

    /// An object id as ragd issues them (`kb_…`, `usr_…`): a short prefix, `_`, then letters and digits.
    static func isIdentifier(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (4...64).contains(bytes.count), let underscore = bytes.firstIndex(of: UInt8(ascii: "_")),
              underscore > 0, underscore < bytes.count - 1 else { return false }
        return bytes.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_")
        }
    }
}
