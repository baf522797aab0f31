package import HyperplanCore

/// Precision, recall or F1: of the positive class (`precision`, `recall`, `f1`), or averaged over classes
/// (`precision_macro`, `f1_weighted`, ...).
///
/// As in scikit-learn, the averaged forms use the classes occurring in the true or predicted labels; a class
/// with no predicted rows has precision 0 and one with no true rows recall 0 (scikit-learn's `zero_division`
/// default, without its warning), and F1 is `2·tp / (2·tp + fp + fn)`, 0 when that denominator is 0.
///
/// The binary forms score class index 1, the second class in sorted label order (scikit-learn's
/// `pos_label=1` for 0/1 labels), and need exactly two classes: with more, the score is NaN and
/// `requiresBinary` lets the spec stage reject the metric first.
package struct PrecisionRecallF1: Metric {
    package enum Kind: String, Sendable { case precision, recall, f1 }
    package enum Average: String, Sendable {
        /// Unweighted mean over classes.
        case macro
        /// Mean weighted by each class's number of true rows.
        case weighted
        /// The positive class (index 1) of a two-class target only.
        case binary
    }

    /// The class index scored by the binary forms.
    package static let positiveClass = 1

    package let kind: Kind
    package let average: Average
    package let task = TaskKind.classification
    package let goal = OptimizationGoal.maximize
    package let needsProbabilities = false

    package init(kind: Kind, average: Average) {
        self.kind = kind
        self.average = average
    }

    package var name: String { average == .binary ? kind.rawValue : "\(kind.rawValue)_\(average.rawValue)" }

    package var requiresBinary: Bool { average == .binary }

    package var summary: String {
        switch average {
        case .macro: return "\(kind.rawValue), unweighted mean over classes"
        case .weighted: return "\(kind.rawValue), mean over classes weighted by support"
        case .binary: return "\(kind.rawValue) of the positive class (the second in sorted order), two classes only"
        }
    }

    package func score(truth: Targets, predictions: Predictions) -> Double {
        guard let (trueLabels, predicted, classCount) = classLabels(truth, predictions) else { return .nan }
        let confusion = ConfusionMatrix(truth: trueLabels, predicted: predicted, classCount: classCount)
        if average == .binary {
            // A label outside 0...1 widens the confusion matrix, so this also rejects such labels.
            guard classCount == 2, confusion.classCount == 2 else { return .nan }
            return value(of: Self.positiveClass, in: confusion)
        }
        var total = 0.0
        var weightTotal = 0.0
        for label in confusion.occurringLabels {
            let weight = average == .macro ? 1 : Double(confusion.support(label))
            total += weight * value(of: label, in: confusion)
            weightTotal += weight
        }
        return weightTotal > 0 ? total / weightTotal : 0
    }

    /// The class's precision, recall or F1, 0 where the ratio is 0/0.
    private func value(of label: Int, in confusion: ConfusionMatrix) -> Double {
        let truePositives = Double(confusion[label, label])
        let support = Double(confusion.support(label))
        let predictedCount = Double(confusion.predictedCount(label))
        switch kind {
        case .precision: return predictedCount > 0 ? truePositives / predictedCount : 0
        case .recall: return support > 0 ? truePositives / support : 0
        case .f1:
            let denominator = support + predictedCount
            return denominator > 0 ? 2 * truePositives / denominator : 0
        }
    }
}
