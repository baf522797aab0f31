import Foundation
import HyperplanCore

/// One step of a trial's learning curve, averaged over the folds that reached it.
package struct CurvePoint: Sendable, Hashable {
    /// The epoch (scheduled learners) or the `epoch`/`step` a trial command reported.
    package var step: Int
    package var trainLoss: Double?
    package var validationLoss: Double?
    /// The objective on the fold's validation rows (a trial command: the objective's key in its reports).
    package var validationMetric: Double?
    package var learningRate: Double?
    /// How many folds reached this step.
    package var folds: Int
}

extension RecordedTrial {
    /// The trial's learning curve: per epoch, the mean over folds of the training loss, the validation loss and
    /// metric and the learning rate; for a trial command, its intermediate reports of `metric` by `epoch` or
    /// `step`. Empty when the learner does not train by epochs and the program reported nothing.
    package func learningCurve(metric: String) -> [CurvePoint] {
        struct Sums {
            var trainLoss = Mean(), validationLoss = Mean(), validationMetric = Mean(), learningRate = Mean()
            var folds = 0
        }
        var byStep: [Int: Sums] = [:]
        for fold in folds {
            for epoch in fold.history {
                var sums = byStep[epoch.epoch] ?? Sums()
                sums.trainLoss.add(epoch.trainLoss)
                sums.validationLoss.add(epoch.validationLoss)
                sums.validationMetric.add(epoch.validationMetric)
                sums.learningRate.add(epoch.learningRate)
                sums.folds += 1
                byStep[epoch.epoch] = sums
            }
            for report in fold.reports {
                guard let step = report["epoch"]?.intValue ?? report["step"]?.intValue else { continue }
                var sums = byStep[step] ?? Sums()
                sums.validationMetric.add(report[metric]?.doubleValue)
                sums.trainLoss.add(report["train_loss"]?.doubleValue ?? report["loss"]?.doubleValue)
                sums.learningRate.add(report["learning_rate"]?.doubleValue ?? report["lr"]?.doubleValue)
                sums.folds += 1
                byStep[step] = sums
            }
        }
        return byStep.sorted { $0.key < $1.key }.map { step, sums in
            CurvePoint(
                step: step, trainLoss: sums.trainLoss.value, validationLoss: sums.validationLoss.value,
                validationMetric: sums.validationMetric.value, learningRate: sums.learningRate.value, folds: sums.folds)
        }
    }

    /// A failure's reason without the fold it happened on (`fold 2: the training rows hold a single class` →
    /// `the training rows hold a single class`), for grouping failures.
    package var failureKind: String? {
        guard status == .failed, let reason else { return nil }
        if reason.hasPrefix("fold "), let colon = reason.firstIndex(of: ":") {
            return String(reason[reason.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        return reason
    }

    /// The searched values as `name=value`, with the prefix of the model block dropped (`knn: n_neighbors=5`).
    ///
    /// - Parameter order: dimension names in the order to list them (the space's order); others follow by name.
    ///   - compact: real numbers to four significant digits (`0.0007516`), for tables and hover text.
    package func parameterSummary(order: [String] = [], compact: Bool = true) -> String {
        let type = parameters["model.type"]?.stringValue
        let blockPrefix = type.map { "model.\($0)." }
        let position = { (name: String) -> Int in order.firstIndex(of: name) ?? order.count }
        let sorted = parameters.sorted { (position($0.key), $0.key) < (position($1.key), $1.key) }
        let pairs = sorted.compactMap { name, value -> String? in
            if name == "model.type" { return nil }
            var short = name
            if let blockPrefix, short.hasPrefix(blockPrefix) {
                short = String(short.dropFirst(blockPrefix.count))
            } else if short.hasPrefix("model.") {
                short = String(short.dropFirst("model.".count))
            }
            return "\(short)=\(compact ? value.compactText : value.displayText)"
        }
        let body =
            pairs.isEmpty
            ? (type == nil ? "(no searched hyperparameters)" : "(defaults)") : pairs.joined(separator: ", ")
        return type.map { "\($0): \(body)" } ?? body
    }
}

/// A running mean that ignores missing values.
struct Mean: Sendable {
    private var sum = 0.0
    private var count = 0

    mutating func add(_ value: Double?) {
        guard let value, value.isFinite else { return }
        sum += value
        count += 1
    }

    var value: Double? { count == 0 ? nil : sum / Double(count) }
}

extension JSONValue {
    /// The value with real numbers to four significant digits (`0.0007516`, `1.239e-05`), for compact labels.
    package var compactText: String {
        switch self {
        case .double(let value):
            guard value.isFinite, value != value.rounded() || abs(value) >= 1e6 else { return displayText }
            return String(format: "%.4g", value)
        case .array(let values): return "[" + values.map(\.compactText).joined(separator: ", ") + "]"
        default: return displayText
        }
    }

    /// The value as people read it in tables and labels: numbers in shortest form, strings bare, lists in brackets.
    package var displayText: String {
        switch self {
        case .null: return "none"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .double(let value): return NumberFormatting.shortest(value)
        case .string(let value): return value
        case .array(let values): return "[" + values.map(\.displayText).joined(separator: ", ") + "]"
        case .object: return canonicalString()
        }
    }
}
