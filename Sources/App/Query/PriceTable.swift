import JSON

/// Prices of model tokens in US dollars per million, by `provider:model` (or `model` for any provider). The built-in
/// entries are list prices when this was written; operators override or extend them with
/// `providers.price_table_file`. Unknown models cost 0 and the trace says the price was unknown.
struct PriceTable: Sendable {
    struct Price: Sendable, Equatable {
        var prompt: Double
        var completion: Double
    }

    private(set) var prices: [String: Price]

    static let builtIn: [String: Price] = [
        "openai:gpt-4o-mini": Price(prompt: 0.15, completion: 0.60),
        "openai:gpt-4o": Price(prompt: 2.50, completion: 10.00),
        "openai:gpt-4.1": Price(prompt: 2.00, completion: 8.00),
        "openai:gpt-4.1-mini": Price(prompt: 0.40, completion: 1.60),
        "openai:gpt-4.1-nano": Price(prompt: 0.10, completion: 0.40),
        "openai:text-embedding-3-small": Price(prompt: 0.02, completion: 0),
        "openai:text-embedding-3-large": Price(prompt: 0.13, completion: 0),
    ]

    init(prices: [String: Price] = PriceTable.builtIn) {
        self.prices = prices
    }

    /// The built-in table with the entries of `json` over it.
    init(json text: String) throws(PriceTableError) {
        self.init()
        guard let members = JSONParser.parse(text)?.members else {
            throw PriceTableError(message: "the price table must be a JSON object of \"provider:model\": "
                                  + "{\"prompt\": n, \"completion\": n}")
        }
        for (key, value) in members {
            guard case .number(let prompt)? = value["prompt"], prompt >= 0,
                  case .number(let completion)? = value["completion"] ?? .number(0), completion >= 0 else {
                throw PriceTableError(message: "\(key): give prompt and completion as prices per million tokens (≥ 0)")
            }
            prices[key] = Price(prompt: prompt, completion: completion)
        }
    }

    /// The price of a model, if the table knows it. Ollama runs locally: free unless the table says otherwise.
    func price(provider: String, model: String) -> Price? {
        prices["\(provider):\(model)"] ?? prices[model] ?? (provider == "ollama" ? Price(prompt: 0, completion: 0) : nil)
    }

    /// The cost of one call in dollars (0 for an unknown model).
    func cost(provider: String, model: String, promptTokens: Int, completionTokens: Int) -> Double {
        guard let price = price(provider: provider, model: model) else { return 0 }
        return (Double(promptTokens) * price.prompt + Double(completionTokens) * price.completion) / 1_000_000
    }
}

struct PriceTableError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
