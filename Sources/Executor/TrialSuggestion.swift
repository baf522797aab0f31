import HyperplanCore
import Planner
import Search

/// A sequenced trial's configuration (suggested by an adaptive strategy, or planned), with what the next
/// suggestion and the trial's pruning build on.
struct TrialSuggestion: Sendable {
    /// The trial as the fits see it: its configuration, hyperparameters and schedule.
    var trial: TrialGraph.Trial
    /// The outcomes this suggestion was made from: trials 0 ..< history.count.
    var history: ObservationHistory?
    /// The configurations suggested after those, up to and including this one's.
    var recent: [Configuration]
    /// Set when the search has stopped (`search.stop_when`, `search.patience`): the trial is not run.
    var stopReason: String? = nil
}

/// Trial outcomes in trial order, shared between suggestions: each suggestion adds at most one outcome to its
/// predecessor's, so the history is a linked list and no suggestion copies it.
final class ObservationHistory: Sendable {
    let previous: ObservationHistory?
    let observation: TrialObservation
    /// The trial's index: its position in the history.
    let trial: Int
    /// The trial's pruning bracket (0 without pruning or with a one-bracket rule).
    let bracket: Int
    /// Per fold, the trial's intermediate losses.
    let curves: [LossCurve]

    init(previous: ObservationHistory?, observation: TrialObservation, bracket: Int, curves: [LossCurve]) {
        self.previous = previous
        self.observation = observation
        self.bracket = bracket
        self.curves = curves
        trial = (previous?.trial ?? -1) + 1
    }

    var count: Int { trial + 1 }

    /// The outcomes, oldest first.
    ///
    /// - Complexity: O(count).
    var observations: [TrialObservation] {
        var result = [TrialObservation]()
        result.reserveCapacity(count)
        var link: ObservationHistory? = self
        while let current = link {
            result.append(current.observation)
            link = current.previous
        }
        return result.reversed()
    }

    func value(fold: Int, resource: Int) -> Double? {
        curves.indices.contains(fold) ? curves[fold].value(at: resource) : nil
    }
}

extension TrialResult {
    /// The trial as an adaptive strategy sees it: the objective's mean over folds, oriented so that lower is
    /// better; a failed trial or a non-finite mean carries no loss; a pruned one its folds' mean loss at the
    /// resource it was stopped at, where every fold reached it.
    func observation(metric: String, goal: OptimizationGoal, curves: [LossCurve]) -> TrialObservation {
        if case .pruned(let resource) = status {
            let values = curves.compactMap { $0.value(at: resource) }
            let loss =
                values.count == curves.count && !values.isEmpty ? values.reduce(0, +) / Double(values.count) : nil
            return TrialObservation(configuration: configuration, outcome: .pruned(loss: loss, resource: resource))
        }
        guard isOK, let mean = validation[metric]?.mean, mean.isFinite else {
            return TrialObservation(configuration: configuration, outcome: .failed)
        }
        return TrialObservation(
            configuration: configuration, outcome: .completed(loss: goal == .maximize ? -mean : mean))
    }
}
