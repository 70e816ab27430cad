/// The Prometheus metric types ragd exposes (summaries are left out: histograms aggregate across replicas).
package enum MetricType: String, Sendable {
    /// A monotonically increasing value (`# TYPE x counter`); its name ends in `_total`.
    case counter
    /// A value that goes up and down.
    case gauge
    /// Cumulative buckets plus `_sum` and `_count`.
    case histogram
}

/// The value of one series at scrape time.
package enum SeriesValue: Sendable, Equatable {
    /// A counter or gauge value.
    case scalar(Double)
    /// A histogram's buckets, sum and count.
    case histogram(HistogramSnapshot)
}

/// A histogram's state at scrape time, with the buckets already cumulative as the exposition format wants them.
package struct HistogramSnapshot: Sendable, Equatable {
    /// Finite upper bounds in increasing order; the `+Inf` bucket is implied and equals `count`.
    package var upperBounds: [Double]
    /// `cumulativeCounts[i]` = observations ≤ `upperBounds[i]`; same length as `upperBounds`.
    package var cumulativeCounts: [UInt64]
    /// The sum of all observations.
    package var sum: Double
    /// The number of observations (the `+Inf` bucket).
    package var count: UInt64

    /// Creates a snapshot; `cumulativeCounts` must match `upperBounds` in length and never decrease up to `count`.
    package init(upperBounds: [Double], cumulativeCounts: [UInt64], sum: Double, count: UInt64) {
        precondition(upperBounds.count == cumulativeCounts.count, "one cumulative count per bucket")
        self.upperBounds = upperBounds
        self.cumulativeCounts = cumulativeCounts
        self.sum = sum
        self.count = count
    }
}

/// One series: its label values (in the order of the family's label names) and its value.
package struct SeriesSnapshot: Sendable, Equatable {
    /// Label values, one per label name of the family.
    package var labelValues: [String]
    /// The sampled value.
    package var value: SeriesValue

    /// Creates a series snapshot.
    package init(labelValues: [String] = [], value: SeriesValue) {
        self.labelValues = labelValues
        self.value = value
    }
}

/// A metric family as the text renderer sees it. Registered families produce these at scrape time, and so do
/// collectors, which lets other modules export state (open connections, queue depth) without depending on the
/// registry's internals.
package struct MetricFamilySnapshot: Sendable, Equatable {
    /// The metric name (histogram samples append `_bucket`, `_sum`, `_count`).
    package var name: String
    /// The `# HELP` text.
    package var help: String
    /// The `# TYPE`.
    package var type: MetricType
    /// Label names shared by every series.
    package var labelNames: [String]
    /// The series, rendered in this order.
    package var series: [SeriesSnapshot]

    /// Creates a family snapshot; names are checked like registered ones (they are programmer-chosen).
    package init(name: String, help: String, type: MetricType, labelNames: [String] = [], series: [SeriesSnapshot]) {
        MetricNameRules.validate(family: name, type: type, labelNames: labelNames, help: help)
        for one in series {
            precondition(one.labelValues.count == labelNames.count, "\(name): label values do not match label names")
        }
        self.name = name
        self.help = help
        self.type = type
        self.labelNames = labelNames
        self.series = series
    }

    /// An unlabelled gauge with one value.
    package static func gauge(name: String, help: String, value: Double) -> MetricFamilySnapshot {
        MetricFamilySnapshot(name: name, help: help, type: .gauge, series: [SeriesSnapshot(value: .scalar(value))])
    }

    /// An unlabelled counter with one value.
    package static func counter(name: String, help: String, value: Double) -> MetricFamilySnapshot {
        MetricFamilySnapshot(name: name, help: help, type: .counter, series: [SeriesSnapshot(value: .scalar(value))])
    }
}
