/// Prometheus text exposition format 0.0.4.
///
/// Source: https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format — `# HELP` escapes `\` and
/// line feed; label values escape `\`, `"` and line feed; values are Go floats (`+Inf`, `-Inf`, `NaN`); a histogram
/// emits cumulative `_bucket` samples with an `le` label ending at `le="+Inf"`, then `_sum` and `_count`; all lines of
/// a family are contiguous. A labelled family with no series yet is rendered as its `# HELP`/`# TYPE` lines alone:
/// `promtool check metrics` accepts that, and it documents the family before its first sample.
package enum PrometheusText {
    /// The `Content-Type` of a `/metrics` response in this format.
    package static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Renders `families` in the order given (the registry sorts them by name).
    package static func render(_ families: [MetricFamilySnapshot]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(families.count * 256)
        for family in families { append(family, to: &out) }
        return out
    }

    /// Appends one family's `# HELP`, `# TYPE` and sample lines.
    static func append(_ family: MetricFamilySnapshot, to out: inout [UInt8]) {
        out.append(contentsOf: "# HELP ".utf8)
        out.append(contentsOf: family.name.utf8)
        out.append(UInt8(ascii: " "))
        appendEscaped(family.help, quotes: false, to: &out)
        out.append(contentsOf: "\n# TYPE ".utf8)
        out.append(contentsOf: family.name.utf8)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: family.type.rawValue.utf8)
        out.append(UInt8(ascii: "\n"))
        for series in family.series {
            switch series.value {
            case .scalar(let value):
                appendSample(family.name, suffix: "", family.labelNames, series.labelValues, le: nil, value, to: &out)
            case .histogram(let histogram):
                appendHistogram(family, series.labelValues, histogram, to: &out)
            }
        }
    }

    private static func appendHistogram(
        _ family: MetricFamilySnapshot, _ labelValues: [String], _ histogram: HistogramSnapshot, to out: inout [UInt8]
    ) {
        let names = family.labelNames
        for (bound, count) in zip(histogram.upperBounds, histogram.cumulativeCounts) {
            appendSample(family.name, suffix: "_bucket", names, labelValues, le: bound, Double(count), to: &out)
        }
        let count = Double(histogram.count)
        appendSample(family.name, suffix: "_bucket", names, labelValues, le: .infinity, count, to: &out)
        appendSample(family.name, suffix: "_sum", names, labelValues, le: nil, histogram.sum, to: &out)
        appendSample(family.name, suffix: "_count", names, labelValues, le: nil, count, to: &out)
    }

    /// `name_suffix{l1="v1",…,le="bound"} value\n`, with the braces left out when there are no labels.
    private static func appendSample(
        _ name: String, suffix: String, _ labelNames: [String], _ labelValues: [String], le: Double?, _ value: Double,
        to out: inout [UInt8]
    ) {
        out.append(contentsOf: name.utf8)
        out.append(contentsOf: suffix.utf8)
        if !labelNames.isEmpty || le != nil {
            out.append(UInt8(ascii: "{"))
            for (index, (label, value)) in zip(labelNames, labelValues).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: label.utf8)
                out.append(contentsOf: "=\"".utf8)
                appendEscaped(value, quotes: true, to: &out)
                out.append(UInt8(ascii: "\""))
            }
            if let le {
                if !labelNames.isEmpty { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: "le=\"".utf8)
                appendValue(le, to: &out)
                out.append(UInt8(ascii: "\""))
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: " "))
        appendValue(value, to: &out)
        out.append(UInt8(ascii: "\n"))
    }

    /// A sample value or `le` bound as Go's `strconv.ParseFloat` reads it.
    static func appendValue(_ value: Double, to out: inout [UInt8]) {
        if value.isNaN {
            out.append(contentsOf: "NaN".utf8)
        } else if value.isInfinite {
            out.append(contentsOf: (value < 0 ? "-Inf" : "+Inf").utf8)
        } else {
            NumberText.append(finite: value, to: &out)
        }
    }

    /// Escapes `\` and line feed (HELP text), plus `"` inside label values.
    static func appendEscaped(_ text: String, quotes: Bool, to out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\"") where quotes: out.append(contentsOf: "\\\"".utf8)
            default: out.append(byte)
            }
        }
    }
}
