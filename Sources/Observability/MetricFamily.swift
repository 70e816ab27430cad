import Synchronization

/// A kind of series a `MetricFamily` holds: `Counter`, `Gauge` or `Histogram`.
package protocol MetricSeries: AnyObject, Sendable {
    /// The value at scrape time.
    func sampledValue() -> SeriesValue
}

extension Counter: MetricSeries {
    /// The counter's value.
    package func sampledValue() -> SeriesValue { .scalar(value) }
}

extension Gauge: MetricSeries {
    /// The gauge's value.
    package func sampledValue() -> SeriesValue { .scalar(value) }
}

extension Histogram: MetricSeries {
    /// The histogram's cumulative buckets, sum and count.
    package func sampledValue() -> SeriesValue { .histogram(snapshot()) }
}

/// A registered metric family: one series per distinct set of label values, created on first use.
///
/// Cardinality guard: label values often come from requests, so after `maxSeries` distinct label sets every new set
/// is folded into one series whose values are all `"_overflow"`, and each fold is counted in
/// `ragd_metrics_series_overflow_total{family=…}`. Memory and `/metrics` size therefore stay bounded whatever
/// clients send. Label values longer than the registry's `maxLabelValueBytes` are truncated for the same reason.
package final class MetricFamily<Series: MetricSeries>: Sendable {
    /// The label value every label of the overflow series carries.
    package static var overflowLabelValue: String { "_overflow" }

    /// The metric name.
    package let name: String
    /// The `# HELP` text.
    package let help: String
    /// The metric type.
    package let type: MetricType
    /// The label names, in the order `labels(_:)` takes values.
    package let labelNames: [String]
    /// Histogram bucket bounds (empty for counters and gauges); part of the family's identity.
    package let bucketBounds: [Double]
    /// The most distinct label sets kept before folding into the overflow series.
    package let maxSeries: Int
    private let maxLabelValueBytes: Int
    private let makeSeries: @Sendable () -> Series
    private let onOverflow: (@Sendable () -> Void)?
    private let state = Mutex(State())

    private struct State {
        var series: [[String]: Series] = [:]
        var overflow: Series?
    }

    init(
        name: String, help: String, type: MetricType, labelNames: [String], bucketBounds: [Double] = [],
        maxSeries: Int, maxLabelValueBytes: Int, onOverflow: (@Sendable () -> Void)?,
        makeSeries: @escaping @Sendable () -> Series
    ) {
        precondition(maxSeries >= 1 && maxLabelValueBytes >= 1)
        self.name = name
        self.help = help
        self.type = type
        self.labelNames = labelNames
        self.bucketBounds = bucketBounds
        self.maxSeries = maxSeries
        self.maxLabelValueBytes = maxLabelValueBytes
        self.makeSeries = makeSeries
        self.onOverflow = onOverflow
        // An unlabelled family has exactly one series; create it now so it is exported (as 0) before first use.
        if labelNames.isEmpty { state.withLock { $0.series[[]] = makeSeries() } }
    }

    /// The series for `values` (one per label name, in order), created on first use. Cache the result on hot paths.
    package func labels(_ values: String...) -> Series { labels(values) }

    /// The series for `values` (one per label name, in order), created on first use. Cache the result on hot paths.
    package func labels(_ values: [String]) -> Series {
        precondition(values.count == labelNames.count, "\(name) takes \(labelNames.count) label values, got \(values.count)")
        // Copy only when a value needs cutting: this runs per request.
        let key = values.contains { $0.utf8.count > maxLabelValueBytes } ? values.map(bounded) : values
        let (series, folded) = state.withLock { state -> (Series, Bool) in
            if let existing = state.series[key] { return (existing, false) }
            // A client-supplied value equal to the overflow marker must not create a duplicate of that series.
            let isOverflowKey = !key.isEmpty && key.allSatisfy { $0 == Self.overflowLabelValue }
            if !isOverflowKey && state.series.count < maxSeries {
                let created = makeSeries()
                state.series[key] = created
                return (created, false)
            }
            if let overflow = state.overflow { return (overflow, !isOverflowKey) }
            let overflow = makeSeries()
            state.overflow = overflow
            return (overflow, !isOverflowKey)
        }
        if folded { onOverflow?() }
        return series
    }

    /// The number of distinct series, the overflow series included.
    package var seriesCount: Int { state.withLock { $0.series.count + ($0.overflow == nil ? 0 : 1) } }

    /// The family at scrape time: series sorted by label values (a stable order), the overflow series last. Only the
    /// handle list is copied under the lock; values are read afterwards, so a scrape never stalls increments.
    func snapshot() -> MetricFamilySnapshot {
        let (entries, overflow) = state.withLock { state in (Array(state.series), state.overflow) }
        var series = entries.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { key, handle in
            SeriesSnapshot(labelValues: key, value: handle.sampledValue())
        }
        if let overflow {
            let values = Array(repeating: Self.overflowLabelValue, count: labelNames.count)
            series.append(SeriesSnapshot(labelValues: values, value: overflow.sampledValue()))
        }
        return MetricFamilySnapshot(name: name, help: help, type: type, labelNames: labelNames, series: series)
    }

    /// `value` cut to at most `maxLabelValueBytes` UTF-8 bytes on a character-safe boundary.
    private func bounded(_ value: String) -> String {
        let utf8 = value.utf8
        guard utf8.count > maxLabelValueBytes else { return value }
        var end = utf8.index(utf8.startIndex, offsetBy: maxLabelValueBytes)
        // Step back over UTF-8 continuation bytes (0b10xx_xxxx) so no scalar is split.
        while end > utf8.startIndex && utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
        return String(decoding: utf8[..<end], as: UTF8.self)
    }
}

/// A family of counters.
package typealias CounterFamily = MetricFamily<Counter>
/// A family of gauges.
package typealias GaugeFamily = MetricFamily<Gauge>
/// A family of histograms.
package typealias HistogramFamily = MetricFamily<Histogram>
