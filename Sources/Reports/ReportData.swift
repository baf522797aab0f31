import Foundation
import HyperplanCore
import ResultBundle

/// The CSV files written beside a bundle's page, one per kind of chart data, with every value exactly as the
/// bundle holds it (pandas: `pd.read_csv("data/trials.csv")`).
enum ReportData {
    /// One row per trial: parameters, status, rank, flags, every metric's mean and std on validation and
    /// training rows, the best objective so far, and the trial's timing (from `timings.json`).
    static func trials(_ model: ReportModel) -> CSVTable {
        let snapshot = model.snapshot
        var header = ["trial"] + snapshot.dimensions.map(\.name) + ["status", "rank", "flags", "pruned_at", "reason"]
        for metric in snapshot.metrics {
            header += [
                "mean_validation_\(metric)", "std_validation_\(metric)", "mean_train_\(metric)", "std_train_\(metric)",
            ]
        }
        header += ["best_so_far_\(snapshot.metric)", "start_order", "fit_seconds"]
        var table = CSVTable(name: "trials.csv", header: header)
        for (trial, best) in zip(model.trials, model.bestSoFar) {
            var row = [String(trial.trial)]
            row += snapshot.dimensions.map { trial.parameters[$0.name].map(value) ?? "" }
            row += [
                trial.status.rawValue, trial.rank.map(String.init) ?? "", trial.flags.joined(separator: ";"),
                trial.prunedAt.map(String.init) ?? "", trial.reason ?? "",
            ]
            for metric in snapshot.metrics {
                let validation = trial.validation[metric], train = trial.train[metric]
                row += [validation?.mean, validation?.std, train?.mean, train?.std].map(CSVTable.number)
            }
            let timing = snapshot.timings?.trials[trial.trial]
            row += [
                CSVTable.number(best), timing.map { String($0.startOrder) } ?? "", CSVTable.number(timing?.fitSeconds),
            ]
            table.append(row)
        }
        return table
    }

    /// One row per trial and fold: status and every metric on validation and training rows.
    static func folds(_ model: ReportModel) -> CSVTable {
        let metrics = model.snapshot.metrics
        var table = CSVTable(
            name: "folds.csv",
            header: ["trial", "fold", "status", "rank"] + metrics.map { "validation_\($0)" }
                + metrics.map { "train_\($0)" })
        for trial in model.trials {
            for fold in trial.folds {
                table.append(
                    [String(trial.trial), String(fold.fold), fold.status.rawValue, trial.rank.map(String.init) ?? ""]
                        + metrics.map { CSVTable.number(fold.validation[$0] ?? nil) }
                        + metrics.map { CSVTable.number(fold.train[$0] ?? nil) })
            }
        }
        return table
    }

    /// Every epoch of every fold of the trials whose learning curves are drawn.
    static func learningCurves(_ model: ReportModel, selected: [LearningCurveChart.Selected]) -> CSVTable {
        var table = CSVTable(
            name: "learning_curves.csv",
            header: [
                "trial", "role", "fold", "step", "learning_rate", "train_loss", "validation_loss", "validation_metric",
            ])
        for entry in selected {
            for fold in entry.trial.folds {
                for epoch in fold.history {
                    table.append([
                        String(entry.trial.trial), entry.role, String(fold.fold), String(epoch.epoch),
                        CSVTable.number(epoch.learningRate), CSVTable.number(epoch.trainLoss),
                        CSVTable.number(epoch.validationLoss), CSVTable.number(epoch.validationMetric),
                    ])
                }
                for report in fold.reports {
                    guard let step = report["epoch"]?.intValue ?? report["step"]?.intValue else { continue }
                    table.append([
                        String(entry.trial.trial), entry.role, String(fold.fold), String(step), "", "", "",
                        CSVTable.number(report[model.metric]?.doubleValue),
                    ])
                }
            }
        }
        return table
    }

    /// Every timed node: session, slot, start and duration (seconds), and the trial and fold of fits.
    static func timeline(_ timings: RecordedTimings) -> CSVTable {
        var table = CSVTable(
            name: "timeline.csv", header: ["session", "slot", "kind", "label", "trial", "fold", "start", "seconds"])
        for node in timings.nodes {
            table.append([
                String(node.session), String(node.slot), node.kind, node.label, node.trial.map(String.init) ?? "",
                node.fold.map(String.init) ?? "", CSVTable.number(node.start), CSVTable.number(node.seconds),
            ])
        }
        return table
    }

    static func value(_ value: JSONValue) -> String {
        switch value {
        case .double(let number): return number.description
        default: return value.displayText
        }
    }
}
