import Synchronization

/// Something the registry asks for a family snapshot at scrape time.
protocol FamilyCollector: Sendable {
    func snapshot() -> MetricFamilySnapshot
}

extension MetricFamily: FamilyCollector {}

/// An unlabelled counter or gauge whose value is read by a closure at scrape time.
private struct FunctionMetric: FamilyCollector {
    let name: String
    let help: String
    let type: MetricType
    let read: @Sendable () -> Double

    func snapshot() -> MetricFamilySnapshot {
        MetricFamilySnapshot(name: name, help: help, type: type, series: [SeriesSnapshot(value: .scalar(read()))])
    }
}

/// The process's metrics: families registered by name, scrape-time functions and collectors, rendered as
/// Prometheus text.
///
/// Registering a name again with the same type, labels (and buckets) returns the existing family, so modules can
/// register what they use without coordinating; anything else with that name is a programmer error. The registry's
/// lock is held only to look up or add families and to copy the family list for a scrape.
package final class MetricsRegistry: Sendable {
    /// The default cap on distinct label sets per family.
    package static let defaultMaxSeriesPerFamily = 1_000
    /// The default cap on one label value's UTF-8 length; longer values are truncated.
    package static let defaultMaxLabelValueBytes = 256
    /// The counter of label sets folded into overflow series, labelled by family.
    package static let overflowCounterName = "ragd_metrics_series_overflow_total"

    /// The most distinct label sets one family keeps (see `MetricFamily`).
    package let maxSeriesPerFamily: Int
    /// The longest label value kept, in UTF-8 bytes.
    package let maxLabelValueBytes: Int
    private let overflowCounter: CounterFamily
    private let state: Mutex<State>

    private struct State {
        var families: [String: any FamilyCollector] = [:]
        /// Every sample name in use (a histogram `h` uses `h_bucket`, `h_sum`, `h_count`), to refuse clashes.
        var sampleNames: Set<String> = []
        var collectors: [@Sendable () -> [MetricFamilySnapshot]] = []
    }

    /// Creates an empty registry (holding only the overflow counter) with the given cardinality limits.
    package init(
        maxSeriesPerFamily: Int = defaultMaxSeriesPerFamily, maxLabelValueBytes: Int = defaultMaxLabelValueBytes
    ) {
        precondition(maxSeriesPerFamily >= 1 && maxLabelValueBytes >= 1)
        self.maxSeriesPerFamily = maxSeriesPerFamily
        self.maxLabelValueBytes = maxLabelValueBytes
        // One series per family at most, and families are programmer-chosen: this counter needs no guard of its own.
        overflowCounter = CounterFamily(
            name: Self.overflowCounterName, help: "Label sets folded into a family's _overflow series.", type: .counter,
            labelNames: ["family"], maxSeries: .max, maxLabelValueBytes: .max, onOverflow: nil, makeSeries: { Counter() }
        )
        var initial = State()
        initial.families[Self.overflowCounterName] = overflowCounter
        initial.sampleNames.insert(Self.overflowCounterName)
        state = Mutex(initial)
    }

    /// Registers (or returns the already registered) counter family `name`, which must end in `_total`.
    package func counter(name: String, help: String, labelNames: [String] = []) -> CounterFamily {
        family(name: name, help: help, type: .counter, labelNames: labelNames, bounds: []) { Counter() }
    }

    /// Registers (or returns the already registered) gauge family `name`.
    package func gauge(name: String, help: String, labelNames: [String] = []) -> GaugeFamily {
        family(name: name, help: help, type: .gauge, labelNames: labelNames, bounds: []) { Gauge() }
    }

    /// Registers (or returns the already registered) histogram family `name` with finite, increasing `buckets`
    /// (`+Inf` is always added).
    package func histogram(
        name: String, help: String, labelNames: [String] = [], buckets: [Double] = HistogramBuckets.defaultSeconds
    ) -> HistogramFamily {
        let bounds = HistogramBuckets.validated(buckets)
        return family(name: name, help: help, type: .histogram, labelNames: labelNames, bounds: bounds) {
            Histogram(upperBounds: bounds)
        }
    }

    /// Registers an unlabelled gauge whose value `read` returns at each scrape (it runs on the scraping thread: keep
    /// it quick and non-blocking).
    package func gaugeFunction(name: String, help: String, _ read: @escaping @Sendable () -> Double) {
        addFunction(FunctionMetric(name: name, help: help, type: .gauge, read: read))
    }

    /// Registers an unlabelled counter (name ending in `_total`) whose value `read` returns at each scrape.
    package func counterFunction(name: String, help: String, _ read: @escaping @Sendable () -> Double) {
        addFunction(FunctionMetric(name: name, help: help, type: .counter, read: read))
    }

    /// Adds a collector called at every scrape for whole families, so a module can export its state without this
    /// registry's handles. A collected family whose name (or sample names) is already taken is skipped, since two
    /// families of one name would make the whole scrape invalid.
    package func register(collector: @escaping @Sendable () -> [MetricFamilySnapshot]) {
        state.withLock { $0.collectors.append(collector) }
    }

    /// Every family, registered and collected, sorted by name.
    package func collect() -> [MetricFamilySnapshot] {
        let (families, collectors) = state.withLock { state in (Array(state.families.values), state.collectors) }
        var snapshots = families.map { $0.snapshot() }
        var taken = Set(snapshots.flatMap { Self.sampleNames(of: $0.name, type: $0.type) })
        for collector in collectors {
            for family in collector() {
                let names = Self.sampleNames(of: family.name, type: family.type)
                guard taken.isDisjoint(with: names) else { continue }
                taken.formUnion(names)
                snapshots.append(family)
            }
        }
        return snapshots.sorted { $0.name < $1.name }
    }

    /// The exposition text (`PrometheusText.contentType`) as bytes, ready for a response body.
    package func renderBytes() -> [UInt8] { PrometheusText.render(collect()) }

    /// The exposition text (`PrometheusText.contentType`).
    package func render() -> String { String(decoding: renderBytes(), as: UTF8.self) }

    private func family<Series: MetricSeries>(
        name: String, help: String, type: MetricType, labelNames: [String], bounds: [Double],
        make: @escaping @Sendable () -> Series
    ) -> MetricFamily<Series> {
        MetricNameRules.validate(family: name, type: type, labelNames: labelNames, help: help)
        return state.withLock { state in
            if let existing = state.families[name] {
                guard let family = existing as? MetricFamily<Series>, family.labelNames == labelNames,
                      family.bucketBounds == bounds
                else { preconditionFailure("metric \(name) is already registered with another type, labels or buckets") }
                return family
            }
            claim(name, type: type, in: &state)
            let overflowCounter = self.overflowCounter
            let family = MetricFamily(
                name: name, help: help, type: type, labelNames: labelNames, bucketBounds: bounds,
                maxSeries: maxSeriesPerFamily, maxLabelValueBytes: maxLabelValueBytes,
                onOverflow: { overflowCounter.labels(name).inc() }, makeSeries: make
            )
            state.families[name] = family
            return family
        }
    }

    private func addFunction(_ function: FunctionMetric) {
        MetricNameRules.validate(family: function.name, type: function.type, labelNames: [], help: function.help)
        state.withLock { state in
            precondition(state.families[function.name] == nil, "metric \(function.name) is already registered")
            claim(function.name, type: function.type, in: &state)
            state.families[function.name] = function
        }
    }

    private func claim(_ name: String, type: MetricType, in state: inout State) {
        let names = Self.sampleNames(of: name, type: type)
        precondition(state.sampleNames.isDisjoint(with: names), "metric \(name) clashes with a registered sample name")
        state.sampleNames.formUnion(names)
    }

    /// The names a family occupies: its own and, for a histogram, its samples' (the exposition format's suffixes).
    private static func sampleNames(of name: String, type: MetricType) -> Set<String> {
        type == .histogram ? [name, name + "_bucket", name + "_sum", name + "_count"] : [name]
    }
}
