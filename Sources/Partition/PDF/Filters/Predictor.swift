/// Undoes the predictors of FlateDecode and LZWDecode (PDF 32000-1 §7.4.4.4, table 8): TIFF predictor 2 and the PNG
/// predictors 10–15, where every row carries its own PNG filter type byte (RFC 2083 §6).
struct Predictor {
    var predictor: Int
    var colors: Int
    var bitsPerComponent: Int
    var columns: Int

    /// The predictor described by a `/DecodeParms` dictionary, or nil when there is none (predictor 1 or absent).
    init?(parameters: PDFDictionary?) {
        guard let parameters, let value = parameters["Predictor"]?.integer, value >= 2 else { return nil }
        predictor = value
        colors = max(1, min(parameters["Colors"]?.integer ?? 1, 32))
        bitsPerComponent = parameters["BitsPerComponent"]?.integer ?? 8
        if ![1, 2, 4, 8, 16].contains(bitsPerComponent) { bitsPerComponent = 8 }
        columns = max(1, min(parameters["Columns"]?.integer ?? 1, 1 << 24))
    }

    private var bytesPerPixel: Int { max(1, (colors * bitsPerComponent + 7) / 8) }
    private var rowLength: Int { (colors * bitsPerComponent * columns + 7) / 8 }

    func apply(_ data: [UInt8]) -> [UInt8] {
        predictor == 2 ? tiff(data) : png(data)
    }

    /// PNG rows: a filter byte (0 none, 1 sub, 2 up, 3 average, 4 Paeth) then `rowLength` bytes. A short last row is
    /// decoded as far as it goes.
    private func png(_ data: [UInt8]) -> [UInt8] {
        let length = rowLength
        let pixel = bytesPerPixel
        var output: [UInt8] = []
        output.reserveCapacity(data.count)
        var previous = [UInt8](repeating: 0, count: length)
        var row = [UInt8](repeating: 0, count: length)
        var index = 0
        while index < data.count {
            let filter = data[index]
            index += 1
            let available = min(length, data.count - index)
            for column in 0..<available {
                let raw = data[index + column]
                let left = column >= pixel ? row[column - pixel] : 0
                let up = previous[column]
                let upLeft = column >= pixel ? previous[column - pixel] : 0
                switch filter {
                case 1: row[column] = raw &+ left
                case 2: row[column] = raw &+ up
                case 3: row[column] = raw &+ UInt8((Int(left) + Int(up)) / 2)
                case 4: row[column] = raw &+ Self.paeth(left, up, upLeft)
                default: row[column] = raw
                }
            }
            output.append(contentsOf: row[0..<available])
            index += available
            swap(&row, &previous)
        }
        return output
    }

    private static func paeth(_ left: UInt8, _ up: UInt8, _ upLeft: UInt8) -> UInt8 {
        let estimate = Int(left) + Int(up) - Int(upLeft)
        let toLeft = abs(estimate - Int(left))
        let toUp = abs(estimate - Int(up))
        let toUpLeft = abs(estimate - Int(upLeft))
        if toLeft <= toUp, toLeft <= toUpLeft { return left }
        return toUp <= toUpLeft ? up : upLeft
    }

    /// TIFF predictor 2: each component is the difference from the same component of the pixel to its left, per row.
    /// 8- and 16-bit components are undone; other depths pass through (they only occur in images, which are skipped).
    private func tiff(_ data: [UInt8]) -> [UInt8] {
        guard bitsPerComponent == 8 || bitsPerComponent == 16 else { return data }
        var output = data
        let length = rowLength
        var rowStart = 0
        while rowStart < output.count {
            let rowEnd = min(rowStart + length, output.count)
            if bitsPerComponent == 8 {
                var index = rowStart + colors
                while index < rowEnd {
                    output[index] = output[index] &+ output[index - colors]
                    index += 1
                }
            } else {
                let stride = 2 * colors
                var index = rowStart + stride
                while index + 1 < rowEnd {
                    let sum = (UInt16(output[index]) << 8 | UInt16(output[index + 1]))
                        &+ (UInt16(output[index - stride]) << 8 | UInt16(output[index - stride + 1]))
                    output[index] = UInt8(sum >> 8)
                    output[index + 1] = UInt8(sum & 0xFF)
                    index += 2
                }
            }
            rowStart = rowEnd
        }
        return output
    }
}
