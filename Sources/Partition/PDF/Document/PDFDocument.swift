/// An opened PDF file: its cross-reference table (read from the file or rebuilt by scanning), trailer, security
/// handler, and the objects resolved so far. It owns mutable caches, hence a class; one thread uses it at a time.
///
/// Damage policy: an object that cannot be read is null (as in poppler and pdf.js). An object whose offset does not
/// hold its header, or a reference to an object the table lacks, triggers one rebuild of the table by scanning.
/// Limit errors (`PartitionError.isLimit`) always propagate.
final class PDFDocument {
    let source: [UInt8]
    let budget: PartitionBudget
    private(set) var table: XRefTable
    private(set) var isRepaired = false
    private(set) var security: StandardSecurityHandler?
    private var cache: [Int: PDFObject] = [:]
    private var objectStreams: [Int: ObjectStream] = [:]
    /// Objects being loaded: a reference back to one of them (a `/Length` pointing at its own stream) reads as null.
    private var loading = Set<Int>()
    /// Objects never encrypted: the `/Encrypt` dictionary itself (§7.6.1).
    private var plainObjects = Set<Int>()

    /// Reference hops followed before a chain of references is declared a cycle.
    static let maxReferenceHops = 32
    /// Objects loaded inside one another at most.
    static let maxLoadDepth = 64

    var trailer: PDFDictionary { table.trailer }

    init(source: [UInt8], budget: PartitionBudget) throws(PartitionError) {
        self.source = source
        self.budget = budget
        table = XRefTable()
        let read = try source.withUnsafeBufferPointer { buffer throws(PartitionError) in
            try XRefReader(source: source, buffer: buffer, budget: budget).read()
        }
        if let read, read.trailer["Root"] != nil {
            table = read
        } else {
            try repair(keeping: read)
        }
        // Security first: the catalog may sit in an encrypted object stream. The /Encrypt dictionary itself is a
        // plain object outside object streams (§7.5.7), so it reads before the handler exists.
        try setUpSecurity()
        if try catalog() == nil, !isRepaired {
            try repair(keeping: table)
            if security == nil { try setUpSecurity() }
        }
        guard try catalog() != nil else { throw .pdfMalformed("no document catalog") }
    }

    /// The document catalog (§7.7.2).
    func catalog() throws(PartitionError) -> PDFDictionary? {
        try resolve(trailer["Root"]).dictionary
    }

    /// `object` with references followed; null for missing objects and reference cycles.
    func resolve(_ object: PDFObject?) throws(PartitionError) -> PDFObject {
        var current = object ?? .null
        var hops = 0
        while case .reference(let reference) = current {
            hops += 1
            guard hops <= Self.maxReferenceHops else { return .null }
            current = try self.object(reference)
        }
        return current
    }

    /// The object `reference` points to, loaded once and cached.
    func object(_ reference: PDFReference) throws(PartitionError) -> PDFObject {
        let number = reference.number
        if let cached = cache[number] { return cached }
        // Loading one object can load another (an indirect /Length, an object stream): a chain of them must not
        // exhaust the stack, so beyond `maxLoadDepth` nested loads an object reads as null.
        guard loading.count < Self.maxLoadDepth, loading.insert(number).inserted else { return .null }
        defer { loading.remove(number) }
        try budget.check()
        let result: PDFObject
        do {
            result = try load(number)
        } catch {
            if error.isLimit { throw error }
            result = .null
        }
        cache[number] = result
        return result
    }

    private func load(_ number: Int) throws(PartitionError) -> PDFObject {
        switch table[number] {
        case .offset(let offset, _)?:
            if let (found, object) = try parseIndirectObject(at: offset), found.number == number {
                return decryptStrings(in: object, owner: found)
            }
            if !isRepaired {
                try repair(keeping: table)
                return try load(number)
            }
            return .null
        case .compressed(let stream, let index)?:
            return try compressedObject(number, stream: stream, index: index)
        case .free?:
            return .null
        case nil:
            if !isRepaired {
                try repair(keeping: table)
                return try load(number)
            }
            return .null
        }
    }

