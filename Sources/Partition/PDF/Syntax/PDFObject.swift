/// An object of the PDF object model (PDF 32000-1 §7.3). Strings keep their raw bytes: what they mean depends on
/// where they are used (text strings §7.9.2, font codes §9.4.3, binary identifiers).
enum PDFObject: Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case real(Double)
    case string([UInt8])
    case name(String)
    case array([PDFObject])
    case dictionary(PDFDictionary)
    case stream(PDFStream)
    case reference(PDFReference)

    /// The value of an integer, or of a real that holds a whole number (writers emit `612.0` for integers).
    var integer: Int? {
        switch self {
        case .integer(let value): return value
        case .real(let value) where value.isFinite && value.rounded() == value && abs(value) < 9e15: return Int(value)
        default: return nil
        }
    }

    /// The value of an integer or real.
    var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .real(let value): value.isFinite ? value : nil
        default: nil
        }
    }

    var name: String? {
        if case .name(let value) = self { return value }
        return nil
    }

    var string: [UInt8]? {
        if case .string(let value) = self { return value }
        return nil
    }

    var array: [PDFObject]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The dictionary of a dictionary, or of a stream.
    var dictionary: PDFDictionary? {
        switch self {
        case .dictionary(let value): value
        case .stream(let value): value.dictionary
        default: nil
        }
    }

    var stream: PDFStream? {
        if case .stream(let value) = self { return value }
        return nil
    }

    var reference: PDFReference? {
        if case .reference(let value) = self { return value }
        return nil
    }

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// An indirect reference `N G R` (§7.3.10).
struct PDFReference: Hashable, Sendable, CustomStringConvertible {
    var number: Int
    var generation: Int

    var description: String { "\(number) \(generation) R" }
}

/// A dictionary object (§7.3.7). Keys are names without the slash.
struct PDFDictionary: Sendable {
    var entries: [String: PDFObject] = [:]

    subscript(key: String) -> PDFObject? {
        get { entries[key] }
        set { entries[key] = newValue }
    }

    /// The value of a name-valued entry (`/Type /Page` → "Page").
    func name(_ key: String) -> String? { entries[key]?.name }

    /// Whether `/Type` (or, as writers sometimes use it, `/Subtype`) is `type`.
    func isType(_ type: String) -> Bool { name("Type") == type }
}

/// A stream object (§7.3.8): its dictionary and the still-encoded bytes between `stream` and `endstream`. `owner` is the
/// indirect object holding it, needed to derive its decryption key (§7.6.2, algorithm 1).
struct PDFStream: Sendable {
    var dictionary: PDFDictionary
    var data: ArraySlice<UInt8>
    var owner: PDFReference?
}
