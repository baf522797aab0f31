import Executor
import Foundation
import HyperplanCore
import Planner

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
            if kind == FitScoreNode.kind, let label = node["label"]?.stringValue,
                let trial = trialNumber(in: label),
                let fold = node["inputs"]?["fold"]?.intValue
            {
                fits[id] = (trial, fold)
            }
        }
        var folds: [Int: [Int: FoldRecord]] = [:]
        for id in journal.order {
            guard let record = journal.records[id] else { continue }
            if let position = fits[id.hex] {
                do {
                    folds[position.trial, default: [:]][position.fold] = try CanonicalCoding.decode(
                        FoldRecord.self, from: record)
                } catch {
                    throw BundleError("journal.jsonl: not a fold record: \(error)")
                }
            } else if let suggestion = try? CanonicalCoding.decode(SuggestionRecord.self, from: record) {
                configurations[suggestion.trial] = .object(suggestion.configuration)
            }
        }
        var trials: [RecordedTrial] = []
        for (trial, byFold) in folds.sorted(by: { $0.key < $1.key }) where byFold.count == foldCount {
            let foldRecords = byFold.sorted { $0.key < $1.key }.map(\.value)
            if foldRecords.contains(where: { $0.status == .skipped }) { continue }
            var record = TrialRecord(
                trial: trial, status: .ok, parameters: configurations[trial]?.objectValue ?? [:],
                hyperparameters: hyperparameters[trial]?.objectValue ?? [:], folds: foldRecords)
            (record.status, record.reason, record.prunedAt) = status(of: foldRecords)
            if record.status == .ok {
                record.validation = summaries(foldRecords, side: \.validation, metrics: metrics)
                record.train = summaries(foldRecords, side: \.train, metrics: metrics)
            }
            trials.append(RecordedTrial(record))
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
    private static func status(of folds: [FoldRecord]) -> (status: OutcomeStatus, reason: String?, prunedAt: Int?) {
        var pruned: Int?
        for fold in folds {
            switch fold.status {
            case .ok: continue
            case .pruned:
                let resource = fold.prunedAt ?? 0
                pruned = min(pruned ?? resource, resource)
            case .failed, .skipped:
                return (.failed, "fold \(fold.fold): \(fold.reason ?? "failed")", nil)
            }
        }
        if let pruned { return (.pruned, nil, pruned) }
        return (.ok, nil, nil)
    }

    private static func summaries(
        _ folds: [FoldRecord], side: KeyPath<FoldRecord, [String: Double]>, metrics: [String]
    ) -> [String: FoldSummary] {
        var table: [String: FoldSummary] = [:]
        for metric in metrics {
            // A `null` score (not a finite number) counts as missing, as it reads.
            let values = folds.compactMap { $0[keyPath: side][metric] }.filter(\.isFinite)
            // Training scores only where every fold has one (a trial command may report none).
            guard values.count == folds.count || side == \FoldRecord.validation else { continue }
            table[metric] = FoldSummary(values.count == folds.count ? values : [.nan])
        }
        return table
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
