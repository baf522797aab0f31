import Datasets
import Foundation
import HyperplanCore
import HyperplanTestSupport
import Metrics
import Testing

@testable import Learners

/// `logistic_regression` with `penalty: l1` / `elasticnet` and `class_weight: balanced` against the verified
/// optima of `linear_penalties.json`: scikit-learn's saga (or newton-cholesky for l2) polished by Newton's
/// method on the support until the KKT conditions hold to ~1e-13. Standardized iris, wine and breast_cancer
/// for C ∈ {0.1, 1, 10}, and imbalanced subsets of breast_cancer (binary) and wine (three classes) with
/// balanced class weights.
@Suite("Penalised and class-weighted logistic regression equals scikit-learn's")
struct LogisticPenaltyReferenceTests {
    static var cases: [FixtureCase] {
        get throws { try ReferenceFixtures.cases("linear_penalties", kind: "logistic") }
    }

    @Test("the fixture holds the l1, elasticnet and balanced cases")
    func fixturePresent() throws {
        #expect(try Self.cases.count == 28)
        #expect(try Self.cases.filter { $0.json["class_weight"] == .string("balanced") }.count == 10)
    }

    @Test("coefficients, zero pattern, intercepts and objective", arguments: try cases)
    func matchesReference(_ fixture: FixtureCase) throws {
        let (features, targets, dataset) = try Self.data(fixture)
        #expect(dataset.classNames == (try fixture.member("classes").strings()))
        let model = try #require(
            try Self.learner(fixture).fit(features: features, targets: targets, context: .reference)
                as? FittedLogisticModel)
        #expect(model.report.converged, "\(model.report)")

        let reference = try fixture.member("coef").doubleRows()
        let flat = reference.flatMap { $0 }
        let scale = maxMagnitude(flat)
        let tolerance = Tolerance.absolute(1e-4 * scale)
        #expect(model.coefficients.count == reference.count)
        let ours = model.coefficients.flatMap { $0 }
        let coefficients = VectorCloseness(ours, reference: flat, within: tolerance)
        #expect(coefficients.isClose, "coefficients: \(coefficients)")
        let intercepts = VectorCloseness(
            model.intercepts, reference: try fixture.member("intercept").doubles(), within: tolerance)
        #expect(intercepts.isClose, "intercepts: \(intercepts)")

        // Zero pattern: clearly nonzero reference coefficients are nonzero with their sign; reference zeros
        // whose KKT margin (ρ − |∂ⱼ|)/ρ exceeds 1e-6 are exactly zero.
        let margins = try fixture.member("zero_margin").array().flatMap { try $0.array() }
        for index in flat.indices where index < ours.count {
            if abs(flat[index]) > 1e-6 * scale {
                #expect(
                    ours[index] != 0 && ours[index].sign == flat[index].sign,
                    "coefficient \(index): \(ours[index]) vs \(flat[index])")
            } else if flat[index] == 0, let margin = margins[index].doubleValue, margin > 1e-6 {
                #expect(ours[index] == 0, "coefficient \(index) should be 0, is \(ours[index])")
            }
        }

        // The objective C·Σsℓ + ρ‖W‖₁ + ½(1 − ρ)‖W‖², computed here from the decision values: no worse than
        // the verified optimum beyond rounding, and what the fit reports.
        let objective = try Self.objective(model, features: features, targets: targets, fixture: fixture)
        let optimum = try fixture.member("objective").double()
        #expect(objective <= optimum * (1 + 1e-9), "objective \(objective) vs optimum \(optimum)")
        let reported = Closeness(model.report.objective ?? .nan, reference: objective, within: .relative(1e-9))
        #expect(reported.isClose, "reported objective: \(reported)")
    }

    // MARK: Shared helpers

    /// The case's rows (a subset when `rows` is given), standardized on those rows, and their targets.
    static func data(_ fixture: FixtureCase) throws -> (Matrix, Targets, SupervisedDataset) {
        let dataset = try ReferenceDatasets.supervised(try fixture.member("dataset").string())
        let rows = try fixture.json["rows"].flatMap { $0.isNull ? nil : try $0.ints() } ?? Array(0..<dataset.rowCount)
        let features = try ReferenceFeatures.matrix(dataset, rows: rows, standardize: true, fittedOn: rows)
        return (features, dataset.targets.selecting(rows), dataset)
    }

    static func learner(_ fixture: FixtureCase) throws -> LogisticRegression {
        var hyperparameters = Hyperparameters([
            "penalty": .string(try fixture.member("penalty").string()),
            "C": .double(try fixture.member("C").double()),
            "l1_ratio": .double(try fixture.member("l1_ratio").double()),
        ])
        if let weights = fixture.json["class_weight"]?.stringValue {
            hyperparameters["class_weight"] = .string(weights)
        }
        return LogisticRegression(hyperparameters: hyperparameters, task: .classification)
    }

    static func objective(_ model: FittedLogisticModel, features: Matrix, targets: Targets, fixture: FixtureCase) throws
        -> Double
    {
        let balanced = fixture.json["class_weight"]?.stringValue == "balanced"
        return PenalizedLogisticObjective.value(
            of: model, features: features, targets: targets, c: try fixture.member("C").double(),
            l1Ratio: try fixture.member("l1_ratio").double(), balanced: balanced)
    }
}

/// scikit-learn's objective C·Σᵢ sᵢ·(−log p(yᵢ | xᵢ)) + ρ‖W‖₁ + ½(1 − ρ)‖W‖², computed from the decision values
/// with a stable log-sum-exp and its own balanced weights n / (classes · count), independently of the learner.
enum PenalizedLogisticObjective {
    static func value(
        of model: FittedLogisticModel, features: Matrix, targets: Targets, c: Double, l1Ratio: Double, balanced: Bool
    ) -> Double {
        guard case .classes(let labels, _) = targets else { return .nan }
        var counts: [Int: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        var loss = 0.0
        for row in 0..<features.rows {
            let weight =
                balanced ? Double(labels.count) / (Double(counts.count) * Double(counts[labels[row]] ?? 1)) : 1
            let scores = model.coefficients.indices.map { k in
                zip(features.row(row), model.coefficients[k]).reduce(model.intercepts[k]) { $0 + $1.0 * $1.1 }
            }
            let position = model.classes.firstIndex(of: labels[row]) ?? 0
            if scores.count == 1 {
                let t = position == 1 ? -scores[0] : scores[0]
                loss += weight * (max(t, 0) + Foundation.log1p(Foundation.exp(-abs(t))))
            } else {
                let largest = scores.max() ?? 0
                let sum = scores.reduce(0) { $0 + Foundation.exp($1 - largest) }
                loss += weight * (largest + Foundation.log(sum) - scores[position])
            }
        }
        let flat = model.coefficients.flatMap { $0 }
        let l1 = flat.reduce(0) { $0 + abs($1) }
        let l2 = flat.reduce(0) { $0 + $1 * $1 }
        return c * loss + l1Ratio * l1 + 0.5 * (1 - l1Ratio) * l2
    }
}