    /// Parses `N G obj` at `offset`, resolving an indirect stream `/Length` through the table.
    func parseIndirectObject(at offset: Int) throws(PartitionError) -> (PDFReference, PDFObject)? {
        guard offset >= 0, offset < source.count else { return nil }
        return try source.withUnsafeBufferPointer { buffer throws(PartitionError) in
            var parser = PDFParser(source: source, buffer: buffer, position: offset,
                                   maxDepth: budget.limits.maxNestingDepth)
            parser.resolveLength = { [unowned self] reference in
                (try? self.resolve(.reference(reference)))?.integer
            }
            return try parser.indirectObject()
        }
    }

    /// Rebuilds the table by scanning (`XRefRepair`), keeping entries of `previous` for objects the scan did not see
    /// (those in object streams), then registers the contents of every object stream.
    private func repair(keeping previous: XRefTable?) throws(PartitionError) {
        isRepaired = true
        let scan = try source.withUnsafeBufferPointer { buffer throws(PartitionError) in
            try XRefRepair(source: source, buffer: buffer, budget: budget).scan()
        }
        var rebuilt = scan.table
        if let previous {
            for (number, entry) in previous.entries {
                if case .compressed = entry { rebuilt.addIfAbsent(number, entry) }
            }
            if rebuilt.trailer["Root"] == nil || previous.trailer["Root"] != nil {
                var trailer = previous.trailer
                for (key, value) in rebuilt.trailer.entries where trailer[key] == nil { trailer[key] = value }
                rebuilt.trailer = trailer
            }
        }
        table = rebuilt
        cache.removeAll()
        objectStreams.removeAll()
        guard scan.objects.count > 0 else { return }
        let streams = try source.withUnsafeBufferPointer { buffer throws(PartitionError) in
            try XRefRepair(source: source, buffer: buffer, budget: budget)
                .objectNumbers(containing: "/ObjStm", objects: scan.objects)
        }
        for stream in streams {
            guard let contents = try objectStream(stream.number) else { continue }
            for (index, entry) in contents.entries.enumerated() {
                table.addIfAbsent(entry.number, .compressed(stream: stream.number, index: index))
            }
        }
        if try catalog() == nil, let root = try findCatalogInObjectStreams() { table.trailer["Root"] = root }
    }

    func objectStreamCache(_ number: Int) -> ObjectStream? { objectStreams[number] }

    func storeObjectStream(_ contents: ObjectStream, number: Int) { objectStreams[number] = contents }

    private func findCatalogInObjectStreams() throws(PartitionError) -> PDFObject? {
        for (number, entry) in table.entries {
            guard case .compressed = entry else { continue }
            if try object(PDFReference(number: number, generation: 0)).dictionary?.isType("Catalog") == true {
                return .reference(PDFReference(number: number, generation: 0))
            }
        }
        return nil
    }

    /// Creates the security handler from `/Encrypt`; objects read before it existed are dropped from the cache.
    private func setUpSecurity() throws(PartitionError) {
        guard let entry = trailer["Encrypt"] else { return }
        if case .reference(let reference) = entry { plainObjects.insert(reference.number) }
        guard let encrypt = try resolve(entry).dictionary else { return }
        let identifiers = try resolve(trailer["ID"]).array ?? []
        let fileID = try identifiers.first.map { (item) throws(PartitionError) in try resolve(item).string ?? [] } ?? []
        security = try StandardSecurityHandler(encrypt: encrypt, fileID: fileID)
        cache = cache.filter { plainObjects.contains($0.key) }
        objectStreams.removeAll()
    }

    /// Decrypts every string inside an object read directly from the file (strings in object streams were
    /// decrypted with their stream).
    private func decryptStrings(in object: PDFObject, owner: PDFReference) -> PDFObject {
        guard let security, !plainObjects.contains(owner.number) else { return object }
        switch object {
        case .string(let bytes):
            return .string(security.decrypt(bytes, object: owner, isString: true))
        case .array(let items):
            return .array(items.map { decryptStrings(in: $0, owner: owner) })
        case .dictionary(let dictionary):
            return .dictionary(decryptStrings(in: dictionary, owner: owner))
        case .stream(var stream):
            stream.dictionary = decryptStrings(in: stream.dictionary, owner: owner)
            return .stream(stream)
        default:
            return object
        }
    }

    private func decryptStrings(in dictionary: PDFDictionary, owner: PDFReference) -> PDFDictionary {
        var result = dictionary
        for (key, value) in dictionary.entries { result[key] = decryptStrings(in: value, owner: owner) }
        return result
    }
}
