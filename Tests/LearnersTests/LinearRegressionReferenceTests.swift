import Datasets
import HyperplanCore
import HyperplanTestSupport
import Metrics
import Testing

@testable import Learners

/// `LinearRegression` against scikit-learn's `LinearRegression` and `Ridge(solver="cholesky")` fitted on all
/// rows of diabetes and digits (`linear.json`), raw and standardized with StandardScaler semantics.
@Suite("Linear regression equals scikit-learn's")
struct LinearRegressionReferenceTests {
    /// Closed-form solutions of well-conditioned systems agree to ~1e-12 relative between two correct
    /// implementations; 1e-9 leaves room for summation order and still catches any real difference.
    static let wellConditioned = Tolerance.relative(1e-9)

    /// digits OLS is rank-deficient: the all-zero pixel columns are constant, so their coefficients are
    /// not determined by the data and the minimum-norm solution sets them to 0. SciPy's `lstsq` (an SVD of
    /// all 64 columns) returns them as rounding noise of order eps·max|coef| ≈ 1e-16, while ours are exactly
    /// 0; the remaining 61 columns form a full-rank problem whose coefficients agree to ~1e-12. An absolute
    /// 1e-10 on coefficients of size ≤ 3 admits that noise and nothing else.
    static let rankDeficient = Tolerance.absolute(1e-10)

    /// Predictions and r2 are determined even where coefficients are not (the projection of y on the
    /// column space is unique).
    static let predictions = Tolerance.relative(1e-9, absolute: 1e-9)

    @Test("coefficients, intercept, predictions and training r2", arguments: try ReferenceFixtures.cases("linear"))
    func matchesReference(_ fixture: FixtureCase) throws {
        let name = try fixture.member("dataset").string()
        let dataset = try ReferenceDatasets.supervised(name, task: .regression)
        let features = try ReferenceFeatures.allRows(
            dataset, standardize: try fixture.member("standardize") == .bool(true))
        let penalty = try fixture.member("penalty").string()
        let hyperparameters = Hyperparameters([
            "penalty": .string(penalty), "alpha": .double(try fixture.member("alpha").double()),
        ])
        let model = try #require(
            try LinearRegression(hyperparameters: hyperparameters, task: .regression)
                .fit(
                    features: features, targets: dataset.targets,
                    context: .reference)
                as? FittedLinearModel)

        let reference = FittedLinearModel(
            coefficients: try fixture.member("coef").doubles(), intercept: try fixture.member("intercept").double())
        let isRankDeficient = name == "digits" && penalty == "none"
        let coefficients = VectorCloseness(
            model.coefficients, reference: reference.coefficients,
            within: isRankDeficient ? Self.rankDeficient : Self.wellConditioned)
        #expect(coefficients.isClose, "coefficients: \(coefficients)")
        let intercept = Closeness(model.intercept, reference: reference.intercept, within: Self.wellConditioned)
        #expect(intercept.isClose, "intercept: \(intercept)")

        guard case .values(let ours) = model.predict(features), case .values(let theirs) = reference.predict(features)
        else {
            Issue.record("linear models predict values")
            return
        }
        let predictions = VectorCloseness(ours, reference: theirs, within: Self.predictions)
        #expect(predictions.isClose, "predictions: \(predictions)")
        let r2 = R2Score().score(truth: dataset.targets, predictions: .values(ours))
        let r2Closeness = Closeness(r2, reference: try fixture.member("train_r2").double(), within: .absolute(1e-9))
        #expect(r2Closeness.isClose, "train r2: \(r2Closeness)")
    }

    @Test("constant columns get exactly zero coefficients", arguments: ["none", "l2"], [false, true])
    func constantColumns(penalty: String, standardize: Bool) throws {
        let dataset = try ReferenceDatasets.supervised("digits", task: .regression)
        let constant = dataset.featureColumns.indices.filter { dataset.featureColumns[$0].distinctCount == 1 }
        #expect(constant.count == 3, "digits has three pixels that are 0 in every image")
        let features = try ReferenceFeatures.allRows(dataset, standardize: standardize)
        let model = try #require(
            try LinearRegression(
                hyperparameters: Hyperparameters(["penalty": .string(penalty), "alpha": .double(0.1)]),
                task: .regression
            ).fit(
                features: features, targets: dataset.targets,
                context: .reference)
                as? FittedLinearModel)
        #expect(constant.map { model.coefficients[$0] } == constant.map { _ in 0.0 })
    }
}
