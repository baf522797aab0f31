import HyperplanCore
import Planner
import Search

/// An adaptive strategy's answer for one trial, with what the next suggestion builds on.
struct TrialSuggestion: Sendable {
    /// The trial as the fits see it: its configuration, hyperparameters and schedule.
    var trial: TrialGraph.Trial
    /// The outcomes this suggestion was made from: trials 0 ..< history.count.
    var history: ObservationHistory?
    /// The configurations suggested after those, up to and including this one's.
    var recent: [Configuration]
}

/// Trial outcomes in trial order, shared between suggestions: each suggestion adds at most one outcome to its
/// predecessor's, so the history is a linked list and no suggestion copies it.
final class ObservationHistory: Sendable {
    let previous: ObservationHistory?
    let observation: TrialObservation
    let count: Int

    init(previous: ObservationHistory?, observation: TrialObservation) {
        self.previous = previous
        self.observation = observation
        count = (previous?.count ?? 0) + 1
    }

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
}

extension TrialResult {
    /// The trial as an adaptive strategy sees it: the objective's mean over folds, oriented so that lower is
    /// better; a failed trial or a non-finite mean carries no loss.
    func observation(metric: String, goal: OptimizationGoal) -> TrialObservation {
        guard isOK, let mean = validation[metric]?.mean, mean.isFinite else {
            return TrialObservation(configuration: configuration, outcome: .failed)
        }
        return TrialObservation(
            configuration: configuration, outcome: .completed(loss: goal == .maximize ? -mean : mean))
    }
}
