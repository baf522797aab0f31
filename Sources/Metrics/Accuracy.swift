import HyperplanCore

/// The fraction of rows whose predicted class is the true class.
public struct Accuracy: Metric {
    public let name = "accuracy"
    public let task = TaskKind.classification
    public let goal = OptimizationGoal.maximize
    public let needsProbabilities = false
    public let summary = "fraction of correctly classified rows"

    public init() {}

    public func score(truth: Targets, predictions: Predictions) -> Double {
        guard let (trueLabels, predicted, _) = classLabels(truth, predictions) else { return .nan }
        var correct = 0
        for index in trueLabels.indices where trueLabels[index] == predicted[index] { correct += 1 }
        return Double(correct) / Double(trueLabels.count)
    }
}

/// The mean recall over the classes present in the true labels (scikit-learn's `balanced_accuracy`).
public struct BalancedAccuracy: Metric {
    public let name = "balanced_accuracy"
    public let task = TaskKind.classification
    public let goal = OptimizationGoal.maximize
    public let needsProbabilities = false
    public let summary = "mean per-class recall, robust to class imbalance"

    public init() {}

    public func score(truth: Targets, predictions: Predictions) -> Double {
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
