package import HyperplanCore

/// A way to score predictions against true targets.
///
/// A new metric is one file with a conforming type plus a line in `MetricRegistry.all`. Scores are
/// computed once per fold, so the existential dispatch here is outside any per-sample loop.
package protocol Metric: Sendable {
    /// The name used in `search.metric` and `search.metrics`, as scikit-learn names the metric.
    var name: String { get }
    var task: TaskKind { get }
    /// Whether larger scores are better; `search.goal` can override it for the objective.
    var goal: OptimizationGoal { get }
    /// Whether the metric reads predicted class probabilities rather than predicted labels.
    var needsProbabilities: Bool { get }
    /// Whether the metric is defined for two classes only (`precision`, `recall`, `f1` of the positive class).
    ///
    /// The spec stage rejects such a metric for a target with more than two classes; given more, `score`
    /// returns NaN. Defaults to `false`.
    var requiresBinary: Bool { get }
    var summary: String { get }

    /// The score, or NaN when it is undefined for these inputs (for example probabilities are missing).
    func score(truth: Targets, predictions: Predictions) -> Double
}

extension Metric {
    package var requiresBinary: Bool { false }
}

/// Every registered metric.
package enum MetricRegistry {
    package static let all: [any Metric] = [
        Accuracy(),
        BalancedAccuracy(),
        PrecisionRecallF1(kind: .precision, average: .macro),
        PrecisionRecallF1(kind: .recall, average: .macro),
        PrecisionRecallF1(kind: .f1, average: .macro),
        PrecisionRecallF1(kind: .precision, average: .weighted),
        PrecisionRecallF1(kind: .recall, average: .weighted),
        PrecisionRecallF1(kind: .f1, average: .weighted),
        PrecisionRecallF1(kind: .precision, average: .binary),
        PrecisionRecallF1(kind: .recall, average: .binary),
        PrecisionRecallF1(kind: .f1, average: .binary),
        LogLoss(),
        ROCAUC(.standard),
        ROCAUC(.oneVsRest),
        MeanSquaredError(root: false),
        MeanSquaredError(root: true),
        MeanAbsoluteError(),
        R2Score(),
        ExplainedVariance(),
    ]

    package static func metric(named name: String) -> (any Metric)? { all.first { $0.name == name } }

    package static func names(for task: TaskKind) -> [String] { all.filter { $0.task == task }.map(\.name) }

    /// The objective when `search.metric` is not given.
    package static func defaultMetric(for task: TaskKind) -> String {
        task == .classification ? "accuracy" : "r2"
    }
}

/// Paired labels for classification metrics; `nil` when the inputs are not both class labels.
func classLabels(_ truth: Targets, _ predictions: Predictions) -> (truth: [Int], predicted: [Int], classCount: Int)? {
    guard case .classes(let trueLabels, let classCount) = truth,
        case .classes(let predicted, _) = predictions, trueLabels.count == predicted.count, !trueLabels.isEmpty
    else { return nil }
    return (trueLabels, predicted, classCount)
}

/// Paired values for regression metrics; `nil` when the inputs are not both real values.
func regressionValues(_ truth: Targets, _ predictions: Predictions) -> (truth: [Double], predicted: [Double])? {
    guard case .values(let trueValues) = truth, case .values(let predicted) = predictions,
        trueValues.count == predicted.count, !trueValues.isEmpty
    else { return nil }
    return (trueValues, predicted)
}
