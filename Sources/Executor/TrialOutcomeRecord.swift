package import HyperplanCore

/// The `aggregate` node's journal record: a trial's status and its validation scores over folds, written as
/// each trial finishes so that `hyperplan status` can tell how a running sweep is going without reading fits.
///
/// Written by the executor and read by `BundleStatus` through `CanonicalCoding`; the status is its name only
/// (the reason is in the fold records).
package struct TrialOutcomeRecord: Codable, Sendable, Hashable {
    package var trial: Int
    package var status: OutcomeStatus
    /// Metric name → mean and standard deviation over folds; empty unless the trial is ok.
    package var validation: [String: FoldSummary]

    /// A record of `trial` with `status` and its validation scores.
    package init(trial: Int, status: OutcomeStatus, validation: [String: FoldSummary]) {
        self.trial = trial
        self.status = status
        self.validation = validation
    }
}
