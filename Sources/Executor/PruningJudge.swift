import HyperplanCore
import Learners
import Search
import Synchronization

/// Decides, for one fit of one trial, whether to stop at each resource it reaches (`search.pruning`).
///
/// The competitors are the same fold's values of the trials in the trial's suggestion history (those before
/// i − concurrency + 1) that belong to its bracket, so the decision is the same whatever `-j` is and
/// whichever trials finished first.
struct PruningJudge: Sendable {
    let rule: any PruningRule
    let bracket: Int
    let history: ObservationHistory?
    let fold: Int
    let goal: OptimizationGoal
    /// The best loss the fit has reported so far.
    private let best = BestLoss()

    init(rule: any PruningRule, bracket: Int, history: ObservationHistory?, fold: Int, goal: OptimizationGoal) {
        self.rule = rule
        self.bracket = bracket
        self.history = history
        self.fold = fold
        self.goal = goal
    }

    /// Whether to stop after `resource` with the monitored metric at `metric` (in the metric's own sense).
    func shouldPrune(resource: Int, metric: Double) -> Bool {
        let loss = goal == .maximize ? -metric : metric
        let bestSoFar = best.update(with: loss)
        guard rule.isCheckpoint(resource, bracket: bracket) else { return false }
        var competitors: [Double] = []
        var completed = 0
        var link = history
        while let entry = link {
            link = entry.previous
            guard entry.bracket == bracket else { continue }
            let isCompleted = entry.observation.loss != nil
            if isCompleted { completed += 1 }
            if type(of: rule).comparesWithCompletedTrialsOnly, !isCompleted { continue }
            if let value = entry.value(fold: fold, resource: resource) { competitors.append(value) }
        }
        return rule.shouldPrune(value: loss, best: bestSoFar, competitors: competitors, completedTrials: completed)
    }
}

/// One fold's intermediate losses of a trial by resource, ascending.
struct LossCurve: Sendable {
    var resources: [Int] = []
    var losses: [Double] = []

    /// The curve of a finished fit: its per-epoch validation metric, or a trial command's reports of the
    /// objective at each `epoch` or `step`.
    init(_ result: FoldResult, metric: String, goal: OptimizationGoal) {
        var points: [(Int, Double)] = []
        if let history = result.report?.history, !history.isEmpty {
            points = history.compactMap { record in record.validationMetric.map { (record.epoch, $0) } }
        } else {
            points = result.reports.compactMap { report in
                guard let resource = (report["epoch"] ?? report["step"])?.intValue,
                    let value = report[metric]?.doubleValue
                else { return nil }
                return (resource, value)
            }
        }
        points.sort { $0.0 < $1.0 }
        for (resource, value) in points where resources.last != resource {
            resources.append(resource)
            losses.append(goal == .maximize ? -value : value)
        }
    }

    func value(at resource: Int) -> Double? {
        var low = 0, high = resources.count
        while low < high {
            let middle = (low + high) / 2
            if resources[middle] < resource { low = middle + 1 } else { high = middle }
        }
        return low < resources.count && resources[low] == resource ? losses[low] : nil
    }
}

/// The best loss a fit has reported, updated from the training loop's thread.
final class BestLoss: Sendable {
    private let value = Mutex<Double>(.infinity)

    /// Records `loss` and returns the best so far (NaN losses are ignored).
    func update(with loss: Double) -> Double {
        value.withLock { best in
            if loss < best { best = loss }
            return best
        }
    }
}
