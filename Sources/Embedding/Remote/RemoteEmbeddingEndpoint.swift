import HTTPClient
import JSON
import Synchronization

/// What both remote embedders share: the client and key, batching, the checks every response must pass, and L2
/// normalization (providers differ on whether their vectors are unit length; ragd's indexes assume they are).
///
/// The vector length is fixed at construction when the caller knows it, else learned from the first response; from
/// then on a response of another length is `provider_bad_response`, because vectors of different lengths must never
/// meet in one index (a model swapped behind the same name would otherwise corrupt it silently).
final class RemoteEmbeddingEndpoint: Sendable {
    let endpoint: ProviderEndpoint
    let batchSize: Int
    /// 0 until known.
    private let learnedDimensions: Atomic<Int>

    init(provider: String, settings: RemoteEmbeddingSettings, dimensions: Int?,
         client: HTTPClient?) throws(EmbeddingError) {
        batchSize = max(1, settings.batchSize)
        learnedDimensions = Atomic(dimensions ?? 0)
        do throws(ProviderFailure) {
            endpoint = try ProviderEndpoint(provider: provider, baseURL: settings.baseURL, apiKey: settings.apiKey,
                                            configuration: settings.clientConfiguration, client: client)
        } catch {
            throw Self.error(error)
        }
    }

    /// The vector length: configured, learned, or 0 before the first response.
    var dimensions: Int { learnedDimensions.load(ordering: .relaxed) }

    /// Embeds `texts` with `model` in batches of `batchSize`: each batch is POSTed to `path` as
    /// `{model, input: [...]}` (the body both APIs take), `read` takes the vectors out of the JSON answer (given how
    /// many texts the batch had; one vector per text, in order), and they are checked and normalized.
    func embed(_ texts: [String], model: String, path: String,
               read: (_ answer: JSONValue, _ count: Int) throws(EmbeddingError) -> [[Float]])
        throws(EmbeddingError) -> [[Float]] {
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            let batch = Array(texts[start..<min(start + batchSize, texts.count)])
            let json = try post(path, body: ["model": .string(model), "input": .array(batch.map(JSONValue.string))])
            let answer = try read(json, batch.count)
            guard answer.count == batch.count else {
                throw badResponse("\(answer.count) vectors for \(batch.count) texts")
            }
            for vector in answer {
                try checkLength(vector.count)
                vectors.append(Self.normalized(vector))
            }
            start += batch.count
        }
        return vectors
    }

    /// POSTs `body` to `path` below the base URL and returns the JSON answer.
    private func post(_ path: String, body: JSONValue) throws(EmbeddingError) -> JSONValue {
        do throws(ProviderFailure) {
            return try endpoint.postJSON(path, body: body)
        } catch {
            throw Self.error(error)
        }
    }

    /// The numbers of a JSON array as a vector; nil when it is not a non-empty array of numbers.
    static func vector(_ json: JSONValue?) -> [Float]? {
        guard let elements = json?.arrayValue, !elements.isEmpty else { return nil }
        var vector: [Float] = []
        vector.reserveCapacity(elements.count)
        for element in elements {
            guard let number = element.numberValue else { return nil }
            vector.append(Float(number))
        }
        return vector
    }

    /// `provider_bad_response` with `detail`.
    func badResponse(_ detail: String) -> EmbeddingError {
        Self.error(endpoint.badResponse(detail))
    }

    private func checkLength(_ count: Int) throws(EmbeddingError) {
        let (exchanged, known) = learnedDimensions.compareExchange(expected: 0, desired: count, ordering: .relaxed)
        guard exchanged || known == count else {
            throw badResponse("a vector of \(count) dimensions where the model gave \(known) before")
        }
    }

    /// `vector / ‖vector‖` (summed in Double); a zero vector stays zero.
    static func normalized(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        guard norm > 0 else { return vector }
        return vector.map { Float(Double($0) / norm) }
    }

    static func error(_ failure: ProviderFailure) -> EmbeddingError {
        EmbeddingError(code: failure.code, message: failure.message, isTransient: failure.isTransient)
    }
}
