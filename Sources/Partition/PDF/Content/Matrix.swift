/// A PDF transformation matrix `[a b c d e f]` acting on row vectors (PDF 32000-1 §8.3.4): x' = a·x + c·y + e,
/// y' = b·x + d·y + f.
struct Matrix: Sendable, Equatable {
    var a, b, c, d, e, f: Double

    static let identity = Matrix(a: 1, b: 0, c: 0, d: 1, e: 0, f: 0)

    init(a: Double, b: Double, c: Double, d: Double, e: Double, f: Double) {
        self.a = a
        self.b = b
        self.c = c
        self.d = d
        self.e = e
        self.f = f
    }

    /// A matrix from six numbers (a `cm`/`Tm` operand list or a `/Matrix` array); nil unless all six are finite.
    init?(_ values: [Double]) {
        guard values.count == 6, values.allSatisfy(\.isFinite) else { return nil }
        self.init(a: values[0], b: values[1], c: values[2], d: values[3], e: values[4], f: values[5])
    }

    static func translation(_ x: Double, _ y: Double) -> Matrix { Matrix(a: 1, b: 0, c: 0, d: 1, e: x, f: y) }

    /// `self` followed by `other`: the product self × other, so `cm` is `operand.then(ctm)` (§8.4.4).
    func then(_ other: Matrix) -> Matrix {
        Matrix(a: a * other.a + b * other.c, b: a * other.b + b * other.d,
               c: c * other.a + d * other.c, d: c * other.b + d * other.d,
               e: e * other.a + f * other.c + other.e, f: e * other.b + f * other.d + other.f)
    }

    @inline(__always)
    func apply(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// A vector transformed without the translation part.
    @inline(__always)
    func applyVector(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
        (a * x + c * y, b * x + d * y)
    }

    /// The inverse, or nil for a singular matrix.
    var inverted: Matrix? {
        let determinant = a * d - b * c
        guard determinant != 0, determinant.isFinite else { return nil }
        return Matrix(a: d / determinant, b: -b / determinant, c: -c / determinant, d: a / determinant,
                      e: (c * f - d * e) / determinant, f: (b * e - a * f) / determinant)
    }
}
