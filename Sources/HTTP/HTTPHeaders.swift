/// An ordered list of header fields. Names keep their original spelling and compare ASCII-case-insensitively, as
/// RFC 9110 §5.1 requires; repeated fields stay separate entries in arrival order.
package struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// One field line.
    package struct Field: Sendable, Equatable {
        /// The field name as written.
        package var name: String
        /// The field value with surrounding whitespace removed.
        package var value: String
    }

    private var fields: [Field] = []

    /// An empty list.
    package init() {}

    /// A list from literal pairs, in order.
    package init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    /// Number of field lines.
    package var count: Int { fields.count }

    /// Whether there are no fields.
    package var isEmpty: Bool { fields.isEmpty }

    /// Iterates the fields in order.
    package func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The first value of the field named `name`, if any.
    package subscript(name: String) -> String? {
        fields.first { Self.namesEqual($0.name, name) }?.value
    }

    /// Every value of the field named `name`, in order.
    package func values(for name: String) -> [String] {
        fields.compactMap { Self.namesEqual($0.name, name) ? $0.value : nil }
    }

    /// Whether a field named `name` is present.
    package func contains(_ name: String) -> Bool {
        fields.contains { Self.namesEqual($0.name, name) }
    }

    /// Appends a field line.
    package mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every field named `name` by one with `value` (appended if absent).
    package mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    /// Removes every field named `name`.
    package mutating func remove(_ name: String) {
        fields.removeAll { Self.namesEqual($0.name, name) }
    }

    /// ASCII case-insensitive comparison of two field names.
    package static func namesEqual(_ a: String, _ b: String) -> Bool {
        var left = a.utf8.makeIterator()
        var right = b.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return true
            case let (x?, y?) where ASCII.lowercased(x) == ASCII.lowercased(y): continue
            default: return false
            }
        }
    }

    /// The comma-separated list elements of every field named `name` (RFC 9110 §5.6.1), trimmed, empty ones dropped.
    package func listElements(for name: String) -> [Substring] {
        values(for: name).flatMap { value in
            value.split(separator: ",").map(\.trimmingOWS).filter { !$0.isEmpty }
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing optional whitespace (spaces and tabs, RFC 9110 §5.6.3).
    var trimmingOWS: Substring {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}

/// Byte classes of RFC 9110 used by the parser and the serializer.
package enum ASCII {
    /// ASCII lowercase of one byte; other bytes unchanged.
    @inline(__always)
    package static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- 65 < 26 ? byte | 0x20 : byte
    }

    /// Whether `byte` is a `tchar` (RFC 9110 §5.6.2): the characters of tokens such as methods and field names.
    @inline(__always)
    package static func isTokenCharacter(_ byte: UInt8) -> Bool {
        tokenTable[Int(byte)]
    }

    /// Whether `byte` may appear inside a field value: VCHAR, obs-text, SP or HTAB (RFC 9110 §5.5).
    @inline(__always)
    package static func isFieldValueCharacter(_ byte: UInt8) -> Bool {
        byte >= 0x20 ? byte != 0x7F : byte == 0x09
    }

    /// Whether `byte` is a hexadecimal digit.
    @inline(__always)
    package static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    private static let tokenTable: [Bool] = (0..<256).map { value in
        let byte = UInt8(value)
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
