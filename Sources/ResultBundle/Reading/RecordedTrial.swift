import Executor
package import HyperplanCore
import Learners

/// A trial as `trials.jsonl` records it, read back for reports, `show`, `compare` and exports.
///
/// Read through `TrialRecord`, the type the run writes each line from (documented in `docs/bundles.md`); a record
/// missing a required field is refused with its line and key path, so a damaged file never shows up as wrong
/// numbers. Scores that were not finite numbers (`null`) read as `nil`.
package struct RecordedTrial: Sendable, Hashable {
    package var trial: Int
    /// The searched values by dimension name (`model.C`), as recorded.
    package var parameters: [String: JSONValue]
    /// Everything the model received.
    package var hyperparameters: [String: JSONValue]
    package var schedule: [String: JSONValue]?
    package var status: OutcomeStatus
    package var reason: String?
    package var prunedAt: Int?
    /// 1 is best; `nil` for trials that are not ok.
    package var rank: Int?
    /// `overfitting`, `underfitting`, `unstable` (see `FitDiagnosis`).
    package var flags: [String]
    /// Metric name → mean and standard deviation over folds.
    package var validation: [String: MeanAndSpread]
    package var train: [String: MeanAndSpread]
    package var folds: [RecordedFold]

    package var isOK: Bool { status == .ok }

    /// - Throws: `BundleError` naming `place` (file and line) and the key path when the record is not a trial.
    package init(record: JSONValue, place: String) throws(BundleError) {
        do {
            self.init(try CanonicalCoding.decode(TrialRecord.self, from: record))
        } catch {
            throw BundleError("\(place): not a trial record: \(error)")
        }
    }

    /// The trial a record holds.
    package init(_ record: TrialRecord) {
        trial = record.trial
        status = record.status
        parameters = record.parameters
        hyperparameters = record.hyperparameters
        schedule = record.schedule
        reason = record.reason
        prunedAt = record.prunedAt
        rank = record.rank
        flags = record.flags
        validation = record.validation.mapValues(MeanAndSpread.init)
        train = record.train.mapValues(MeanAndSpread.init)
        folds = record.folds.map(RecordedFold.init)
    }
}

/// A mean and population standard deviation over folds; `nil` parts were not finite numbers.
package struct MeanAndSpread: Sendable, Hashable {
    package var mean: Double?
    package var std: Double?

    package init(mean: Double?, std: Double?) {
        self.mean = mean
        self.std = std
    }

    /// A summary as recorded: `null` (NaN) parts are `nil`.
    init(_ summary: FoldSummary) {
        self.init(mean: summary.mean.finiteOrNil, std: summary.std.finiteOrNil)
    }
}

/// One fold of a recorded trial.
package struct RecordedFold: Sendable, Hashable {
    package var fold: Int
    package var status: OutcomeStatus
    package var reason: String?
    package var prunedAt: Int?
    /// Metric name → score; `nil` when it was not a finite number.
    package var train: [String: Double?]
    package var validation: [String: Double?]
    /// Iterations, convergence and the per-epoch history of a learner's fit.
    package var converged: Bool?
    package var iterations: Int?
    package var history: [RecordedEpoch]
    /// A trial command's intermediate reports (`{"epoch": 3, "val_loss": 0.41}`), in order.
    package var reports: [JSONValue]

    /// The fold a record holds.
    init(_ record: FoldRecord) {
        fold = record.fold
        status = record.status
        reason = record.reason
        prunedAt = record.prunedAt
        train = record.train.mapValues(\.finiteOrNil)
        validation = record.validation.mapValues(\.finiteOrNil)
        converged = record.fit?.converged
        iterations = record.fit?.iterations
        history = (record.fit?.history ?? []).map(RecordedEpoch.init)
        reports = record.reports
    }
}

/// One epoch of a scheduled learner's training, as recorded in a fold's `fit.history`.
package struct RecordedEpoch: Sendable, Hashable {
    package var epoch: Int
    package var learningRate: Double?
    package var trainLoss: Double?
    package var trainMetric: Double?
    package var validationLoss: Double?
    package var validationMetric: Double?

    /// The epoch as recorded.
    init(_ record: EpochRecord) {
        epoch = record.epoch
        learningRate = record.learningRate.finiteOrNil
        trainLoss = record.trainLoss.finiteOrNil
        trainMetric = record.trainMetric?.finiteOrNil
        validationLoss = record.validationLoss?.finiteOrNil
        validationMetric = record.validationMetric?.finiteOrNil
    }
}

extension Double {
    /// The number as a record reads back: `nil` where the writer wrote `null` (NaN).
    fileprivate var finiteOrNil: Double? { isFinite ? self : nil }
}
