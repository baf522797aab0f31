import Datasets
import HyperplanCore
import HyperplanTestSupport
import Metrics
import Testing

@testable import Learners

/// `linear_regression` with `penalty: l1` / `elasticnet` against the verified optima of `linear_penalties.json`:
/// scikit-learn's `Lasso`/`ElasticNet` (tol 1e-12) polished on their support by an exact linear solve, on
/// diabetes raw and standardized, α ∈ {0.01, 0.1, 1, 10}, ρ ∈ {0.2, 0.5, 0.8, 1}.
@Suite("Lasso and elastic net equal scikit-learn's")
struct ElasticNetReferenceTests {
    static var cases: [FixtureCase] {
        get throws { try ReferenceFixtures.cases("linear_penalties", kind: "enet") }
    }

    @Test("the fixture holds the 32 diabetes cases")
    func fixturePresent() throws {
        #expect(try Self.cases.count == 32)
    }

    @Test("coefficients, zero pattern, intercept and objective", arguments: try cases)
    func matchesReference(_ fixture: FixtureCase) throws {
        let (features, targets) = try Self.data(fixture)
        let model = try #require(
            try Self.learner(fixture).fit(features: features, targets: targets, context: .reference)
                as? FittedLinearModel)
        #expect(model.report.converged, "\(model.report)")
        try Self.expectReference(model.coefficients, intercept: model.intercept, fixture: fixture)

        // The objective of scikit-learn's scale, (1/(2n))‖y − Xw − b‖² + αρ‖w‖₁ + ½α(1 − ρ)‖w‖², computed here
        // from the predictions: no worse than the verified optimum beyond rounding, and what the fit reports.
        let objective = try Self.objective(model, features: features, targets: targets, fixture: fixture)
        let optimum = try fixture.member("objective").double()
        #expect(objective <= optimum * (1 + 1e-9), "objective \(objective) vs optimum \(optimum)")
        let reported = Closeness(model.report.objective ?? .nan, reference: objective, within: .relative(1e-9))
        #expect(reported.isClose, "reported objective: \(reported)")
    }

    @Test("the residual and Gram layouts of coordinate descent both reach the optimum", arguments: try cases)
    func residualLayout(_ fixture: FixtureCase) throws {
        let (features, targets) = try Self.data(fixture)
        guard case .values(let y) = targets else { throw FixtureError("regression targets expected") }
        let (x, xMean, yCentered, yMean) = Self.centred(features, y)
        let alpha = try fixture.member("alpha").double()
        let ratio = try fixture.member("l1_ratio").double()
        let n = Double(features.rows)
        let columnMajor = Transpose.columnMajor(x, rows: features.rows, columns: features.columns)
        for layout in [ElasticNetCoordinateDescent.Layout.residuals, .gram] {
            let result = ElasticNetCoordinateDescent(
                l1: n * alpha * ratio, l2: n * alpha * (1 - ratio), tolerance: 1e-10, maxEpochs: 100_000,
                layout: layout
            ).solve(columnMajor: columnMajor, rows: features.rows, columns: features.columns, y: yCentered)
            #expect(result.converged, "\(layout): \(result.stopReason)")
            var intercept = yMean
            for j in xMean.indices { intercept -= xMean[j] * result.coefficients[j] }
            try Self.expectReference(result.coefficients, intercept: intercept, fixture: fixture)
        }
    }

    // MARK: Shared checks

    /// Coefficients and intercept within 1e-4 of the largest reference coefficient's magnitude; a clearly
    /// nonzero reference coefficient (> 1e-6 of the largest) nonzero with the same sign; a reference zero whose
    /// KKT margin (α·ρ − |Xⱼᵀr|/n)/(α·ρ) exceeds 1e-6 exactly zero.
    static func expectReference(_ coefficients: [Double], intercept: Double, fixture: FixtureCase) throws {
        let reference = try fixture.member("coef").doubles()
        let scale = maxMagnitude(reference)
        let tolerance = Tolerance.absolute(1e-4 * scale)
        let closeness = VectorCloseness(coefficients, reference: reference, within: tolerance)
        #expect(closeness.isClose, "\(fixture.name) coefficients: \(closeness)")
        let interceptCloseness = Closeness(
            intercept, reference: try fixture.member("intercept").double(), within: tolerance)
        #expect(interceptCloseness.isClose, "\(fixture.name) intercept: \(interceptCloseness)")
        let margins = try fixture.member("zero_margin").array()
        for j in reference.indices where j < coefficients.count {
            if abs(reference[j]) > 1e-6 * scale {
                #expect(
                    coefficients[j].sign == reference[j].sign && coefficients[j] != 0,
                    "\(fixture.name) coefficient \(j): \(coefficients[j]) vs \(reference[j])")
            } else if reference[j] == 0, let margin = margins[j].doubleValue, margin > 1e-6 {
                #expect(coefficients[j] == 0, "\(fixture.name) coefficient \(j) should be 0, is \(coefficients[j])")
            }
        }
    }

    static func data(_ fixture: FixtureCase) throws -> (Matrix, Targets) {
        let dataset = try ReferenceDatasets.supervised(try fixture.member("dataset").string(), task: .regression)
        let features = try ReferenceFeatures.allRows(
            dataset, standardize: try fixture.member("standardize") == .bool(true))
        return (features, dataset.targets)
    }

    static func learner(_ fixture: FixtureCase) throws -> LinearRegression {
        LinearRegression(
            hyperparameters: Hyperparameters([
                "penalty": .string(try fixture.member("penalty").string()),
                "alpha": .double(try fixture.member("alpha").double()),
                "l1_ratio": .double(try fixture.member("l1_ratio").double()),
            ]), task: .regression)
    }

    static func objective(_ model: FittedLinearModel, features: Matrix, targets: Targets, fixture: FixtureCase) throws
        -> Double
    {
        guard case .values(let y) = targets, case .values(let predicted) = model.predict(features) else {
            throw FixtureError("regression targets expected")
        }
        let alpha = try fixture.member("alpha").double()
        let ratio = try fixture.member("l1_ratio").double()
        var squared = 0.0
        for i in y.indices { squared += (y[i] - predicted[i]) * (y[i] - predicted[i]) }
        let l1 = model.coefficients.reduce(0) { $0 + abs($1) }
        let l2 = model.coefficients.reduce(0) { $0 + $1 * $1 }
        return squared / (2 * Double(y.count)) + alpha * ratio * l1 + 0.5 * alpha * (1 - ratio) * l2
    }

    /// Row-major centred features and target, with the means.
    static func centred(_ features: Matrix, _ y: [Double]) -> ([Double], [Double], [Double], Double) {
        let rows = features.rows, columns = features.columns
        var means = [Double](repeating: 0, count: columns)
        for i in 0..<rows { for j in 0..<columns { means[j] += features[i, j] } }
        for j in 0..<columns { means[j] /= Double(rows) }
        var x = features.storage
        for i in 0..<rows { for j in 0..<columns { x[i * columns + j] -= means[j] } }
        let yMean = y.reduce(0, +) / Double(rows)
        return (x, means, y.map { $0 - yMean }, yMean)
    }
}
