import Foundation
package import HyperplanCore

/// The mean negative log-likelihood of the true classes under the predicted probabilities (cross-entropy).
///
/// Probabilities are clipped to [ε, 1 − ε] with ε the machine epsilon, as scikit-learn does, so a
/// confident wrong prediction costs about 36 rather than infinity. Lower is better.
package struct LogLoss: Metric {
    package let name = "log_loss"
    package let task = TaskKind.classification
    package let goal = OptimizationGoal.minimize
    package let needsProbabilities = true
    package let summary = "cross-entropy of the predicted class probabilities"

    package init() {}

    package func score(truth: Targets, predictions: Predictions) -> Double {
        guard case .classes(let trueLabels, _) = truth,
            case .classes(_, let probabilities?) = predictions,
            probabilities.rows == trueLabels.count, !trueLabels.isEmpty
        else { return .nan }
        let epsilon = Double.ulpOfOne
        var total = 0.0
        for (row, label) in trueLabels.enumerated() {
            guard label < probabilities.columns else { return .nan }
            var rowSum = 0.0
            for column in 0..<probabilities.columns { rowSum += probabilities[row, column] }
            let probability = min(max(probabilities[row, label] / rowSum, epsilon), 1 - epsilon)
            total -= Foundation.log(probability)
        }
        return total / Double(trueLabels.count)
    }
}
