import Executor
import Foundation
import HyperplanCore

/// The finished trials of a bundle whose run has not written `trials.jsonl` yet (still running, killed, or
/// stopped before its first trial), rebuilt from the journal: each `fit_score` record is a fold's record exactly
/// as `trials.jsonl` holds it, and `plan.json` says which trial and fold each node is.
///
/// A trial is included once every one of its folds has a record. Its status, means, rank and flags follow the
/// rules of a finished run (`TrialResult`, `Selection`, `FitDiagnosis`).
enum JournalTrials {
    static func read(
        journal: Journal.Contents, plan: JSONValue, metrics: [String], metric: String, goal: OptimizationGoal
    ) throws(BundleError) -> [RecordedTrial] {
        let foldCount = plan["folds"]?.intValue ?? 1
        var configurations: [Int: JSONValue] = [:]
        var hyperparameters: [Int: JSONValue] = [:]
        for entry in plan["trials"]?.arrayValue ?? [] {
            guard let index = entry["index"]?.intValue else { continue }
            configurations[index] = entry["configuration"]
            hyperparameters[index] = entry["hyperparameters"]
        }
        // Node ID → (trial, fold) for fits, and the suggested configurations of adaptive strategies.
        var fits: [String: (trial: Int, fold: Int)] = [:]
        for node in plan["nodes"]?.arrayValue ?? [] {
            guard let id = node["id"]?.stringValue, let kind = node["kind"]?.stringValue else { continue }
            if kind == "fit_score", let label = node["label"]?.stringValue, let trial = trialNumber(in: label),
                let fold = node["inputs"]?["fold"]?.intValue
            {
                fits[id] = (trial, fold)
            }
        }
        var folds: [Int: [Int: JSONValue]] = [:]
        for id in journal.order {
            guard let record = journal.records[id] else { continue }
            if let position = fits[id.hex] {
                folds[position.trial, default: [:]][position.fold] = record
            } else if let trial = record["trial"]?.intValue, let configuration = record["configuration"] {
                configurations[trial] = configuration
            }
        }
        var trials: [RecordedTrial] = []
        for (trial, byFold) in folds.sorted(by: { $0.key < $1.key }) where byFold.count == foldCount {
            let foldRecords = byFold.sorted { $0.key < $1.key }.map(\.value)
            let statuses = foldRecords.map { $0["status"]?.stringValue ?? "failed" }
            if statuses.contains("skipped") { continue }
            var fields: [String: JSONValue] = [
                "trial": .int(trial), "parameters": configurations[trial] ?? .object([:]),
                "hyperparameters": hyperparameters[trial] ?? .object([:]), "folds": .array(foldRecords),
            ]
            fields.merge(status(of: foldRecords)) { $1 }
            if fields["status"] == .string("ok") {
                fields["validation"] = summaries(foldRecords, side: "validation", metrics: metrics)
                fields["train"] = summaries(foldRecords, side: "train", metrics: metrics)
            }
            trials.append(try RecordedTrial(record: .object(fields), place: "journal.jsonl"))
        }
        rank(&trials, metric: metric, goal: goal)
        return trials
    }

    /// `fit_score[trial 3, fold 1]` → 3.
    static func trialNumber(in label: String) -> Int? {
        guard let range = label.range(of: "trial ") else { return nil }
        return Int(label[range.upperBound...].prefix { $0.isNumber })
    }

    /// The trial's status from its folds', as `TrialResult` decides it: the first failed fold, else the
    /// smallest resource a fold was pruned at, else ok.
    private static func status(of folds: [JSONValue]) -> [String: JSONValue] {
        var pruned: Int?
        for fold in folds {
            switch fold["status"]?.stringValue {
            case "ok": continue
            case "pruned":
                let resource = fold["pruned_at"]?.intValue ?? 0
                pruned = min(pruned ?? resource, resource)
            default:
                let number = fold["fold"]?.intValue ?? 0
                let reason = fold["reason"]?.stringValue ?? "failed"
                return ["status": .string("failed"), "reason": .string("fold \(number): \(reason)")]
            }
        }
        if let pruned { return ["status": .string("pruned"), "pruned_at": .int(pruned)] }
        return ["status": .string("ok")]
    }

    private static func summaries(_ folds: [JSONValue], side: String, metrics: [String]) -> JSONValue {
        var table: [String: JSONValue] = [:]
        for metric in metrics {
            let values = folds.compactMap { $0[side]?[metric]?.doubleValue }
            // Training scores only where every fold has one (a trial command may report none).
            guard values.count == folds.count || side == "validation" else { continue }
            table[metric] = FoldSummary(values.count == folds.count ? values : [.nan]).json
        }
        return .object(table)
    }

    /// Ranks (1 = best, ties share the lowest) and fit diagnosis flags, as a finished run computes them.
    private static func rank(_ trials: inout [RecordedTrial], metric: String, goal: OptimizationGoal) {
        let scores = trials.map { $0.isOK ? ($0.validation[metric]?.mean ?? .nan) : Double.nan }
        var best: Int?
        for (position, score) in scores.enumerated() where !score.isNaN {
            if best.map({ goal.isBetter(score, than: scores[$0]) }) ?? true { best = position }
        }
        for position in trials.indices where !scores[position].isNaN {
            trials[position].rank =
                1 + scores.filter { !$0.isNaN && goal.isBetter($0, than: scores[position]) }.count
        }
        let diagnosis = FitDiagnosis(
            scores: trials.map { trial in
                FitDiagnosis.Scores(
                    isOK: trial.isOK, validationMean: trial.validation[metric]?.mean,
                    validationStd: trial.validation[metric]?.std, trainMean: trial.train[metric]?.mean)
            }, best: best, metric: metric, goal: goal)
        for position in trials.indices { trials[position].flags = diagnosis.names(at: position) }
    }
}
