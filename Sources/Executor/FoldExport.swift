import Datasets
import Foundation
import HyperplanCore

/// A fold's rows written as CSV files for a trial command: the training rows and the held-out rows
/// (validation rows of a fold, or the test rows of the final split), with the original column values.
struct ExportedFold: Sendable {
    var train: URL
    var heldOut: URL
}

enum FoldExport {
    /// Writes `train` and `heldOut` rows of `dataset` (features, then the target) under `directory`.
    ///
    /// - Throws: `NodeEvaluator.RunFailure` when the files cannot be written.
    static func write(
        _ dataset: SupervisedDataset, train: [Int], heldOut: [Int], to directory: URL, heldOutName: String
    ) throws -> ExportedFold {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let trainURL = directory.appendingPathComponent("train.csv")
            let heldOutURL = directory.appendingPathComponent("\(heldOutName).csv")
            try csv(dataset, rows: train).write(to: trainURL, atomically: true, encoding: .utf8)
            try csv(dataset, rows: heldOut).write(to: heldOutURL, atomically: true, encoding: .utf8)
            return ExportedFold(train: trainURL, heldOut: heldOutURL)
        } catch {
            throw NodeEvaluator.RunFailure(
                message: "cannot write the fold's CSV files in '\(directory.path)': \(SystemReason.of(error))")
        }
    }

    /// Writes rows already transformed by the fold's fitted preprocessing (`dataset.preprocess`): the feature
    /// columns the preprocessing produces (one-hot columns, imputed and standardized values), then the target.
    static func write(
        _ prepared: PreparedRows, dataset: SupervisedDataset, to directory: URL, heldOutName: String
    ) throws -> ExportedFold {
        let header = prepared.preprocessing.featureNames + [dataset.targetName]
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let trainURL = directory.appendingPathComponent("train.csv")
            let heldOutURL = directory.appendingPathComponent("\(heldOutName).csv")
            try csv(header: header, features: prepared.trainFeatures, targets: prepared.trainTargets, dataset: dataset)
                .write(to: trainURL, atomically: true, encoding: .utf8)
            try csv(
                header: header, features: prepared.heldOutFeatures, targets: prepared.heldOutTargets, dataset: dataset
            )
            .write(to: heldOutURL, atomically: true, encoding: .utf8)
            return ExportedFold(train: trainURL, heldOut: heldOutURL)
        } catch {
            throw NodeEvaluator.RunFailure(
                message: "cannot write the fold's CSV files in '\(directory.path)': \(SystemReason.of(error))")
        }
    }

    static func csv(header: [String], features: Matrix, targets: Targets, dataset: SupervisedDataset) -> String {
        var lines = [header.map(field).joined(separator: ",")]
        lines.reserveCapacity(features.rows + 1)
        for row in 0..<features.rows {
            var values = (0..<features.columns).map { NumberFormatting.shortest(features[row, $0]) }
            switch targets {
            case .classes(let labels, _): values.append(field(dataset.classNames[labels[row]]))
            case .values(let numbers): values.append(NumberFormatting.shortest(numbers[row]))
            }
            lines.append(values.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The rows as CSV: a header of the feature columns and the target, values as read (missing values empty).
    static func csv(_ dataset: SupervisedDataset, rows: [Int]) -> String {
        var lines = [(dataset.featureColumns.map(\.name) + [dataset.targetName]).map(field).joined(separator: ",")]
        lines.reserveCapacity(rows.count + 1)
        for row in rows {
            var values = dataset.featureColumns.map { column -> String in
                switch column.values {
                case .numeric(let numbers): return numbers[row].isNaN ? "" : NumberFormatting.shortest(numbers[row])
                case .categorical(let codes, let categories):
                    return codes[row] < 0 ? "" : field(categories[Int(codes[row])])
                }
            }
            switch dataset.targets {
            case .classes(let labels, _): values.append(field(dataset.classNames[labels[row]]))
            case .values(let targets): values.append(NumberFormatting.shortest(targets[row]))
            }
            lines.append(values.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
