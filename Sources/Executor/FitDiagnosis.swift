package import HyperplanCore
import Metrics

/// Flags each finished trial as overfitting, underfitting or unstable, from its scores on the objective metric.
/// The rule is written once here and in `docs/reports.md`; `results.csv`, `trials.jsonl`, `summary.json`,
/// `hyperplan show` and the report all use it.
///
/// Gaps are measured in the metric's own units, oriented so that a positive gap means "worse":
/// - a **score bounded by 1** (every built-in metric that is maximised: accuracy, balanced accuracy, precision,
///   recall, F1, ROC AUC, R², explained variance) uses absolute thresholds;
/// - any other metric (losses and errors, a trial command's metrics, a test function's value) uses thresholds
///   relative to the magnitude of the best trial's validation score, since its scale is the data's.
///
/// | flag | when |
/// |---|---|
/// | `overfitting` | the training score is better than the validation score by more than the threshold |
/// | `underfitting` | the training score is worse than the best trial's validation score by more than the threshold |
/// | `unstable` | the validation score's standard deviation over folds is more than twice the median over the ok trials (and above a floor) |
///
/// Only trials with status `ok` are flagged; over- and underfitting need training scores (a trial command that
/// reports no `train_` metric gets neither).
package struct FitDiagnosis: Sendable {
    /// A diagnosis of one trial.
    package enum Flag: String, Sendable, Hashable, CaseIterable, Comparable {
        case overfitting, underfitting, unstable

        package static func < (lhs: Flag, rhs: Flag) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }
    }

    /// The gap thresholds for one metric.
    package struct Thresholds: Sendable, Hashable {
        /// Absolute for bounded scores; a fraction of the best validation score's magnitude otherwise.
        package var gap: Double
        /// Whether `gap` is relative.
        package var relative: Bool
        /// The smallest standard deviation that can be unstable, in the same terms as `gap`.
        package var spreadFloor: Double

        /// Bounded scores: 0.05 (five points of accuracy); other metrics: 25 % of the best validation score.
        package static func forMetric(_ name: String) -> Thresholds {
            if let metric = MetricRegistry.metric(named: name), metric.goal == .maximize {
                return Thresholds(gap: 0.05, relative: false, spreadFloor: 0.01)
            }
            return Thresholds(gap: 0.25, relative: true, spreadFloor: 0.01)
        }
    }

    /// The flags of each trial of the selection, in its order (empty for trials that are not ok).
    package let flags: [Set<Flag>]
    package let thresholds: Thresholds

    /// One trial's objective scores, as the rule reads them.
    package struct Scores: Sendable, Hashable {
        package var isOK: Bool
        package var validationMean: Double?
        package var validationStd: Double?
        package var trainMean: Double?

        package init(isOK: Bool, validationMean: Double?, validationStd: Double?, trainMean: Double?) {
            self.isOK = isOK
            self.validationMean = validationMean
            self.validationStd = validationStd
            self.trainMean = trainMean
        }
    }

    package init(_ selection: Selection) {
        let metric = selection.metric
        self.init(
            scores: selection.trials.map { trial in
                Scores(
                    isOK: trial.isOK, validationMean: trial.validation[metric]?.mean,
                    validationStd: trial.validation[metric]?.std, trainMean: trial.train[metric]?.mean)
            }, best: selection.best, metric: metric, goal: selection.goal)
    }

    /// - Parameters:
    ///   - scores: each trial's objective scores.
    ///   - best: the position of the best trial in `scores`.
    package init(scores: [Scores], best: Int?, metric: String, goal: OptimizationGoal) {
        let thresholds = Thresholds.forMetric(metric)
        self.thresholds = thresholds
        let bestScore = best.flatMap { scores[$0].validationMean }
        let scale = thresholds.relative ? abs(bestScore ?? 0) : 1
        let limit = thresholds.gap * scale
        // "Worse by": positive when `a` is worse than `b` under the goal.
        let worse = { (a: Double, b: Double) -> Double in goal == .maximize ? b - a : a - b }
        let spreads = scores.compactMap { entry -> Double? in
            guard entry.isOK, let std = entry.validationStd, std.isFinite else { return nil }
            return std
        }.sorted()
        let middle = spreads.count / 2
        let medianSpread =
            spreads.isEmpty
            ? .nan : (spreads.count % 2 == 1 ? spreads[middle] : (spreads[middle - 1] + spreads[middle]) / 2)
        let spreadLimit = max(2 * medianSpread, thresholds.spreadFloor * scale)
        flags = scores.map { entry in
            guard entry.isOK, let validation = entry.validationMean, validation.isFinite else { return [] }
            var flags: Set<Flag> = []
            if let train = entry.trainMean, train.isFinite {
                if worse(validation, train) > limit { flags.insert(.overfitting) }
                if let bestScore, worse(train, bestScore) > limit { flags.insert(.underfitting) }
            }
            if let std = entry.validationStd, std.isFinite, std > spreadLimit { flags.insert(.unstable) }
            return flags
        }
    }

    /// The flags of the trial at `position` in the selection, in a fixed order (`overfitting`, `underfitting`,
    /// `unstable`).
    package func names(at position: Int) -> [String] {
        flags[position].sorted().map(\.rawValue)
    }
}
