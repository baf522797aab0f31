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
