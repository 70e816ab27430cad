/// A page with the attributes it inherits from the page tree (PDF 32000-1 §7.7.3.4, table 30): resources, media and
/// crop boxes, rotation.
struct PDFPage {
    let dictionary: PDFDictionary
    let resources: PDFDictionary?
    /// The visible region in default user space (the crop box, clipped to the media box).
    let box: PDFRect
    /// Clockwise rotation when displayed: 0, 90, 180 or 270 (`/Rotate`).
    let rotation: Int
}
