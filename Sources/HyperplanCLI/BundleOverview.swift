import Foundation
import HyperplanCore
import ResultBundle

/// What `hyperplan show` prints: the run's outcome, its best trials, the best trial's learning curve and the
/// failures grouped by reason, as text or JSON.
struct BundleOverview {
    var snapshot: BundleSnapshot
    var top: Int

    private var order: [String] { snapshot.dimensions.map(\.name) }

    private var ranked: [RecordedTrial] {
        snapshot.trials.filter { $0.rank != nil }.sorted { ($0.rank ?? 0, $0.trial) < ($1.rank ?? 0, $1.trial) }
    }

    private var bestCurve: [CurvePoint] { snapshot.bestTrial?.learningCurve(metric: snapshot.metric) ?? [] }

    /// Failed trials grouped by reason (the fold number left out), the largest group first.
    private var failureGroups: [(reason: String, trials: [Int])] {
        var groups: [String: [Int]] = [:]
        for trial in snapshot.trials {
            if let kind = trial.failureKind { groups[kind, default: []].append(trial.trial) }
        }
        return groups.map { ($0.key, $0.value) }.sorted { ($1.trials.count, $0.reason) < ($0.trials.count, $1.reason) }
    }

    var text: String {
        let metric = snapshot.metric
        var lines: [String] = []
        let partial = snapshot.isPartial ? " (partial: the run has not finished)" : ""
        lines.append("\(snapshot.directory.relativePath): \(snapshot.status.state.rawValue)\(partial)")
        lines.append(
            "  \(snapshot.name): \(metric) (\(snapshot.goal.rawValue)), \(snapshot.trials.count) of "
                + "\(snapshot.plannedTrials) trials: \(snapshot.count(.ok)) ok, \(snapshot.count(.failed)) failed, "
                + "\(snapshot.count(.pruned)) pruned")
        if let best = snapshot.bestTrial {
            lines.append("best: trial \(best.trial): \(best.parameterSummary(order: order))")
            var scores = "  validation \(metric) \(Self.meanStd(best.validation[metric]))"
            if let train = best.train[metric]?.mean { scores += "   train \(Self.number(train))" }
            if let test = snapshot.summary?["test"]?[metric]?.doubleValue { scores += "   test \(Self.number(test))" }
            lines.append(scores)
        } else {
            lines.append("best: none (no trial succeeded)")
        }
        let shown = ranked.prefix(top)
        if !shown.isEmpty {
            lines.append("")
            lines.append("top \(shown.count) by \(metric):")
            let header = ["rank", "trial", "configuration", "validation", "train", "flags"]
            let rows = shown.map { trial in
                [
                    String(trial.rank ?? 0), String(trial.trial), trial.parameterSummary(order: order),
                    Self.meanStd(trial.validation[metric]), trial.train[metric]?.mean.map(Self.number) ?? "",
                    trial.flags.joined(separator: ", "),
                ]
            }
            lines.append(
                TextTable.render(header: header, rows: rows, rightAligned: [0, 1]).trimmingCharacters(in: .newlines))
        }
        lines.append("")
        lines.append(contentsOf: curveLines())
        let flagged = ["overfitting", "underfitting", "unstable"].map { flag in
            "\(snapshot.trials.filter { $0.flags.contains(flag) }.count) \(flag)"
        }
        lines.append("flags: " + flagged.joined(separator: ", ") + " (rules: docs/reports.md#fit-diagnosis)")
        let groups = failureGroups
        if !groups.isEmpty {
            lines.append("")
            lines.append("failures (\(snapshot.count(.failed)) trials):")
            for group in groups {
                let trials = group.trials.prefix(8).map(String.init).joined(separator: ", ")
                let more = group.trials.count > 8 ? ", …" : ""
                lines.append(
                    "  \(group.trials.count) × \(group.reason) (trial\(group.trials.count == 1 ? "" : "s") \(trials)\(more))"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func curveLines() -> [String] {
        guard let best = snapshot.bestTrial else { return [] }
        let curve = bestCurve
        guard curve.count >= 2 else {
            return ["learning curve: none (trial \(best.trial) does not train by epochs or report steps)"]
        }
        var lines = [
            "learning curve of trial \(best.trial) (mean over folds, step \(curve[0].step) → \(curve[curve.count - 1].step)):"
        ]
        let series: [(String, [Double?])] = [
            ("validation \(snapshot.metric)", curve.map(\.validationMetric)),
            ("training loss", curve.map(\.trainLoss)),
            ("learning rate", curve.map(\.learningRate)),
        ]
        let width = series.map(\.0.count).max() ?? 0
        for (label, values) in series {
            let present = values.compactMap { $0 }
            guard present.count >= 2, let first = present.first, let last = present.last else { continue }
            let name = label.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("  \(name)  \(Sparkline.render(values))  \(Self.number(first)) → \(Self.number(last))")
        }
        return lines
    }

    var json: JSONValue {
        let metric = snapshot.metric
        func trialJSON(_ trial: RecordedTrial) -> JSONValue {
            .object([
                "trial": .int(trial.trial), "rank": trial.rank.map(JSONValue.int) ?? .null,
                "parameters": .object(trial.parameters), "status": .string(trial.status.rawValue),
                "validation": Self.meanStdJSON(trial.validation[metric]),
                "train": Self.meanStdJSON(trial.train[metric]),
                "flags": .array(trial.flags.map(JSONValue.string)),
            ])
        }
        return .object([
            "bundle": .string(snapshot.directory.relativePath), "name": .string(snapshot.name),
            "state": .string(snapshot.status.state.rawValue), "partial": .bool(snapshot.isPartial),
            "metric": .string(metric), "goal": .string(snapshot.goal.rawValue),
            "planned_trials": .int(snapshot.plannedTrials), "trials": .int(snapshot.trials.count),
            "ok": .int(snapshot.count(.ok)), "failed": .int(snapshot.count(.failed)),
            "pruned": .int(snapshot.count(.pruned)),
            "best": snapshot.bestTrial.map(trialJSON) ?? .null,
            "test": snapshot.summary?["test"] ?? .null,
            "top": .array(ranked.prefix(top).map(trialJSON)),
            "learning_curve": .array(
                bestCurve.map { point in
                    .object([
                        "step": .int(point.step), "validation_metric": .number(point.validationMetric),
                        "train_loss": .number(point.trainLoss), "validation_loss": .number(point.validationLoss),
                        "learning_rate": .number(point.learningRate),
                    ])
                }),
            "failures": .array(
                failureGroups.map { group in
                    .object(["reason": .string(group.reason), "trials": .array(group.trials.map(JSONValue.int))])
                }),
        ])
    }

    static func number(_ value: Double) -> String { NumberFormatting.fixed(value, digits: 4) }

    static func meanStd(_ value: MeanAndSpread?) -> String {
        guard let mean = value?.mean else { return "" }
        return number(mean) + (value?.std.map { " ± " + number($0) } ?? "")
    }

    static func meanStdJSON(_ value: MeanAndSpread?) -> JSONValue {
        guard let value else { return .null }
        return .object(["mean": .number(value.mean), "std": .number(value.std)])
    }
}

/// A series as a line of block characters (▁▂▃▄▅▆▇█), resampled to at most `width` cells by averaging.
enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func render(_ values: [Double?], width: Int = 40) -> String {
        let cells = max(1, min(width, values.count))
        var buckets: [Double?] = []
        for cell in 0..<cells {
            let range =
                (cell * values.count / cells)..<max(cell * values.count / cells + 1, (cell + 1) * values.count / cells)
            let present = values[range].compactMap { $0 }.filter(\.isFinite)
            buckets.append(present.isEmpty ? nil : present.reduce(0, +) / Double(present.count))
        }
        let present = buckets.compactMap { $0 }
        guard let low = present.min(), let high = present.max() else { return "" }
        return String(
            buckets.map { value -> Character in
                guard let value else { return " " }
                guard high > low else { return blocks[3] }
                let level = Int(((value - low) / (high - low) * Double(blocks.count - 1)).rounded())
                return blocks[min(blocks.count - 1, max(0, level))]
            })
    }
}
