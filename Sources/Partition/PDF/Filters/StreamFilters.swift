/// Runs a stream's filter chain (PDF 32000-1 §7.4, table 6). Image-only filters (DCT, JPX, CCITTFax, JBIG2) and
/// unknown ones make the stream undecodable (nil): images are skipped, never decoded.
enum StreamFilters {
    /// Decodes `data` through `filters` in order, each with its `/DecodeParms` entry (nil when absent).
    static func decode(_ data: ArraySlice<UInt8>, filters: [String], parameters: [PDFDictionary?],
                       budget: PartitionBudget) throws(PartitionError) -> [UInt8]? {
        var current = data
        for (index, filter) in filters.enumerated() {
            let parameters = index < parameters.count ? parameters[index] : nil
            guard let decoded = try decode(current, filter: filter, parameters: parameters, budget: budget) else {
                return nil
            }
            current = decoded[...]
        }
        return Array(current)
    }

    private static func decode(_ data: ArraySlice<UInt8>, filter: String, parameters: PDFDictionary?,
                               budget: PartitionBudget) throws(PartitionError) -> [UInt8]? {
        switch filter {
        case "FlateDecode", "Fl":
            return try applyPredictor(FlateDecoder.decode(data, budget: budget), parameters)
        case "LZWDecode", "LZW":
            let early = (parameters?["EarlyChange"]?.integer ?? 1) != 0
            return try applyPredictor(LZWDecoder.decode(data, earlyChange: early, budget: budget), parameters)
        case "ASCIIHexDecode", "AHx":
            return ASCIIHexDecoder.decode(data)
        case "ASCII85Decode", "A85":
            return ASCII85Decoder.decode(data)
        case "RunLengthDecode", "RL":
            return try RunLengthDecoder.decode(data, budget: budget)
        case "Crypt":
            // Decryption happened before the chain; a Crypt entry here only names the crypt filter (§7.4.10).
            return Array(data)
        default:
            return nil
        }
    }

    private static func applyPredictor(_ data: [UInt8], _ parameters: PDFDictionary?) -> [UInt8] {
        guard let predictor = Predictor(parameters: parameters) else { return data }
        return predictor.apply(data)
    }

    /// Whether a filter yields image samples rather than bytes we could read (§7.4.6–7.4.9).
    static func isImageFilter(_ filter: String) -> Bool {
        switch filter {
        case "DCTDecode", "DCT", "JPXDecode", "CCITTFaxDecode", "CCF", "JBIG2Decode": true
        default: false
        }
    }
}
