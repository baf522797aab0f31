import HyperplanCore
import Learners
import Testing

/// Data a learner cannot fit ends the trial with a `FitFailure`, never a trap.
@Suite("Fit failures")
struct FitFailureTests {
    static let context = FitContext(seed: 0, key: "fit")
    static let features = Matrix(rowArrays: [[1, 2], [2, 1], [3, 5], [4, 3]])

    @Test("non-finite features or targets", arguments: [Double.nan, .infinity])
    func nonFinite(value: Double) {
        var bad = Self.features
        bad[2, 1] = value
        let ridge = LinearRegression(
            hyperparameters: Hyperparameters(["penalty": .string("l2"), "alpha": .double(1)]), task: .regression)
        let ols = LinearRegression(hyperparameters: Hyperparameters(["penalty": .string("none")]), task: .regression)
        for learner in [ridge, ols] {
            #expect(throws: FitFailure.self) {
                try learner.fit(features: bad, targets: .values([1, 2, 3, 4]), context: Self.context)
            }
            #expect(throws: FitFailure.self) {
                try learner.fit(features: Self.features, targets: .values([1, 2, value, 4]), context: Self.context)
            }
        }
        let logistic = LogisticRegression(hyperparameters: Hyperparameters(), task: .classification)
        #expect(throws: FitFailure.self) {
            try logistic.fit(features: bad, targets: .classes([0, 1, 0, 1], classCount: 2), context: Self.context)
        }
    }

    @Test("logistic regression on a single class")
    func singleClass() {
        let logistic = LogisticRegression(hyperparameters: Hyperparameters(), task: .classification)
        let error = #expect(throws: FitFailure.self) {
            try logistic.fit(
                features: Self.features, targets: .classes([1, 1, 1, 1], classCount: 3), context: Self.context)
        }
        #expect(error?.reason.contains("single class") == true, "\(String(describing: error))")
    }

    @Test("no rows, or the wrong kind of target")
    func wrongInput() {
        let empty = Matrix(rows: 0, columns: 2)
        let linear = LinearRegression(hyperparameters: Hyperparameters(), task: .regression)
        let logistic = LogisticRegression(hyperparameters: Hyperparameters(), task: .classification)
        #expect(throws: FitFailure.self) {
            try linear.fit(features: empty, targets: .values([]), context: Self.context)
        }
        #expect(throws: FitFailure.self) {
            try logistic.fit(features: empty, targets: .classes([], classCount: 2), context: Self.context)
        }
        #expect(throws: FitFailure.self) {
            try linear.fit(
                features: Self.features, targets: .classes([0, 1, 0, 1], classCount: 2), context: Self.context)
        }
        #expect(throws: FitFailure.self) {
            try logistic.fit(features: Self.features, targets: .values([0, 1, 0, 1]), context: Self.context)
        }
    }
}
