import HyperplanCore

/// Precision, recall or F1 averaged over classes (`precision_macro`, `f1_weighted`, ...).
///
/// As in scikit-learn, the classes are those occurring in the true or predicted labels; a class with no
/// predicted rows has precision 0 (scikit-learn's `zero_division` default, without its warning), and
/// F1 is `2·tp / (2·tp + fp + fn)`.
public struct PrecisionRecallF1: Metric {
    public enum Kind: String, Sendable { case precision, recall, f1 }
    public enum Average: String, Sendable {
        /// Unweighted mean over classes.
        case macro
        /// Mean weighted by each class's number of true rows.
        case weighted
    }

    public let kind: Kind
    public let average: Average
    public let task = TaskKind.classification
    public let goal = OptimizationGoal.maximize
    public let needsProbabilities = false

    public init(kind: Kind, average: Average) {
        self.kind = kind
        self.average = average
    }

    public var name: String { "\(kind.rawValue)_\(average.rawValue)" }

    public var summary: String {
        let averaging = average == .macro ? "unweighted mean over classes" : "mean over classes weighted by support"
        return "\(kind.rawValue), \(averaging)"
    }

    public func score(truth: Targets, predictions: Predictions) -> Double {
        guard let (trueLabels, predicted, classCount) = classLabels(truth, predictions) else { return .nan }
        let confusion = ConfusionMatrix(truth: trueLabels, predicted: predicted, classCount: classCount)
        var total = 0.0
        var weightTotal = 0.0
        for label in confusion.occurringLabels {
            let truePositives = Double(confusion[label, label])
            let support = Double(confusion.support(label))
            let predictedCount = Double(confusion.predictedCount(label))
            let value: Double
            switch kind {
            case .precision: value = predictedCount > 0 ? truePositives / predictedCount : 0
            case .recall: value = support > 0 ? truePositives / support : 0
            case .f1:
                let denominator = support + predictedCount
                value = denominator > 0 ? 2 * truePositives / denominator : 0
            }
            let weight = average == .macro ? 1 : support
            total += weight * value
            weightTotal += weight
        }
        return weightTotal > 0 ? total / weightTotal : 0
    }
}
