import Datasets
import Foundation
import HyperplanCore
import HyperplanTestSupport
import Metrics
import Testing

@testable import Learners

/// `LogisticRegression` against scikit-learn's L2 logistic regression on standardized iris, wine,
/// breast_cancer and digits for C from 0.001 to 1000 (`logistic.json`).
///
/// scikit-learn's own lbfgs stops on a relative-decrease test well before its gradient is small (see
/// scripts/reference/README.md), so coefficients are compared with the `newton_cholesky` solution, which
/// is the optimum to machine precision.
@Suite("Logistic regression equals scikit-learn's")
struct LogisticRegressionReferenceTests {
    @Test("coefficients, objective, training accuracy and log loss", arguments: try ReferenceFixtures.cases("logistic"))
    func matchesReference(_ fixture: FixtureCase) throws {
        let dataset = try ReferenceDatasets.supervised(try fixture.member("dataset").string())
        #expect(dataset.classNames == (try fixture.member("classes").strings()))
        let labels = try #require(dataset.classLabels)
        let features = try ReferenceFeatures.allRows(dataset, standardize: true)
        let c = try fixture.member("C").double()
        let model = try #require(
            try LogisticRegression(hyperparameters: Hyperparameters(["C": .double(c)]), task: .classification)
                .fit(
                    features: features, targets: dataset.targets,
                    context: .reference)
                as? FittedLogisticModel)

        let newton = try fixture.member("newton_cholesky")
        #expect(model.report.converged, "\(model.report)")

        // Coefficients and intercepts within 1e-4 of the largest reference coefficient's magnitude.
        let referenceCoefficients = try newton.member("coef").doubleRows()
        let tolerance = Tolerance.absolute(1e-4 * maxMagnitude(referenceCoefficients.flatMap { $0 }))
        #expect(model.coefficients.count == referenceCoefficients.count)
        let coefficients = VectorCloseness(
            model.coefficients.flatMap { $0 }, reference: referenceCoefficients.flatMap { $0 }, within: tolerance)
        #expect(coefficients.isClose, "coefficients: \(coefficients)")
        let intercepts = VectorCloseness(
            model.intercepts, reference: try newton.member("intercept").doubles(), within: tolerance)
        #expect(intercepts.isClose, "intercepts: \(intercepts)")

        // At least as good a minimum as scikit-learn's optimum, up to rounding; the learner reports it.
        let objective = LogisticObjective.value(of: model, features: features, labels: labels, c: c)
        let referenceObjective = try newton.member("objective").double()
        #expect(
            objective <= referenceObjective * (1 + 1e-9) + 1e-9,
            "objective \(objective) vs optimum \(referenceObjective)")
        let reported = Closeness(model.report.objective ?? .nan, reference: objective, within: .relative(1e-9))
        #expect(reported.isClose, "reported objective: \(reported)")

        let predictions = model.predict(features)
        let accuracy = Accuracy().score(truth: dataset.targets, predictions: predictions)
        #expect(accuracy == (try fixture.member("train_accuracy").double()))
        let logLoss = Closeness(
            LogLoss().score(truth: dataset.targets, predictions: predictions),
            reference: try fixture.member("train_log_loss").double(), within: .absolute(1e-6))
        #expect(logLoss.isClose, "training log loss: \(logLoss)")
    }
}

/// scikit-learn's objective C·Σᵢ −log p(yᵢ | xᵢ) + ½‖W‖², computed from the decision values with a
/// stable log-sum-exp, independently of the learner's own objective code.
enum LogisticObjective {
    static func value(of model: FittedLogisticModel, features: Matrix, labels: [Int], c: Double) -> Double {
        var loss = 0.0
        for row in 0..<features.rows {
            let scores = model.coefficients.indices.map { k in
                zip(features.row(row), model.coefficients[k]).reduce(model.intercepts[k]) { $0 + $1.0 * $1.1 }
            }
            if scores.count == 1 {
                // −log σ(z) for class 1, −log σ(−z) for class 0: softplus of the signed score.
                let t = labels[row] == 1 ? -scores[0] : scores[0]
                loss += max(t, 0) + Foundation.log1p(Foundation.exp(-abs(t)))
            } else {
                let largest = scores.max() ?? 0
                let sum = scores.reduce(0) { $0 + Foundation.exp($1 - largest) }
                loss += largest + Foundation.log(sum) - scores[labels[row]]
            }
        }
        let squaredNorm = model.coefficients.flatMap { $0 }.reduce(0) { $0 + $1 * $1 }
        return c * loss + 0.5 * squaredNorm
    }
}
