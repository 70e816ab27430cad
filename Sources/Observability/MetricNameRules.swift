/// The Prometheus data-model grammar for metric and label names.
///
/// Source: https://prometheus.io/docs/concepts/data_model/#metric-names-and-labels — metric names match
/// `[a-zA-Z_:][a-zA-Z0-9_:]*`, label names match `[a-zA-Z_][a-zA-Z0-9_]*`, and label names starting with `__` are
/// reserved for internal use. Names are chosen by programmers, so the registry checks them with preconditions.
package enum MetricNameRules {
    /// Whether `name` is a valid metric name.
    package static func isValidMetricName(_ name: String) -> Bool {
        var bytes = name.utf8.makeIterator()
        guard let first = bytes.next(), isLetter(first) || first == UInt8(ascii: "_") || first == UInt8(ascii: ":")
        else { return false }
        while let byte = bytes.next() {
            guard isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") else {
                return false
            }
        }
        return true
    }

    /// Whether `name` is a valid label name that is not reserved (`__` prefix).
    package static func isValidLabelName(_ name: String) -> Bool {
        guard !name.hasPrefix("__") else { return false }
        var bytes = name.utf8.makeIterator()
        guard let first = bytes.next(), isLetter(first) || first == UInt8(ascii: "_") else { return false }
        while let byte = bytes.next() {
            guard isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") else { return false }
        }
        return true
    }

    /// Checks a family's names and help, crashing with a message naming the offender: a bad name is a programmer
    /// error and would otherwise only surface as a failed scrape in production.
    static func validate(family name: String, type: MetricType, labelNames: [String], help: String) {
        precondition(isValidMetricName(name), "invalid metric name '\(name)'")
        // Prometheus accepts an empty help text, but `promtool check metrics` reports it.
        precondition(!help.isEmpty, "metric \(name) needs help text")
        // Counters end in `_total` (OpenMetrics and `promtool check metrics` both require it).
        precondition(type != .counter || name.hasSuffix("_total"), "counter '\(name)' must end in _total")
        for label in labelNames {
            precondition(isValidLabelName(label), "invalid label name '\(label)' in \(name)")
            // `le` carries histogram bucket bounds; `quantile` belongs to summaries (exposition format spec).
            precondition(type != .histogram || label != "le", "histogram \(name) may not use the label 'le'")
        }
        precondition(Set(labelNames).count == labelNames.count, "duplicate label names in \(name)")
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
