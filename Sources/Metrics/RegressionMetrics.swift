package import HyperplanCore

/// Mean squared error, or its square root (`rmse`). Lower is better.
package struct MeanSquaredError: Metric {
    package let root: Bool
    package let task = TaskKind.regression
    package let goal = OptimizationGoal.minimize
    package let needsProbabilities = false

    package init(root: Bool) { self.root = root }

    package var name: String { root ? "rmse" : "mse" }
    package var summary: String { root ? "root mean squared error" : "mean squared error" }

    package func score(truth: Targets, predictions: Predictions) -> Double {
        guard let (actual, predicted) = regressionValues(truth, predictions) else { return .nan }
        var total = 0.0
        for index in actual.indices {
            let residual = actual[index] - predicted[index]
            total += residual * residual
        }
        let mean = total / Double(actual.count)
        return root ? mean.squareRoot() : mean
    }
}

/// Mean absolute error. Lower is better.
package struct MeanAbsoluteError: Metric {
    package let name = "mae"
    package let task = TaskKind.regression
    package let goal = OptimizationGoal.minimize
    package let needsProbabilities = false
    package let summary = "mean absolute error"

    package init() {}

    package func score(truth: Targets, predictions: Predictions) -> Double {
        guard let (actual, predicted) = regressionValues(truth, predictions) else { return .nan }
        var total = 0.0
        for index in actual.indices { total += abs(actual[index] - predicted[index]) }
        return total / Double(actual.count)
    }
}

/// The coefficient of determination, 1 − SS_res / SS_tot.
///
/// With constant true values scikit-learn's convention applies: 1 for a perfect fit, else 0.
package struct R2Score: Metric {
    package let name = "r2"
    package let task = TaskKind.regression
    package let goal = OptimizationGoal.maximize
    package let needsProbabilities = false
    package let summary = "coefficient of determination (1 is perfect, 0 predicts the mean)"

    package init() {}

    package func score(truth: Targets, predictions: Predictions) -> Double {
        guard let (actual, predicted) = regressionValues(truth, predictions) else { return .nan }
        let mean = actual.reduce(0, +) / Double(actual.count)
        var residual = 0.0
        var total = 0.0
        for index in actual.indices {
            let error = actual[index] - predicted[index]
            let deviation = actual[index] - mean
            residual += error * error
            total += deviation * deviation
        }
        return ratioScore(numerator: residual, denominator: total)
    }
}

/// 1 − Var(y − ŷ) / Var(y): like r2 but blind to a constant bias in the predictions.
package struct ExplainedVariance: Metric {
    package let name = "explained_variance"
    package let task = TaskKind.regression
    package let goal = OptimizationGoal.maximize
    package let needsProbabilities = false
    package let summary = "fraction of the target's variance explained (ignores constant bias)"

    package init() {}

    package func score(truth: Targets, predictions: Predictions) -> Double {
        guard let (actual, predicted) = regressionValues(truth, predictions) else { return .nan }
        let count = Double(actual.count)
        let residuals = actual.indices.map { actual[$0] - predicted[$0] }
        let residualMean = residuals.reduce(0, +) / count
        let actualMean = actual.reduce(0, +) / count
        var residualVariance = 0.0
        var actualVariance = 0.0
        for index in actual.indices {
            let residualDeviation = residuals[index] - residualMean
            let actualDeviation = actual[index] - actualMean
            residualVariance += residualDeviation * residualDeviation
            actualVariance += actualDeviation * actualDeviation
        }
        return ratioScore(numerator: residualVariance, denominator: actualVariance)
    }
}

/// `1 − numerator / denominator`, with scikit-learn's `force_finite` convention for a zero denominator.
private func ratioScore(numerator: Double, denominator: Double) -> Double {
    guard denominator != 0 else { return numerator == 0 ? 1 : 0 }
    return 1 - numerator / denominator
}
