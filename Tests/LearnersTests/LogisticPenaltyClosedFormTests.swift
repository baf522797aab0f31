import Datasets
import Foundation
import HyperplanCore
import HyperplanTestSupport
import Testing

@testable import Learners

/// Properties of l1 / elastic-net / class-weighted logistic regression derived by hand from scikit-learn's
/// objective C·Σᵢ sᵢℓᵢ + ρ‖W‖₁ + ½(1 − ρ)‖W‖², independently of any reference solver.
@Suite("Penalised logistic regression: hand-derived properties")
struct LogisticPenaltyClosedFormTests {
    static func fit(_ features: Matrix, _ targets: Targets, _ settings: [String: ParameterValue]) throws
        -> FittedLogisticModel
    {
        let model = try LogisticRegression(hyperparameters: Hyperparameters(settings), task: .classification)
            .fit(features: features, targets: targets, context: .reference)
        return try #require(model as? FittedLogisticModel)
    }

    static func standardized(_ name: String) throws -> (Matrix, Targets, [Int]) {
        let dataset = try ReferenceDatasets.supervised(name)
        let features = try ReferenceFeatures.allRows(dataset, standardize: true)
        return (features, dataset.targets, try #require(dataset.classLabels))
    }

    /// At W = 0 the optimal intercepts give each class its weighted share p̄ₖ of the rows, and the gradient of
    /// the loss term is C·Σᵢ sᵢ(p̄ₖ − yᵢₖ)xᵢⱼ (the l2 term has zero gradient there), so W = 0 is optimal iff
    /// C·max |Σᵢ sᵢ(yᵢₖ − p̄ₖ)xᵢⱼ| ≤ ρ: C_max = ρ / that maximum. Below it every coefficient is exactly 0 and the
    /// intercepts are log p̄₁/p̄₀ (binary) or log p̄ₖ centred (softmax); just above it, some coefficient is not.
    @Test(
        "the zero solution below C_max",
        arguments: ["breast_cancer", "iris", "wine"], ["l1", "elasticnet"])
    func zeroSolution(dataset: String, penalty: String) throws {
        let (features, targets, labels) = try Self.standardized(dataset)
        let classes = (labels.max() ?? 0) + 1
        let n = features.rows, p = features.columns
        var share = [Double](repeating: 0, count: classes)
        for label in labels { share[label] += 1 / Double(n) }
        let vectors = classes == 2 ? [1] : Array(0..<classes)
        var largest = 0.0
        for k in vectors {
            for j in 0..<p {
                var sum = 0.0
                for i in 0..<n { sum += ((labels[i] == k ? 1 : 0) - share[k]) * features[i, j] }
                largest = max(largest, abs(sum))
            }
        }
        let rho = penalty == "l1" ? 1.0 : 0.5
        let cMax = rho / largest
        let settings: [String: ParameterValue] = ["penalty": .string(penalty), "l1_ratio": .double(rho)]

        var below = settings
        below["C"] = .double(cMax * (1 - 1e-6))
        let zero = try Self.fit(features, targets, below)
        #expect(zero.report.converged, "\(zero.report)")
        #expect(zero.coefficients.allSatisfy { $0.allSatisfy { $0 == 0 } }, "\(zero.coefficients)")
        let intercepts: [Double]
        if classes == 2 {
            intercepts = [Foundation.log(share[1] / share[0])]
        } else {
            let logs = share.map { Foundation.log($0) }
            let mean = logs.reduce(0, +) / Double(classes)
            intercepts = logs.map { $0 - mean }
        }
        let closeness = VectorCloseness(zero.intercepts, reference: intercepts, within: .absolute(1e-8))
        #expect(closeness.isClose, "intercepts: \(closeness)")

        var above = settings
        above["C"] = .double(cMax * 1.01)
        let moving = try Self.fit(features, targets, above)
        #expect(moving.coefficients.contains { $0.contains { $0 != 0 } })
    }

    /// A binary set with 60 rows of class 0 and 30 of class 1 has balanced weights 90/(2·60) = 3/4 and
    /// 90/(2·30) = 3/2, so its balanced objective C·¾·(Σ₀ℓ + 2Σ₁ℓ) + penalty is the unweighted objective at
    /// C·¾ of the set with every class-1 row twice. Both fits converge to 1e-10 on objectives of order one,
    /// so their coefficients agree far inside 1e-6 of the largest; weighting errors move them by percents.
    @Test("balanced weights equal duplicated rows at C·¾", arguments: ["l2", "l1", "elasticnet"])
    func balancedEqualsDuplication(penalty: String) throws {
        let (all, _, labels) = try Self.standardized("breast_cancer")
        let zeros = labels.indices.filter { labels[$0] == 0 }.prefix(60)
        let ones = labels.indices.filter { labels[$0] == 1 }.prefix(30)
        let rows = Array(zeros) + Array(ones)
        let duplicated = rows + Array(ones)
        let c = 0.5
        let balanced = try Self.fit(
            all.selectingRows(rows), .classes(rows.map { labels[$0] }, classCount: 2),
            ["penalty": .string(penalty), "C": .double(c), "class_weight": .string("balanced")])
        let reference = try Self.fit(
            all.selectingRows(duplicated), .classes(duplicated.map { labels[$0] }, classCount: 2),
            ["penalty": .string(penalty), "C": .double(0.75 * c)])
        #expect(balanced.report.converged && reference.report.converged)
        let flat = reference.coefficients.flatMap { $0 } + reference.intercepts
        let tolerance = Tolerance.absolute(1e-6 * maxMagnitude(flat))
        let closeness = VectorCloseness(
            balanced.coefficients.flatMap { $0 } + balanced.intercepts, reference: flat, within: tolerance)
        #expect(closeness.isClose, "\(closeness)")
        // Without weights the fit is a different one: the test can tell.
        let unweighted = try Self.fit(
            all.selectingRows(rows), .classes(rows.map { labels[$0] }, classCount: 2),
            ["penalty": .string(penalty), "C": .double(c)])
        #expect(
            !VectorCloseness(
                unweighted.coefficients.flatMap { $0 } + unweighted.intercepts, reference: flat, within: tolerance
            )
            .isClose)
    }

