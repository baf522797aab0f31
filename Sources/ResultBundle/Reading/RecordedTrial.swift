import HyperplanCore

/// A trial as `trials.jsonl` records it, read back for reports, `show`, `compare` and exports.
///
/// The fields mirror the record `BundleContents.trialRecord` writes (documented in `docs/bundles.md`); a record
/// missing a required field is refused with its line, so a damaged file never shows up as wrong numbers.
public struct RecordedTrial: Sendable, Hashable {
    public var trial: Int
    /// The searched values by dimension name (`model.C`), as recorded.
    public var parameters: [String: JSONValue]
    /// Everything the model received.
    public var hyperparameters: [String: JSONValue]
    public var schedule: [String: JSONValue]?
    /// `ok`, `failed`, `pruned` or `skipped`.
    public var status: String
    public var reason: String?
    public var prunedAt: Int?
    /// 1 is best; `nil` for trials that are not ok.
    public var rank: Int?
    /// `overfitting`, `underfitting`, `unstable` (see `FitDiagnosis`).
    public var flags: [String]
    /// Metric name → mean and standard deviation over folds.
    public var validation: [String: MeanAndSpread]
    public var train: [String: MeanAndSpread]
    public var folds: [RecordedFold]

    public var isOK: Bool { status == "ok" }

    /// - Throws: `BundleError` naming `place` (file and line) when the record is not a trial.
    public init(record: JSONValue, place: String) throws(BundleError) {
        guard let trial = record["trial"]?.intValue, let status = record["status"]?.stringValue,
            let parameters = record["parameters"]?.objectValue
        else { throw BundleError("\(place): not a trial record (it needs 'trial', 'status' and 'parameters')") }
        self.trial = trial
        self.status = status
        self.parameters = parameters
        hyperparameters = record["hyperparameters"]?.objectValue ?? [:]
        schedule = record["schedule"]?.objectValue
        reason = record["reason"]?.stringValue
        prunedAt = record["pruned_at"]?.intValue
        rank = record["rank"]?.intValue
        flags = record["flags"]?.arrayValue?.compactMap(\.stringValue) ?? []
        validation = MeanAndSpread.table(record["validation"])
        train = MeanAndSpread.table(record["train"])
        var folds: [RecordedFold] = []
        for fold in record["folds"]?.arrayValue ?? [] {
            folds.append(try RecordedFold(record: fold, place: place))
        }
        self.folds = folds
    }
}

/// A mean and population standard deviation over folds; `nil` parts were not finite numbers.
public struct MeanAndSpread: Sendable, Hashable {
    public var mean: Double?
    public var std: Double?

    public init(mean: Double?, std: Double?) {
        self.mean = mean
        self.std = std
    }

    static func table(_ value: JSONValue?) -> [String: MeanAndSpread] {
        (value?.objectValue ?? [:]).mapValues {
            MeanAndSpread(mean: $0["mean"]?.doubleValue, std: $0["std"]?.doubleValue)
        }
    }
}

/// One fold of a recorded trial.
public struct RecordedFold: Sendable, Hashable {
    public var fold: Int
    public var status: String
    public var reason: String?
    public var prunedAt: Int?
    /// Metric name → score; `nil` when it was not a finite number.
    public var train: [String: Double?]
    public var validation: [String: Double?]
    /// Iterations, convergence and the per-epoch history of a learner's fit.
    public var converged: Bool?
    public var iterations: Int?
    public var history: [RecordedEpoch]
    /// A trial command's intermediate reports (`{"epoch": 3, "val_loss": 0.41}`), in order.
    public var reports: [JSONValue]

    init(record: JSONValue, place: String) throws(BundleError) {
        guard let fold = record["fold"]?.intValue, let status = record["status"]?.stringValue else {
            throw BundleError("\(place): a fold record needs 'fold' and 'status'")
        }
        self.fold = fold
        self.status = status
        reason = record["reason"]?.stringValue
        prunedAt = record["pruned_at"]?.intValue
        train = (record["train"]?.objectValue ?? [:]).mapValues(\.doubleValue)
        validation = (record["validation"]?.objectValue ?? [:]).mapValues(\.doubleValue)
        let fit = record["fit"]
        if case .bool(let value)? = fit?["converged"] { converged = value }
        iterations = fit?["iterations"]?.intValue
        history = (fit?["history"]?.arrayValue ?? []).compactMap(RecordedEpoch.init(record:))
        reports = record["reports"]?.arrayValue ?? []
    }
}

/// One epoch of a scheduled learner's training, as recorded in a fold's `fit.history`.
public struct RecordedEpoch: Sendable, Hashable {
    public var epoch: Int
    public var learningRate: Double?
    public var trainLoss: Double?
    public var trainMetric: Double?
    public var validationLoss: Double?
    public var validationMetric: Double?

    init?(record: JSONValue) {
        guard let epoch = record["epoch"]?.intValue else { return nil }
        self.epoch = epoch
        learningRate = record["learning_rate"]?.doubleValue
        trainLoss = record["train_loss"]?.doubleValue
        trainMetric = record["train_metric"]?.doubleValue
        validationLoss = record["validation_loss"]?.doubleValue
        validationMetric = record["validation_metric"]?.doubleValue
    }
}
