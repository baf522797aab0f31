package import HyperplanCore

/// The fraction of rows whose predicted class is the true class.
package struct Accuracy: Metric {
    package let name = "accuracy"
    package let task = TaskKind.classification
    package let goal = OptimizationGoal.maximize
    package let needsProbabilities = false
    package let summary = "fraction of correctly classified rows"

    package init() {}

    package func score(truth: Targets, predictions: Predictions) -> Double {
        guard let (trueLabels, predicted, _) = classLabels(truth, predictions) else { return .nan }
        var correct = 0
        for index in trueLabels.indices where trueLabels[index] == predicted[index] { correct += 1 }
        return Double(correct) / Double(trueLabels.count)
    }
}

/// The mean recall over the classes present in the true labels (scikit-learn's `balanced_accuracy`).
package struct BalancedAccuracy: Metric {
    package let name = "balanced_accuracy"
    package let task = TaskKind.classification
    package let goal = OptimizationGoal.maximize
    package let needsProbabilities = false
    package let summary = "mean per-class recall, robust to class imbalance"

    package init() {}

    package func score(truth: Targets, predictions: Predictions) -> Double {
        guard let (trueLabels, predicted, classCount) = classLabels(truth, predictions) else { return .nan }
        let confusion = ConfusionMatrix(truth: trueLabels, predicted: predicted, classCount: classCount)
        var total = 0.0
        var present = 0
        for label in 0..<confusion.classCount where confusion.support(label) > 0 {
            total += Double(confusion[label, label]) / Double(confusion.support(label))
            present += 1
        }
        return present > 0 ? total / Double(present) : .nan
    }
}
