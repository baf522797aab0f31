import Datasets
import HyperplanCore
import HyperplanTestSupport
import Testing

@testable import Learners

/// `solver: sgd` minimises the same objective as the exact solver, by the steps a training schedule sets.
@Suite("Logistic regression by gradient descent")
struct LogisticSGDTests {
    static func standardizedIris() throws -> (Matrix, Targets) {
        let dataset = try ReferenceDatasets.supervised("iris")
        let features = try ReferenceDatasets.numericFeatures(of: dataset)
        var storage = features.storage
        let rows = features.rows, columns = features.columns
        for j in 0..<columns {
            var mean = 0.0
            for i in 0..<rows { mean += storage[i * columns + j] }
            mean /= Double(rows)
            var variance = 0.0
            for i in 0..<rows { variance += (storage[i * columns + j] - mean) * (storage[i * columns + j] - mean) }
            let scale = (variance / Double(rows)).squareRoot()
            for i in 0..<rows { storage[i * columns + j] = (storage[i * columns + j] - mean) / scale }
        }
        return (Matrix(rows: rows, columns: columns, storage: storage), dataset.targets)
    }

    @Test("full-batch gradient descent reaches the L-BFGS optimum")
    func reachesTheOptimum() throws {
        let (features, targets) = try Self.standardizedIris()
        let exact = try #require(
            try LogisticRegression(hyperparameters: Hyperparameters(["C": .double(1)]), task: .classification)
                .fit(features: features, targets: targets, context: FitContext(seed: 0, key: "exact"))
                as? FittedLogisticModel)
        var context = FitContext(seed: 0, key: "sgd")
        context.schedule = TrainingSchedule(
            options: Hyperparameters([
                "epochs": .int(3000), "batch_size": .int(150), "shuffle": .bool(false),
                "optimizer.type": .string("sgd"), "learning_rate.initial": .double(1.0),
            ]))
        let stochastic = try #require(
            try LogisticRegression(
                hyperparameters: Hyperparameters(["C": .double(1), "solver": .string("sgd")]), task: .classification
            ).fit(features: features, targets: targets, context: context) as? FittedLogisticModel)
        let reference = exact.coefficients.flatMap { $0 } + exact.intercepts
        let actual = stochastic.coefficients.flatMap { $0 } + stochastic.intercepts
        // Gradient descent with step 1 on this smooth, strongly convex objective converges linearly; 3000 steps
        // bring the coefficients to within 1e-3 of the optimum (checked against the exact solver's answer).
        let comparison = VectorCloseness(actual, reference: reference, within: .absolute(1e-3))
        #expect(comparison.isClose, "\(comparison)")
        #expect(stochastic.report.history.count == 3000)
        #expect(stochastic.report.history.last.map { $0.trainLoss < stochastic.report.history[0].trainLoss } == true)
    }

    @Test("the schedule applies only with solver sgd, and sgd refuses the l1 penalties")
    func rules() {
        #expect(LogisticRegression.trainsIteratively(with: Hyperparameters(["solver": .string("sgd")])))
        #expect(!LogisticRegression.trainsIteratively(with: Hyperparameters(["solver": .string("auto")])))
        let problems = LogisticRegression.problems(
            with: Hyperparameters(["solver": .string("sgd"), "penalty": .string("l1")]), given: ["solver", "penalty"])
        #expect(problems.map(\.option) == ["penalty"])
        #expect(problems.first?.severity == .error)
    }
}
