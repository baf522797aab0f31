import Datasets
import HyperplanCore
import HyperplanTestSupport
import Testing

@testable import Learners

/// Lasso and elastic-net solutions known in closed form, derived by hand from the objective
/// (1/(2n))‖y − Xw − b‖² + αρ‖w‖₁ + ½α(1 − ρ)‖w‖²: with centred data its coordinate-wise optimality condition is
/// wⱼ = S(Xⱼᵀr₋ⱼ/n, αρ) / (‖Xⱼ‖²/n + α(1 − ρ)), S the soft-threshold.
@Suite("Lasso and elastic net in closed form")
struct LassoClosedFormTests {
    static func fit(_ features: Matrix, _ y: [Double], penalty: String, alpha: Double, l1Ratio: Double = 0.5)
        throws -> FittedLinearModel
    {
        let learner = LinearRegression(
            hyperparameters: Hyperparameters([
                "penalty": .string(penalty), "alpha": .double(alpha), "l1_ratio": .double(l1Ratio),
            ]), task: .regression)
        let model = try learner.fit(features: features, targets: .values(y), context: .reference)
        return try #require(model as? FittedLinearModel)
    }

    /// One feature x = (1, 2, 3, 4, 5), y = (1, 3, 2, 5, 4): centred, Σx² = 10, Σxy = 8, n = 5, x̄ = ȳ = 3, so
    /// w = S(8/5, αρ) / (10/5 + α(1 − ρ)) and b = 3 − 3w.
    struct OneFeature: Sendable, CustomStringConvertible {
        var penalty: String
        var alpha: Double
        var l1Ratio: Double
        var slope: Double
        var description: String { "\(penalty) α=\(alpha) ρ=\(l1Ratio)" }
    }

    static let oneFeature: [OneFeature] = [
        OneFeature(penalty: "l1", alpha: 0.5, l1Ratio: 1, slope: (1.6 - 0.5) / 2),  // 0.55
        OneFeature(penalty: "l1", alpha: 1.5, l1Ratio: 1, slope: (1.6 - 1.5) / 2),  // 0.05
        OneFeature(penalty: "l1", alpha: 1.6, l1Ratio: 1, slope: 0),  // exactly at the threshold
        OneFeature(penalty: "l1", alpha: 2, l1Ratio: 1, slope: 0),
        OneFeature(penalty: "elasticnet", alpha: 1, l1Ratio: 0.5, slope: (1.6 - 0.5) / (2 + 0.5)),  // 0.44
        OneFeature(penalty: "elasticnet", alpha: 0.4, l1Ratio: 0, slope: 1.6 / 2.4),  // ridge: 2/3
        OneFeature(penalty: "elasticnet", alpha: 4, l1Ratio: 0.25, slope: (1.6 - 1) / (2 + 3)),  // 0.12
    ]

