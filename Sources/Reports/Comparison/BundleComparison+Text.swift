import Analysis
import Foundation
package import HyperplanCore
import ResultBundle

extension BundleComparison {
    /// The comparison for the terminal.
    package var text: String {
        guard let base = snapshots.first else { return "" }
        var lines = ["compare: \(snapshots.count) bundles (bundle 1 is the baseline)"]
        for (index, snapshot) in snapshots.enumerated() {
            lines.append(
                "  \(index + 1)  \(snapshot.directory.relativePath)  (\(ExperimentChanges.fileName(snapshot)), \(snapshot.isPartial ? "partial" : snapshot.status.state.rawValue))"
            )
        }
        lines.append("")
        if changes.changes.isEmpty {
            lines.append("experiments: identical after defaults are filled in")
        } else {
            lines.append(
                "experiment differences (\(changes.changes.count) key\(changes.changes.count == 1 ? "" : "s")):")
            for change in changes.changes {
                lines.append("  \(change.key)")
                for (index, (value, place)) in zip(change.values, change.places).enumerated() {
                    lines.append("    \(index + 1): \(ExperimentChanges.display(value))   \(place)")
                }
            }
        }
        lines.append("")
        lines.append("best scores (\(base.metric), \(base.goal == .maximize ? "higher" : "lower") is better):")
        lines.append(TextTable.render(header: scoreHeader, rows: scoreRows).trimmingCharacters(in: .newlines))
        for pair in pairs {
            lines.append("")
            if let test = pair.test {
                lines.append(
                    "paired per-fold comparison of bundle \(pair.other + 1) with bundle 1 (the same \(pair.differences.count) folds):"
                )
                lines.append("  " + verdict(test, pair: pair))
                lines.append(
                    "  per fold (positive: bundle \(pair.other + 1) better): "
                        + pair.differences.map(Self.signed).joined(separator: ", "))
            } else if let reason = pair.reason {
                lines.append("bundle \(pair.other + 1) against bundle 1: \(reason)")
            }
        }
        if !warnings.isEmpty {
            lines.append("")
            for warning in warnings { lines.append("warning: \(warning)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One sentence: the mean difference, the statistic and whether it stands out from fold noise.
    func verdict(_ test: CorrectedResampledTTest, pair: Pair) -> String {
        let metric = snapshots[0].metric
        let side =
            test.meanDifference > 0
            ? "bundle \(pair.other + 1) better" : (test.meanDifference < 0 ? "bundle 1 better" : "no difference")
        let distinguishable = test.pValue < Self.significance
        return
            "mean difference \(Self.signed(test.meanDifference)) \(metric) (\(side)), t = \(NumberFormatting.fixed(test.t, digits: 3)), "
            + "df = \(test.degreesOfFreedom), p = \(Self.pValue(test.pValue))"
            + (test.confidenceInterval().map {
                ", 95 % interval [\(Self.signed($0.lowerBound)), \(Self.signed($0.upperBound))]"
            } ?? "")
            + ": "
            + (distinguishable
                ? "distinguishable from fold noise (p < \(Self.significance))" : "not distinguishable from fold noise")
    }

    var scoreHeader: [String] {
        ["bundle", "state", "trials ok/failed/pruned", "best trial", "cv \(snapshots[0].metric)", "train", "test"]
    }

    var scoreRows: [[String]] {
        let metric = snapshots[0].metric
        return snapshots.enumerated().map { index, snapshot in
            let best = snapshot.bestTrial
            let validation = best?.validation[metric]
            let cv =
                validation?.mean.map { "\(ReportModel.number($0)) ± \(ReportModel.number(validation?.std ?? 0))" }
                ?? "–"
            return [
                String(index + 1), snapshot.isPartial ? "partial" : snapshot.status.state.rawValue,
                "\(snapshot.count(.ok))/\(snapshot.count(.failed))/\(snapshot.count(.pruned))",
                best.map { String($0.trial) } ?? "–", cv, best?.train[metric]?.mean.map(ReportModel.number) ?? "–",
                snapshot.summary?["test"]?[metric]?.doubleValue.map(ReportModel.number) ?? "–",
            ]
        }
    }

    static func signed(_ value: Double) -> String {
        (value > 0 ? "+" : "") + ReportModel.number(value)
    }

    static func pValue(_ value: Double) -> String {
        value < 0.0001 ? "< 0.0001" : NumberFormatting.fixed(value, digits: 4)
    }

    /// The comparison as JSON, for scripts.
    package var json: JSONValue {
        let differences: [JSONValue] = changes.changes.map { change in
            .object([
                "key": .string(change.key), "values": .array(change.values.map { $0 ?? .null }),
                "places": .array(change.places.map(JSONValue.string)),
            ])
        }
        let scores: [JSONValue] = scoreRows.map { row in
            .object(Dictionary(uniqueKeysWithValues: zip(scoreHeader, row.map(JSONValue.string))))
        }
        let paired: [JSONValue] = pairs.map(pairJSON)
        return .object([
            "bundles": .array(snapshots.map { .string($0.directory.relativePath) }),
            "metric": .string(snapshots.first?.metric ?? ""), "differences": .array(differences),
            "scores": .array(scores), "paired": .array(paired), "warnings": .array(warnings.map(JSONValue.string)),
        ])
    }

    private func pairJSON(_ pair: Pair) -> JSONValue {
        var fields: [String: JSONValue] = [
            "bundle": .int(pair.other + 1), "differences": .array(pair.differences.map(JSONValue.number)),
            "reason": pair.reason.map(JSONValue.string) ?? .null,
        ]
        if let test = pair.test {
            fields["mean_difference"] = .number(test.meanDifference)
            fields["t"] = .number(test.t)
            fields["degrees_of_freedom"] = .int(test.degreesOfFreedom)
            fields["p_value"] = .number(test.pValue)
            fields["distinguishable"] = .bool(test.pValue < Self.significance)
        }
        return .object(fields)
    }
}
