import Datasets
import HyperplanCore
import Learners
import Planner
import Resampling

/// Where finished nodes are recorded (the bundle's journal); `record` is called on the scheduling loop and
/// must not block.
public protocol NodeRecorder: Sendable {
    func record(_ node: PlanNode, output: JSONValue)
}

extension NodeOutput {
    /// The output as a journal record: enough to restore it without running the node again.
    var record: JSONValue {
        switch self {
        case .dataset(let dataset):
            return .object(["rows": .int(dataset.rowCount)])
        case .trainingRows(let train, let test):
            return .object([
                "train": .array(train.map(JSONValue.int)), "test": test.map { .array($0.map(JSONValue.int)) } ?? .null,
            ])
        case .folds(let splits):
            return .object(["validation": .array(splits.map { .array($0.validation.map(JSONValue.int)) })])
        case .prepared(let prepared):
            return .object(["preprocessing": prepared.preprocessing.record])
        case .exportedFold(let files):
            // Written again when needed; the record says where they were.
            return .object(["train": .string(files.train.path), "held_out": .string(files.heldOut.path)])
        case .suggestion(let suggestion):
            return .object([
                "trial": .int(suggestion.trial.index), "configuration": suggestion.trial.configuration.json,
            ])
        case .fold(let result):
            return result.json
        case .trial(let result):
            // Derived from the folds; recorded for `hyperplan status`, recomputed on resume.
            return .object([
                "trial": .int(result.trial), "status": .string(result.statusName),
                "validation": .object(result.validation.mapValues(\.json)),
            ])
        case .selection(let selection):
            return .object(["best": selection.best.map(JSONValue.int) ?? .null])
        case .refit(let refit):
            // The fitted model itself is not restored: a resumed run that needs it fits it again. The record
            // holds the digest of its parameters, not the parameters: model.json has them, and a forest or a
            // k-nearest-neighbours model (its training set) would make the journal as large as the model.
            guard let refit else { return .object(["trial": .null]) }
            return .object([
                "trial": .int(refit.trial), "parameters_sha256": .string(ContentHash(json: refit.model.parameters).hex),
            ])
        case .testScores(let scores):
            return .object(["scores": scores.map { .object($0.mapValues(JSONValue.number)) } ?? .null])
        case .bundleWritten:
            return .object([:])
        }
    }
}

extension FoldResult {
    /// Rebuilds a fold result from its JSON (`json`); `nil` when the record is not one.
    init?(record: JSONValue) {
        guard let fold = record["fold"]?.intValue, let status = record["status"]?.stringValue,
            let train = record["train"]?.objectValue, let validation = record["validation"]?.objectValue
        else { return nil }
        func scores(_ object: [String: JSONValue]) -> [String: Double] {
            object.mapValues { $0.doubleValue ?? .nan }
        }
        self.init(
            fold: fold,
            status: FoldResult.Status(name: status, record: record),
            trainScores: scores(train), validationScores: scores(validation),
            report: record["fit"].flatMap(FitReport.init(record:)))
        reports = record["reports"]?.arrayValue ?? []
    }
}

extension FitReport {
    /// Rebuilds a fit report from its JSON (`json`).
    init?(record: JSONValue) {
        guard case .bool(let converged)? = record["converged"] else { return nil }
        let history = record["history"]?.arrayValue?.compactMap(EpochRecord.init(record:)) ?? []
        self.init(
            iterations: record["iterations"]?.intValue, converged: converged,
            objective: record["objective"].map { $0.doubleValue ?? .nan }, history: history)
    }
}

extension EpochRecord {
    init?(record: JSONValue) {
        guard let epoch = record["epoch"]?.intValue else { return nil }
        func number(_ key: String) -> Double? { record[key].map { $0.doubleValue ?? .nan } }
        self.init(
            epoch: epoch, learningRate: number("learning_rate") ?? .nan, trainLoss: number("train_loss") ?? .nan,
            trainMetric: number("train_metric"), validationLoss: number("validation_loss"),
            validationMetric: number("validation_metric"))
    }
}

extension FoldResult.Status {
    /// The status recorded as `name` (`ok`, `failed`, `pruned`, `skipped`) with its details from `record`.
    init(name: String, record: JSONValue) {
        switch name {
        case "ok": self = .ok
        case "pruned": self = .pruned(resource: record["pruned_at"]?.intValue ?? 0)
        case "skipped": self = .skipped(reason: record["reason"]?.stringValue ?? "the search had stopped")
        default: self = .failed(reason: record["reason"]?.stringValue ?? "failed")
        }
    }
}
