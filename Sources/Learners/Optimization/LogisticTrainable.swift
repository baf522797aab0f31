import Foundation
import HyperplanCore

/// Logistic regression as a `TrainableModel`, for `solver: sgd`: the objective of `CrossEntropyObjective`
/// (mean weighted cross-entropy plus (λ/2)‖W‖², parameters in blocks of coefficients then intercept) on
/// batches of rows, so the training loop can minimise it by mini-batch steps.
struct LogisticTrainable: TrainableModel {
    let features: Matrix
    /// Class positions among the fitted classes (0..<max(vectors, 2)).
    let labels: [Int]
    let vectors: Int
    let fitIntercept: Bool
    let penaltyWeight: Double
    let sampleWeights: [Double]?
    /// The dataset's class indices of the fitted classes, and how many classes the dataset has.
    let classes: [Int]
    let classCount: Int
    private var scores: [Double] = []

    init(
        features: Matrix, labels: [Int], vectors: Int, fitIntercept: Bool, penaltyWeight: Double,
        sampleWeights: [Double]?, classes: [Int], classCount: Int
    ) {
        self.features = features
        self.labels = labels
        self.vectors = vectors
        self.fitIntercept = fitIntercept
        self.penaltyWeight = penaltyWeight
        self.sampleWeights = sampleWeights
        self.classes = classes
        self.classCount = classCount
    }

    var rowCount: Int { features.rows }
    var strata: [Int]? { labels }

    /// The scratch of `CrossEntropyObjective.accumulate` is one row's scores, whatever the batch size.
    mutating func reserve(batchSize: Int) { scores = [Double](repeating: 0, count: vectors) }

    mutating func lossAndGradient(
        rows: UnsafeBufferPointer<Int>, parameters: UnsafeBufferPointer<Double>,
        gradient: UnsafeMutableBufferPointer<Double>, noise: inout SeededGenerator
    ) -> Double {
        let columns = features.columns, stride = columns + 1, k = vectors
        for index in gradient.indices { gradient[index] = 0 }
        var loss = 0.0
        features.storage.withUnsafeBufferPointer { x in
            scores.withUnsafeMutableBufferPointer { z in
                for row in rows {
                    loss += CrossEntropyObjective.accumulate(
                        row: UnsafeBufferPointer(rebasing: x[(row * columns)..<((row + 1) * columns)]),
                        label: labels[row], weight: sampleWeights?[row] ?? 1, parameters: parameters, classes: k,
                        fitIntercept: fitIntercept, scores: z, gradient: gradient)
                }
            }
        }
        let inverse = 1 / Double(max(rows.count, 1))
        for index in gradient.indices { gradient[index] *= inverse }
        var penalty = 0.0
        if penaltyWeight > 0 {
            for v in 0..<k {
                for j in 0..<columns {
                    let value = parameters[v * stride + j]
                    gradient[v * stride + j] += penaltyWeight * value
                    penalty += value * value
                }
            }
        }
        return loss * inverse + 0.5 * penaltyWeight * penalty
    }

    func evaluate(rows: [Int], parameters: [Double]) -> HeldOutEvaluation {
        let model = fitted(parameters)
        let subset = features.selectingRows(rows)
        let truth = rows.map { classes[labels[$0]] }
        return HeldOutEvaluation(
            loss: Self.crossEntropy(model.predict(subset), truth: truth),
            score: Self.accuracy(model.predict(subset), truth))
    }

    func evaluate(features: Matrix, targets: Targets, parameters: [Double]) -> (loss: Double, predictions: Predictions)
    {
        let predictions = fitted(parameters).predict(features)
        guard case .classes(let truth, _) = targets else { return (.nan, predictions) }
        return (Self.crossEntropy(predictions, truth: truth), predictions)
    }

    private func fitted(_ parameters: [Double]) -> FittedLogisticModel {
        let columns = features.columns, stride = columns + 1
        return FittedLogisticModel(
            coefficients: (0..<vectors).map { Array(parameters[($0 * stride)..<($0 * stride + columns)]) },
            intercepts: (0..<vectors).map { parameters[$0 * stride + columns] }, classes: classes,
            classCount: classCount, report: FitReport())
    }

    /// Mean −log p(true class), probabilities clipped to [ε, 1 − ε] as `log_loss` does.
    static func crossEntropy(_ predictions: Predictions, truth: [Int]) -> Double {
        guard case .classes(_, let probabilities?) = predictions, !truth.isEmpty else { return .nan }
        var total = 0.0
        for (row, label) in truth.enumerated() {
            total -= Foundation.log(min(max(probabilities[row, label], Double.ulpOfOne), 1 - Double.ulpOfOne))
        }
        return total / Double(truth.count)
    }

    static func accuracy(_ predictions: Predictions, _ truth: [Int]) -> Double {
        guard case .classes(let labels, _) = predictions, !truth.isEmpty else { return .nan }
        return Double(zip(labels, truth).filter { $0 == $1 }.count) / Double(truth.count)
    }
}