    /// ρ = 0 makes the elastic net the l2 objective, solved here by the proximal Newton method instead of
    /// L-BFGS; both converge to 1e-10 on the objective divided by C·n.
    @Test("elasticnet with l1_ratio 0 equals l2", arguments: ["breast_cancer", "iris", "wine"], [0.1, 10.0])
    func ridgeLimit(dataset: String, c: Double) throws {
        let (features, targets, _) = try Self.standardized(dataset)
        let elastic = try Self.fit(
            features, targets, ["penalty": .string("elasticnet"), "l1_ratio": .double(0), "C": .double(c)])
        let ridge = try Self.fit(features, targets, ["penalty": .string("l2"), "C": .double(c)])
        let flat = ridge.coefficients.flatMap { $0 } + ridge.intercepts
        let closeness = VectorCloseness(
            elastic.coefficients.flatMap { $0 } + elastic.intercepts, reference: flat,
            within: .absolute(1e-6 * maxMagnitude(flat)))
        #expect(closeness.isClose, "\(closeness)")
    }

    /// The form of the inner solve that applies the Hessian through the data (used beyond `hessianLimit`
    /// parameters) reaches the same verified optima as the explicit-Hessian form on the fixture's l1 and
    /// elastic-net cases.
    @Test(
        "the data form of the proximal Newton solver reaches the reference optima",
        arguments: try ReferenceFixtures.cases("linear_penalties") {
            $0.json["kind"] == .string("logistic") && $0.json["penalty"] != .string("l2")
        })
    func dataForm(_ fixture: FixtureCase) throws {
        let (features, targets, _) = try LogisticPenaltyReferenceTests.data(fixture)
        guard case .classes(let labels, _) = targets else { throw FixtureError("class targets expected") }
        let present = Set(labels).sorted()
        let positions = labels.map { present.firstIndex(of: $0) ?? 0 }
        let vectors = present.count == 2 ? 1 : present.count
        let c = try fixture.member("C").double(), rho = try fixture.member("l1_ratio").double()
        let n = Double(features.rows)
        let weights =
            fixture.json["class_weight"] == .string("balanced")
            ? LogisticRegression.balancedWeights(positions, classes: present.count) : nil
        var solver = ProximalNewtonLogistic(
            l1: rho / (c * n), l2: (1 - rho) / (c * n), fitIntercept: true, tolerance: 1e-10, maxIterations: 1000)
        solver.hessianLimit = 0
        let result = solver.minimize(features: features, labels: positions, vectors: vectors, weights: weights)
        #expect(result.converged, "\(result.stopReason)")
        let reference = try fixture.member("coef").doubleRows()
        let p = features.columns
        let ours = (0..<vectors).flatMap { k in result.parameters[(k * (p + 1))..<(k * (p + 1) + p)] }
        let flat = reference.flatMap { $0 }
        let closeness = VectorCloseness(ours, reference: flat, within: .absolute(1e-4 * maxMagnitude(flat)))
        #expect(closeness.isClose, "\(closeness)")
    }

    @Test("options that have no effect with the chosen penalty are warned about")
    func noEffectWarnings() {
        func warned(_ penalty: String, _ given: Set<String>) -> [String] {
            LogisticRegression.problems(
                with: Hyperparameters(["penalty": .string(penalty)]).withDefaults(from: LogisticRegression.schema),
                given: given
            ).filter { $0.severity == .warning }.map(\.option).sorted()
        }
        let all: Set<String> = ["C", "l1_ratio", "class_weight", "tol", "max_iter"]
        #expect(warned("none", all) == ["C", "l1_ratio"])
        #expect(warned("l2", all) == ["l1_ratio"])
        #expect(warned("l1", all) == ["l1_ratio"])
        #expect(warned("elasticnet", all) == [])
    }
}
