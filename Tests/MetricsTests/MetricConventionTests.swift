import Foundation
import HyperplanCore
import HyperplanTestSupport
import Metrics
import Testing

/// Small cases derived by hand: the conventions at the edges (perfect predictions, constant targets,
/// zero probabilities, classes never predicted).
@Suite("Metric conventions")
struct MetricConventionTests {
    static let exact = Tolerance.absolute(1e-15)

    private func score(_ name: String, _ truth: Targets, _ predictions: Predictions) throws -> Double {
        try #require(MetricRegistry.metric(named: name)).score(truth: truth, predictions: predictions)
    }

    @Test("perfect class predictions score 1 on every label metric", arguments: [2, 3])
    func perfectClassification(classCount: Int) throws {
        let labels = [0, 2, 1, 1, 0, 2, 2].map { $0 % classCount }
        let truth = Targets.classes(labels, classCount: classCount)
        let predictions = Predictions.classes(labels: labels, probabilities: nil)
        var scored = 0
        for metric in MetricRegistry.all where metric.task == .classification && !metric.needsProbabilities {
            if metric.requiresBinary && classCount != 2 { continue }
            #expect(metric.score(truth: truth, predictions: predictions) == 1, "\(metric.name)")
            scored += 1
        }
        #expect(scored == (classCount == 2 ? 11 : 8))
    }

    @Test("perfect regression predictions: zero errors, r2 and explained variance 1")
    func perfectRegression() throws {
        let values = [1.5, -2, 3.25, 10, 0]
        let truth = Targets.values(values)
        let predictions = Predictions.values(values)
        for name in ["mse", "rmse", "mae"] { #expect(try score(name, truth, predictions) == 0, "\(name)") }
        for name in ["r2", "explained_variance"] { #expect(try score(name, truth, predictions) == 1, "\(name)") }
    }

    @Test("a constant target scores 1 if predicted perfectly, else 0 (scikit-learn's force_finite)")
    func constantTarget() throws {
        let truth = Targets.values([3, 3, 3])
        #expect(try score("r2", truth, .values([3, 3, 3])) == 1)
        #expect(try score("r2", truth, .values([3, 3, 4])) == 0)
        #expect(try score("explained_variance", truth, .values([3, 3, 4])) == 0)
        // A constant bias leaves no residual variance: explained variance 1, but r2 still 0.
        #expect(try score("explained_variance", truth, .values([4, 4, 4])) == 1)
        #expect(try score("r2", truth, .values([4, 4, 4])) == 0)
    }

    @Test("hand-computed regression errors")
    func regressionErrors() throws {
        // Residuals 1, -2, 0, 3 around a target with mean 2.5.
        let truth = Targets.values([1, 2, 3, 4])
        let predictions = Predictions.values([0, 4, 3, 1])
        #expect(try score("mse", truth, predictions) == 14.0 / 4)
        #expect(try score("rmse", truth, predictions) == (14.0 / 4).squareRoot())
        #expect(try score("mae", truth, predictions) == 6.0 / 4)
        // SS_tot = 2.25 + 0.25 + 0.25 + 2.25 = 5, SS_res = 14.
        #expect(try score("r2", truth, predictions) == 1 - 14.0 / 5)
        // Residual mean 0.5; deviations 0.5, -2.5, -0.5, 2.5: variance sum 13.
        #expect(try score("explained_variance", truth, predictions) == 1 - 13.0 / 5)
    }

    @Test("a zero probability on the true class costs −log ε, the clipping bound")
    func logLossClipping() throws {
        let epsilon = Double.ulpOfOne
        // −log(2⁻⁵²) = 52·ln 2.
        let clipped = 52 * M_LN2
        let zero = Predictions.classes(labels: [1], probabilities: Matrix(rowArrays: [[0, 1]]))
        let oneRow = try score("log_loss", .classes([0], classCount: 2), zero)
        #expect(Closeness(oneRow, reference: clipped, within: .relative(1e-15)).isClose, "\(oneRow)")
        #expect(oneRow == -Foundation.log(epsilon))
        // A certain, correct row costs −log(1 − ε) ≈ ε, so two rows average to (−log ε + ε) / 2.
        let twoRows = Predictions.classes(labels: [1, 0], probabilities: Matrix(rowArrays: [[0, 1], [1, 0]]))
        let mean = try score("log_loss", .classes([0, 0], classCount: 2), twoRows)
        #expect(Closeness(mean, reference: (clipped + epsilon) / 2, within: .relative(1e-15)).isClose, "\(mean)")
    }

    @Test("hand-computed log loss of three classes")
    func logLossValues() throws {
        let probabilities = Matrix(rowArrays: [[0.5, 0.25, 0.25], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]])
        let predictions = Predictions.classes(labels: [0, 1, 2], probabilities: probabilities)
        let value = try score("log_loss", .classes([0, 1, 0], classCount: 3), predictions)
        let expected = -(Foundation.log(0.5) + Foundation.log(0.8) + Foundation.log(0.2)) / 3
        #expect(Closeness(value, reference: expected, within: .relative(1e-15)).isClose, "\(value)")
    }

    @Test("a class never predicted has precision 0, which counts in the averages")
    func zeroDivision() throws {
        // Class 0: tp 1, predicted 2, support 2. Class 1: tp 2, predicted 3, support 2. Class 2: never predicted.
        let truth = Targets.classes([0, 0, 1, 1, 2], classCount: 3)
        let predictions = Predictions.classes(labels: [0, 1, 1, 1, 0], probabilities: nil)
        let precision = [1.0 / 2, 2.0 / 3, 0], recall = [1.0 / 2, 1, 0]
        let f1 = [2.0 / 4, 4.0 / 5, 0]
        let support = [2.0, 2, 1]
        let cases: [(String, Double)] = [
            ("accuracy", 3.0 / 5),
            ("balanced_accuracy", 1.5 / 3),
            ("precision_macro", precision.reduce(0, +) / 3),
            ("recall_macro", recall.reduce(0, +) / 3),
            ("f1_macro", f1.reduce(0, +) / 3),
            ("precision_weighted", zip(precision, support).map(*).reduce(0, +) / 5),
            ("recall_weighted", zip(recall, support).map(*).reduce(0, +) / 5),
            ("f1_weighted", zip(f1, support).map(*).reduce(0, +) / 5),
        ]
        for (name, expected) in cases {
            let value = try score(name, truth, predictions)
            #expect(
                Closeness(value, reference: expected, within: Self.exact).isClose, "\(name): \(value) vs \(expected)")
        }
    }

    @Test("undefined inputs give NaN rather than a trap")
    func undefinedInputs() throws {
        let truth = Targets.classes([0, 1], classCount: 2)
        #expect(try score("log_loss", truth, .classes(labels: [0, 1], probabilities: nil)).isNaN)
        #expect(try score("accuracy", truth, .classes(labels: [0], probabilities: nil)).isNaN)
        #expect(try score("accuracy", .classes([], classCount: 2), .classes(labels: [], probabilities: nil)).isNaN)
        #expect(try score("mse", .values([1, 2]), .values([1])).isNaN)
        #expect(try score("r2", truth, .values([1, 2])).isNaN)
    }
}
