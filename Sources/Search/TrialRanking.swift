/// The order in which the adaptive strategies rank earlier trials, best first.
///
/// Completed trials come first, by loss; then pruned trials, those that got further (a larger `resource`)
/// first and, among equals, by their last intermediate loss (NaN counting as +∞); then pruned trials that
/// reported no loss; then failed trials (and completed ones whose loss is NaN). Ties keep trial order. This is
/// Optuna's ranking of complete and pruned trials in its TPE sampler (`_split_trials`), with failed trials last.
package struct TrialRanking: Sendable, Comparable {
    /// 0 completed, 1 pruned with a loss, 2 pruned without one, 3 failed.
    package let group: Int
    package let primary: Double
    package let secondary: Double
    package let trial: Int

    package init(_ outcome: TrialObservation.Outcome, trial: Int) {
        self.trial = trial
        switch outcome {
        case .completed(let loss) where !loss.isNaN:
            (group, primary, secondary) = (0, loss, 0)
        case .pruned(let loss?, let resource):
            (group, primary, secondary) = (1, -Double(resource), loss.isNaN ? .infinity : loss)
        case .pruned(nil, _):
            (group, primary, secondary) = (2, 0, 0)
        case .completed, .failed:
            (group, primary, secondary) = (3, 0, 0)
        }
    }

    /// Whether the trial says anything about its configuration's quality (it completed or was pruned).
    package var isInformative: Bool { group < 3 }

    package static func < (lhs: TrialRanking, rhs: TrialRanking) -> Bool {
        (lhs.group, lhs.primary, lhs.secondary, lhs.trial) < (rhs.group, rhs.primary, rhs.secondary, rhs.trial)
    }
}
