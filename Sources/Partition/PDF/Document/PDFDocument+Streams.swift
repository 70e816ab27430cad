/// Stream decoding and object-stream access.
extension PDFDocument {
    /// The decoded bytes of `stream`: decrypted (unless it is an xref stream, or metadata left in clear by
    /// `/EncryptMetadata false`), then run through its filters. Nil for image data and unknown filters.
    func decodedStream(_ stream: PDFStream) throws(PartitionError) -> [UInt8]? {
        let dictionary = stream.dictionary
        let filters = XRefReader.names(try resolve(dictionary["Filter"]))
        var parameters: [PDFDictionary?] = []
        switch try resolve(dictionary["DecodeParms"] ?? dictionary["DP"]) {
        case .array(let items):
            for item in items { parameters.append(try resolve(item).dictionary) }
        case .dictionary(let single):
            parameters = [single]
        default:
            break
        }
        if filters.contains(where: StreamFilters.isImageFilter) { return nil }
        var data = stream.data
        if let security, let owner = stream.owner, !dictionary.isType("XRef"),
           !(dictionary.isType("Metadata") && !security.encryptMetadata) {
            var cryptFilter: String?
            if let index = filters.firstIndex(of: "Crypt") {
                cryptFilter = (index < parameters.count ? parameters[index]?.name("Name") : nil) ?? "Identity"
            }
            data = security.decrypt(data, object: owner, isString: false, cryptFilter: cryptFilter)[...]
        }
        return try StreamFilters.decode(data, filters: filters, parameters: parameters, budget: budget)
    }

    /// The decoded bytes of whatever `object` resolves to, when it is a stream.
    func decodedStream(_ object: PDFObject?) throws(PartitionError) -> [UInt8]? {
        guard case .stream(let stream) = try resolve(object) else { return nil }
        return try decodedStream(stream)
    }

    /// Object `number` stored at `index` of object stream `stream`.
    func compressedObject(_ number: Int, stream: Int, index: Int) throws(PartitionError) -> PDFObject {
        guard stream != number, let contents = try objectStream(stream) else { return .null }
        return try contents.object(number, index: index, maxDepth: budget.limits.maxNestingDepth)
    }

    /// The object stream with object number `number`, decoded once.
    func objectStream(_ number: Int) throws(PartitionError) -> ObjectStream? {
        if let cached = objectStreamCache(number) { return cached }
        guard case .stream(let stream) = try object(PDFReference(number: number, generation: 0)),
              let data = try decodedStream(stream) else { return nil }
        let contents = try ObjectStream(data: data, dictionary: stream.dictionary, budget: budget)
        storeObjectStream(contents, number: number)
        return contents
    }
}