    @Test("one feature: the soft-thresholded slope", arguments: oneFeature)
    func softThreshold(_ example: OneFeature) throws {
        let model = try Self.fit(
            Matrix(rowArrays: [[1], [2], [3], [4], [5]]), [1, 3, 2, 5, 4], penalty: example.penalty,
            alpha: example.alpha, l1Ratio: example.l1Ratio)
        #expect(model.report.converged, "\(model.report)")
        let slope = Closeness(model.coefficients[0], reference: example.slope, within: .absolute(1e-12))
        #expect(slope.isClose, "\(slope)")
        if example.slope == 0 { #expect(model.coefficients[0] == 0) }
        let intercept = Closeness(model.intercept, reference: 3 - 3 * example.slope, within: .absolute(1e-12))
        #expect(intercept.isClose, "\(intercept)")
    }

    /// Orthogonal centred columns (1, 1, −1, −1) and (1, −1, 1, −1), y = (4, 0, 1, −1): ȳ = 1, X₁ᵀy = 4,
    /// X₂ᵀy = 6, ‖Xⱼ‖² = n = 4, so each coordinate decouples: w₁ = S(1, α), w₂ = S(1.5, α), b = 1.
    @Test("orthogonal design: each coefficient soft-thresholded on its own", arguments: [0.25, 0.5, 1, 1.2, 1.5, 2])
    func orthogonalDesign(alpha: Double) throws {
        let features = Matrix(rowArrays: [[1, 1], [1, -1], [-1, 1], [-1, -1]])
        let model = try Self.fit(features, [4, 0, 1, -1], penalty: "l1", alpha: alpha)
        #expect(model.report.converged, "\(model.report)")
        let expected = [max(1 - alpha, 0), max(1.5 - alpha, 0)]
        let closeness = VectorCloseness(model.coefficients, reference: expected, within: .absolute(1e-12))
        #expect(closeness.isClose, "\(closeness)")
        for j in 0..<2 where expected[j] == 0 { #expect(model.coefficients[j] == 0) }
        #expect(Closeness(model.intercept, reference: 1, within: .absolute(1e-12)).isClose)
    }

    /// With ρ = 0 the elastic net is ridge in the 1/(2n) scaling: (XᵀX + nα·I)w = Xᵀy on centred data, i.e.
    /// `penalty: l2` with alpha n·α. P is l2-strongly convex with l2 = nα, so P(w) − P* ≥ ½nα‖w − w*‖², and the
    /// duality gap bounds P(w) − P*: converged at tol gives ‖w − w*‖² ≤ 2·tol·‖y − ȳ‖² / (nα).
    @Test("elastic net with l1_ratio 0 is ridge with alpha n·α", arguments: [false, true], [0.01, 1.0])
    func ridgeLimit(standardize: Bool, alpha: Double) throws {
        let dataset = try ReferenceDatasets.supervised("diabetes", task: .regression)
        let features = try ReferenceFeatures.allRows(dataset, standardize: standardize)
        guard case .values(let y) = dataset.targets else { throw FixtureError("regression targets expected") }
        let n = Double(features.rows)
        let tol = 1e-14
        let elastic = try #require(
            try LinearRegression(
                hyperparameters: Hyperparameters([
                    "penalty": .string("elasticnet"), "alpha": .double(alpha), "l1_ratio": .double(0),
                    "tol": .double(tol),
                ]), task: .regression
            ).fit(features: features, targets: dataset.targets, context: .reference) as? FittedLinearModel)
        let ridge = try Self.fit(features, y, penalty: "l2", alpha: n * alpha)
        #expect(elastic.report.converged, "\(elastic.report)")
        let mean = y.reduce(0, +) / n
        let spread = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let bound = (2 * tol * spread / (n * alpha)).squareRoot()
        var distance = 0.0
        for j in ridge.coefficients.indices {
            distance +=
                (elastic.coefficients[j] - ridge.coefficients[j]) * (elastic.coefficients[j] - ridge.coefficients[j])
        }
        #expect(distance.squareRoot() <= bound, "‖w − w_ridge‖ = \(distance.squareRoot()), bound \(bound)")
    }

    /// At α ≥ α_max = max|Xⱼᵀ(y − ȳ)| / (nρ) the zero vector satisfies the KKT conditions |Xⱼᵀr|/n ≤ αρ, so every
    /// coefficient is exactly 0 (and b = ȳ); just below it exactly one coefficient, the argmax, is nonzero.
    @Test("the zero solution from α_max on", arguments: [false, true], [1.0, 0.5, 0.2])
    func zeroSolution(standardize: Bool, l1Ratio: Double) throws {
        let dataset = try ReferenceDatasets.supervised("diabetes", task: .regression)
        let features = try ReferenceFeatures.allRows(dataset, standardize: standardize)
        guard case .values(let y) = dataset.targets else { throw FixtureError("regression targets expected") }
        let n = features.rows, p = features.columns
        let yMean = y.reduce(0, +) / Double(n)
        var correlations = [Double](repeating: 0, count: p)
        for j in 0..<p {
            let xMean = (0..<n).reduce(0.0) { $0 + features[$1, j] } / Double(n)
            for i in 0..<n { correlations[j] += (features[i, j] - xMean) * (y[i] - yMean) }
        }
        let largest = try #require(correlations.indices.max { abs(correlations[$0]) < abs(correlations[$1]) })
        let alphaMax = abs(correlations[largest]) / (Double(n) * l1Ratio)
        let penalty = l1Ratio == 1 ? "l1" : "elasticnet"

        let above = try Self.fit(features, y, penalty: penalty, alpha: alphaMax * (1 + 1e-9), l1Ratio: l1Ratio)
        #expect(above.coefficients.allSatisfy { $0 == 0 }, "\(above.coefficients)")
        #expect(above.report.converged && above.report.iterations == 0, "\(above.report)")
        #expect(Closeness(above.intercept, reference: yMean, within: .relative(1e-14)).isClose)

        let below = try Self.fit(features, y, penalty: penalty, alpha: alphaMax * (1 - 1e-3), l1Ratio: l1Ratio)
        let nonzero = below.coefficients.indices.filter { below.coefficients[$0] != 0 }
        #expect(nonzero == [largest], "nonzero coefficients \(nonzero), expected [\(largest)]")
        #expect(below.coefficients[largest].sign == correlations[largest].sign)
    }

    @Test("options that have no effect with the chosen penalty are warned about")
    func noEffectWarnings() {
        func warned(_ penalty: String, _ given: Set<String>) -> [String] {
            LinearRegression.problems(
                with: Hyperparameters(["penalty": .string(penalty)]).withDefaults(from: LinearRegression.schema),
                given: given
            ).filter { $0.severity == .warning }.map(\.option).sorted()
        }
        let all: Set<String> = ["alpha", "l1_ratio", "tol", "max_iter"]
        #expect(warned("none", all) == ["alpha", "l1_ratio", "max_iter", "tol"])
        #expect(warned("l2", all) == ["l1_ratio", "max_iter", "tol"])
        #expect(warned("l1", all) == ["l1_ratio"])
        #expect(warned("elasticnet", all) == [])
        #expect(warned("l1", ["alpha"]) == [])
    }
}
