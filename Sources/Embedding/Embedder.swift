/// Turns texts into unit-length vectors. Implementations: the hash embedder (no model), the local MiniLM model, and
/// remote providers; the pipeline and the query path only see this protocol.
package protocol Embedder: Sendable {
    /// The model identifier stored with every vector (vectors of different models never mix).
    var model: String { get }
    /// Vector length.
    var dimensions: Int { get }
    /// One L2-normalized vector per text, in order. Throws `EmbeddingError` (transient ones may be retried).
    func embed(_ texts: [String]) throws(EmbeddingError) -> [[Float]]
}

/// Why embedding failed.
package struct EmbeddingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable snake_case code.
    package let code: String
    /// A human-readable explanation.
    package let message: String
    /// Whether trying again later may succeed (a provider timeout, a 429), as opposed to bad input or configuration.
    package let isTransient: Bool

    /// Creates an error.
    package init(code: String, message: String, isTransient: Bool) {
        self.code = code
        self.message = message
        self.isTransient = isTransient
    }

    package var description: String { "\(code): \(message)" }
}
