import Foundation
import HyperplanCore
import ResultBundle

/// What every chart of one bundle's page reads: the snapshot, the objective of each trial in trial order, and
/// the text that describes a trial on hover.
struct ReportModel {
    let snapshot: BundleSnapshot
    /// Trials in trial order.
    let trials: [RecordedTrial]
    /// The objective's validation mean per trial (`nil` when not ok).
    let objective: [Double?]
    /// Dimension names in the order of `results.csv`.
    let dimensionOrder: [String]

    init(snapshot: BundleSnapshot) {
        self.snapshot = snapshot
        trials = snapshot.trials.sorted { $0.trial < $1.trial }
        let metric = snapshot.metric
        objective = trials.map { $0.isOK ? $0.validation[metric]?.mean : nil }
        dimensionOrder = snapshot.dimensions.map(\.name)
    }

    var metric: String { snapshot.metric }
    var goal: OptimizationGoal { snapshot.goal }

    /// The y-axis title of the objective on validation rows.
    var objectiveTitle: String { AxisTitle.metric(metric, goal: goal) }

    /// `trial 12 · C=10 · accuracy 0.9667 ± 0.0486`: the hover text of a trial's mark.
    func describe(_ trial: RecordedTrial) -> String {
        var text = "trial \(trial.trial) · \(trial.parameterSummary(order: dimensionOrder))"
        switch trial.status {
        case .ok:
            if let summary = trial.validation[metric], let mean = summary.mean {
                text += " · \(metric) \(ReportModel.number(mean))"
                if let std = summary.std { text += " ± \(ReportModel.number(std))" }
            }
            if let train = trial.train[metric]?.mean { text += " (train \(ReportModel.number(train)))" }
            if let rank = trial.rank { text += " · rank \(rank)" }
        case .pruned:
            text += " · pruned at \(trial.prunedAt.map(String.init) ?? "?")"
        default:
            text += " · \(trial.status.rawValue)" + (trial.reason.map { ": \($0)" } ?? "")
        }
        if !trial.flags.isEmpty { text += " · " + trial.flags.joined(separator: ", ") }
        return text
    }

    /// Four significant decimals, as in the terminal summary.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return NumberFormatting.shortest(value) }
        if value == 0 || (abs(value) >= 1e-3 && abs(value) < 1e6) { return NumberFormatting.fixed(value, digits: 4) }
        return String(format: "%.4g", value)
    }

    /// Whether `a` is a better objective than `b`.
    func isBetter(_ a: Double, than b: Double) -> Bool { goal.isBetter(a, than: b) }

    /// The best objective so far at each trial, in trial order (`nil` until the first ok trial).
    var bestSoFar: [Double?] {
        var best: Double?
        return objective.map { value in
            if let value, best.map({ isBetter(value, than: $0) }) ?? true { best = value }
            return best
        }
    }

    /// Whether the objective should be drawn on a log axis: positive and spanning more than three decades (a
    /// test function's regret, an unbounded loss).
    var objectiveIsLogScaled: Bool {
        let values = objective.compactMap { $0 }
        guard let low = values.min(), let high = values.max(), low > 0 else { return false }
        return high / low > 1000
    }
}
