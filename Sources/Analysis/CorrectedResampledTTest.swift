import Foundation

/// The corrected resampled t-test of Nadeau and Bengio (2003): whether two configurations scored on the same
/// resampling folds differ by more than fold noise.
///
/// With J paired per-fold differences d_j (J = folds × repeats), their mean d̄ and sample variance σ̂²
/// (denominator J − 1), the statistic is
///
///     t = d̄ / √((1/J + n_test/n_train) · σ̂²)
///
/// with J − 1 degrees of freedom, and the p-value is two-sided, P(|T| ≥ |t|) under Student's t. The term
/// n_test/n_train corrects the plain paired t-test's variance, which is too small because the training sets
/// overlap (Nadeau, C. and Bengio, Y., "Inference for the Generalization Error", Machine Learning 52,
/// 239–281, 2003; for repeated k-fold, Bouckaert and Frank 2004). For k-fold cross-validation
/// n_test/n_train = 1/(k − 1). This is the test of scikit-learn's example "Statistical comparison of models
/// using grid search" and the frequentist reading of baycomp's correlated t-test.
///
/// When every difference is the same the variance is 0: the p-value is then 0 if the mean difference is not
/// 0 (the statistic is ±∞) and 1 if it is (the statistic is 0), and the confidence interval is the single
/// point d̄.
package struct CorrectedResampledTTest: Sendable, Hashable {
    /// J, the number of paired differences (folds × repeats).
    package let count: Int
    /// n_test / n_train, the ratio of the correction.
    package let testToTrainingRatio: Double
    /// d̄, the mean of the differences (first configuration minus second, as the caller formed them).
    package let meanDifference: Double
    /// σ̂², the sample variance of the differences (denominator J − 1).
    package let variance: Double
    /// (1/J + n_test/n_train) · σ̂², the corrected variance of d̄.
    package let correctedVariance: Double
    /// The statistic t = d̄ / √(corrected variance): ±∞ or 0 when the variance is 0.
    package let t: Double
    /// J − 1.
    package let degreesOfFreedom: Int
    /// The two-sided p-value P(|T| ≥ |t|).
    package let pValue: Double

    /// The test of per-fold `differences`, or `nil` for fewer than two differences, a non-finite difference or
    /// a ratio that is negative or not finite.
    ///
    /// - Parameters:
    ///   - differences: score of the first configuration minus score of the second, fold by fold, over the same
    ///     folds (and repeats) for both.
    ///   - testToTrainingRatio: n_test / n_train of one fold: 1/(k − 1) for k-fold cross-validation.
    /// - Complexity: O(J + √J) (the p-value's continued fraction).
    package init?(differences: [Double], testToTrainingRatio: Double) {
        guard differences.count >= 2, differences.allSatisfy(\.isFinite), testToTrainingRatio >= 0,
            testToTrainingRatio.isFinite
        else { return nil }
        let count = differences.count
        self.count = count
        self.testToTrainingRatio = testToTrainingRatio
        degreesOfFreedom = count - 1
        if differences.allSatisfy({ $0 == differences[0] }) {
            meanDifference = differences[0]
            variance = 0
            correctedVariance = 0
            t = meanDifference == 0 ? 0 : (meanDifference > 0 ? .infinity : -.infinity)
            pValue = meanDifference == 0 ? 1 : 0
            return
        }
        let mean = differences.reduce(0, +) / Double(count)
        let squares = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        meanDifference = mean
        variance = squares / Double(count - 1)
        correctedVariance = (1 / Double(count) + testToTrainingRatio) * variance
        t = mean / correctedVariance.squareRoot()
        pValue = StudentTDistribution(degreesOfFreedom: Double(count - 1))?.twoSidedTail(t) ?? .nan
    }

    /// The test with the ratio of the fold sizes: `testSize` rows scored, `trainingSize` rows trained on.
    ///
    /// `nil` also when `trainingSize` is not positive or `testSize` is negative.
    package init?(differences: [Double], testSize: Int, trainingSize: Int) {
        guard trainingSize > 0, testSize >= 0 else { return nil }
        self.init(differences: differences, testToTrainingRatio: Double(testSize) / Double(trainingSize))
    }

    /// √(corrected variance), the standard error of d̄.
    package var standardError: Double { correctedVariance.squareRoot() }

    /// The two-sided confidence interval d̄ ± t_{(1+level)/2, J−1} · standard error, 95 % by default; `nil`
    /// unless 0 < level < 1.
    package func confidenceInterval(level: Double = 0.95) -> ClosedRange<Double>? {
        guard level > 0, level < 1,
            let distribution = StudentTDistribution(degreesOfFreedom: Double(degreesOfFreedom))
        else { return nil }
        let halfWidth = distribution.quantile((1 + level) / 2) * standardError
        return (meanDifference - halfWidth)...(meanDifference + halfWidth)
    }

    /// Whether the difference is distinguishable from fold noise at `alpha` (p-value below it).
    package func isSignificant(at alpha: Double = 0.05) -> Bool { pValue < alpha }
}
