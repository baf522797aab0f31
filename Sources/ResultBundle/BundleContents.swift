import Executor
import ExperimentSpec
import Foundation
import HyperplanCore
import Inference
import Learners
import Planner
import Search

/// The text of each bundle file, built from a `RunOutcome`. Everything but the timings is deterministic:
/// sorted keys, shortest round-trip numbers, rows in trial order, no timestamps.
enum BundleContents {
    static func trialRecord(_ trial: TrialResult, rank: Int?, flags: [String]) -> JSONValue {
        TrialRecord(trial, rank: rank, flags: flags).canonicalJSON
    }

    static func trialsJSONLines(_ outcome: RunOutcome) -> String {
        let diagnosis = FitDiagnosis(outcome.selection)
        return zip(outcome.selection.trials, outcome.selection.ranks).enumerated().map { position, element in
            trialRecord(element.0, rank: element.1, flags: diagnosis.names(at: position)).canonicalString() + "\n"
        }.joined()
    }

    /// One row per configuration: its parameters, status, rank, and mean and std of every metric on
    /// validation and training rows.
    static func resultsCSV(_ outcome: RunOutcome) -> String {
        let parameters = outcome.experiment.space.dimensions.map(\.name)
        let metrics = outcome.experiment.search.metrics
        let diagnosis = FitDiagnosis(outcome.selection)
        var header = ["trial"] + parameters + ["status", "rank", "flags"]
        for metric in metrics {
            header += [
                "mean_validation_\(metric)", "std_validation_\(metric)", "mean_train_\(metric)", "std_train_\(metric)",
            ]
        }
        var lines = [header.map(csvField).joined(separator: ",")]
        for (position, (trial, rank)) in zip(outcome.selection.trials, outcome.selection.ranks).enumerated() {
            var row = [String(trial.trial)]
            row += parameters.map { trial.configuration[$0]?.description ?? "" }
            row += [
                trial.outcome.rawValue, rank.map(String.init) ?? "",
                diagnosis.names(at: position).joined(separator: ";"),
            ]
            for metric in metrics {
                let validation = trial.validation[metric], train = trial.train[metric]
                row += [validation?.mean, validation?.std, train?.mean, train?.std].map { value in
                    value.map { $0.isFinite ? $0.description : "" } ?? ""
                }
            }
            lines.append(row.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func summary(_ outcome: RunOutcome) -> JSONValue {
        let experiment = outcome.experiment
        let selection = outcome.selection
        var fields: [String: JSONValue] = [
            "format": .int(BundleSnapshot.format),
            "name": .string(experiment.name),
            "experiment": .string(experiment.identity.hex),
            "metric": .string(experiment.search.metric),
            "goal": .string(experiment.search.goal.rawValue),
            "status": .string(BundleStatus.State(outcome).rawValue),
            "counts": .object([
                "planned_trials": .int(outcome.graph.trials.count),
                "trials": .int(selection.trials.count),
                "ok": .int(selection.trials.count - outcome.failedTrials - outcome.prunedTrials),
                "failed": .int(outcome.failedTrials),
                "pruned": .int(outcome.prunedTrials),
                "folds": .int(outcome.graph.foldCount),
                "fits": .int(selection.trials.count * outcome.graph.foldCount),
                "nodes": .int(outcome.graph.nodes.count),
            ]),
            "test": outcome.testScores.map { .object($0.mapValues(JSONValue.number)) } ?? .null,
        ]
        if case .stopped(let reason, let kind) = outcome.completion {
            fields["stopped"] = .object(["reason": .string(reason), "kind": .string(kind.rawValue)])
        }
        if let reason = selection.searchStopped { fields["search_stopped"] = .string(reason) }
        let diagnosis = FitDiagnosis(selection)
        var flagCounts: [String: JSONValue] = [:]
        for flag in FitDiagnosis.Flag.allCases {
            flagCounts[flag.rawValue] = .int(diagnosis.flags.filter { $0.contains(flag) }.count)
        }
        fields["diagnosis"] = .object([
            "counts": .object(flagCounts),
            "gap_threshold": .number(diagnosis.thresholds.gap),
            "gap_relative_to_best": .bool(diagnosis.thresholds.relative),
        ])
        if let best = selection.best {
            let trial = selection.trials[best]
            fields["best"] = .object([
                "flags": .array(diagnosis.names(at: best).map(JSONValue.string)),
                "trial": .int(trial.trial),
                "parameters": trial.configuration.json,
                "hyperparameters": trial.hyperparameters.json,
                "schedule": trial.schedule?.json ?? .null,
                "validation": .object(trial.validation.mapValues(\.json)),
                "train": .object(trial.train.mapValues(\.json)),
            ])
        } else {
            fields["best"] = .null
        }
        return .object(fields)
    }

    /// The refitted model with its whole fitted pipeline (`ModelFile`): what `hyperplan predict` applies.
    static func model(_ outcome: RunOutcome) -> JSONValue {
        let experiment = outcome.experiment
        guard let refit = outcome.refit,
            let trial = outcome.selection.trials.first(where: { $0.trial == refit.trial })
        else { return ModelFile.unfitted(type: experiment.model.type).json }
        let dataset = experiment.dataset
        return ModelFile(
            type: experiment.model.type(for: trial.configuration), trial: refit.trial,
            hyperparameters: trial.hyperparameters.json, schedule: trial.schedule?.json ?? .null, task: dataset?.task,
            target: dataset?.target, featureNames: refit.featureNames,
            classes: dataset?.task == .classification ? dataset?.classNames : nil, preprocessing: refit.preprocessing,
            parameters: refit.model.parameters, fitReport: refit.model.report.json, trainScores: refit.trainScores
        ).json
    }

    /// The test split's predictions (`predictions.csv`), or `nil` when there are none to write.
    static func predictions(_ outcome: RunOutcome) -> String? {
        guard let test = outcome.refit?.testPredictions, let dataset = outcome.experiment.dataset else { return nil }
        let csv = PredictionTable.csv(
            rows: test.rows, truth: test.truth, predictions: test.predictions,
            classes: dataset.task == .classification ? dataset.classNames : [], probabilities: true)
        return String(decoding: csv, as: UTF8.self)
    }
}
