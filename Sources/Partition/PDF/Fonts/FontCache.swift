/// The fonts of one document, loaded once per font object and shared by every page and form that uses them.
/// A font that fails to load is remembered as a font without text, so a broken font costs one attempt.
final class FontCache {
    private(set) var fonts: [PDFFont] = []
    private var indexByObject: [Int: Int] = [:]
    private let loader: FontLoader

    init(document: PDFDocument) {
        loader = FontLoader(document: document)
    }

    /// The index of the font `entry` (a font resource) in `fonts`.
    func index(of entry: PDFObject, document: PDFDocument) throws(PartitionError) -> Int? {
        if case .reference(let reference) = entry, let known = indexByObject[reference.number] { return known }
        guard let dictionary = try document.resolve(entry).dictionary else { return nil }
        var font: PDFFont
        do {
            font = try loader.load(dictionary)
        } catch {
            if error.isLimit { throw error }
            font = PDFFont(name: "")
        }
        fonts.append(font)
        if case .reference(let reference) = entry { indexByObject[reference.number] = fonts.count - 1 }
        return fonts.count - 1
    }
}
