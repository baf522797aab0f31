import Foundation
package import HyperplanCore
import HyperplanNumerics

/// Logistic regression, binary or multinomial, with an l2, l1 or elastic-net penalty (or none), solved to
/// convergence.
///
/// The objective is scikit-learn's (≥ 1.8): C·Σᵢ sᵢℓᵢ + ρ‖W‖₁ + ½(1 − ρ)‖W‖², the intercepts not penalised,
/// where ℓᵢ is the cross-entropy of row i, sᵢ its weight (1, or n / (classes · rows of its class) with
/// `class_weight: balanced`) and ρ = `l1_ratio` (0 for l2, 1 for l1; `penalty: none` drops both penalty
/// terms). Two classes use one coefficient vector and the sigmoid; more classes use one vector per class and
/// the softmax (scikit-learn's multinomial formulation). The solvers minimise the same objective divided by
/// C·n, which has the same minimiser and keeps gradients O(1) for any C and n: L-BFGS for l2 and none, a
/// proximal Newton method (`ProximalNewtonLogistic`) for l1 and elasticnet, where scikit-learn uses saga.
package struct LogisticRegression: Learner {
    package static let name = "logistic_regression"
    package static let summary =
        "binary or multinomial logistic regression with an l2 (L-BFGS), l1 or elastic-net (proximal Newton) penalty"
    package static let tasks: [TaskKind] = [.classification]
    package static let trainsIteratively = false
    package static var fittedModelType: any RebuildableModel.Type { FittedLogisticModel.self }
    package static let schema = OptionSchema([
        OptionSpec(
            "penalty", .enumeration(["l2", "none", "l1", "elasticnet"]), default: .string("l2"),
            summary: "regularisation: l2, none, l1 or elasticnet"),
        OptionSpec(
            "C", .real(.positive), default: .double(1.0),
            summary: "inverse regularisation strength (larger C, weaker penalty)"),
        OptionSpec(
            "l1_ratio", .real(.unitInterval), default: .double(0.5),
            summary: "elasticnet's mix ρ: penalty ρ‖W‖₁ + ½(1 − ρ)‖W‖² (1 is l1, 0 is l2)"),
        OptionSpec(
            "class_weight", .enumeration(["none", "balanced"]), default: .string("none"),
            summary: "weights on the rows' losses: none, or balanced (n / (classes · rows of the class))"),
        OptionSpec("fit_intercept", .boolean, default: .bool(true), summary: "fit unpenalised intercepts"),
        OptionSpec(
            "solver", .enumeration(["auto", "sgd"]), default: .string("auto"),
            summary: "auto: solved to convergence (L-BFGS, or proximal Newton for l1 and elasticnet); "
                + "sgd: mini-batch gradient descent driven by the experiment's 'schedule'"),
        OptionSpec(
            "max_iter", .integer(min: 1, max: 1_000_000), default: .int(10_000),
            summary: "iteration limit (L-BFGS iterations, or proximal Newton steps for l1 and elasticnet)"),
        OptionSpec(
            "tol", .real(.positive), default: .double(1e-10),
            summary:
                "convergence tolerance on the largest component of the (minimum-norm sub)gradient of the objective divided by C·n"
        ),
    ])

    package static func trainsIteratively(with hyperparameters: Hyperparameters) -> Bool {
        hyperparameters.string("solver") == "sgd"
    }

    package static func problems(with hyperparameters: Hyperparameters, given: Set<String>) -> [OptionProblem] {
        let penalty = hyperparameters.string("penalty") ?? "l2"
        var problems: [OptionProblem] = []
        if hyperparameters.string("solver") == "sgd" {
            if penalty == "l1" || penalty == "elasticnet" {
                problems.append(
                    OptionProblem(
                        option: "penalty",
                        message: "solver 'sgd' takes penalty 'l2' or 'none'; '\(penalty)' needs solver 'auto'"))
            }
            for option in ["max_iter", "tol"] where given.contains(option) {
                problems.append(
                    OptionProblem(
                        option: option,
                        message: "'\(option)' has no effect with solver 'sgd' (the schedule sets the epochs)",
                        severity: .warning))
            }
        }
        if penalty == "none", given.contains("C") {
            problems.append(
                OptionProblem(option: "C", message: "'C' has no effect with penalty 'none'", severity: .warning))
        }
        if penalty != "elasticnet", given.contains("l1_ratio") {
            problems.append(
                OptionProblem(
                    option: "l1_ratio", message: "'l1_ratio' has no effect with penalty '\(penalty)'",
                    severity: .warning
                ))
        }
        return problems
    }

    package var penalty: String
    package var inverseStrength: Double
    package var l1Ratio: Double
    package var balanced: Bool
    package var fitIntercept: Bool
    package var maxIterations: Int
    package var tolerance: Double
    package var stochastic: Bool

    package init(hyperparameters: Hyperparameters, task: TaskKind) {
        penalty = hyperparameters.string("penalty") ?? "l2"
        inverseStrength = hyperparameters.double("C") ?? 1
        l1Ratio = hyperparameters.double("l1_ratio") ?? 0.5
        balanced = hyperparameters.string("class_weight") == "balanced"
        fitIntercept = hyperparameters.bool("fit_intercept") ?? true
        maxIterations = hyperparameters.int("max_iter") ?? 10_000
        tolerance = hyperparameters.double("tol") ?? 1e-10
        stochastic = hyperparameters.string("solver") == "sgd"
    }

    /// ρ of the objective: 0 for l2, 1 for l1, `l1_ratio` for elasticnet.
    var mixing: Double {
        switch penalty {
        case "l1": return 1
        case "elasticnet": return l1Ratio
        default: return 0
        }
    }

    package func fit(features: Matrix, targets: Targets, context: FitContext) throws(FitFailure) -> any FittedModel {
        guard case .classes(let labels, let classCount) = targets else {
            throw FitFailure("logistic_regression needs class labels")
        }
        guard features.rows > 0 else { throw FitFailure("no training rows") }
        guard features.storage.allSatisfy(\.isFinite) else {
            throw FitFailure("training data contains non-finite values")
        }
        // Like scikit-learn, fit only the classes present in these rows: a fold missing a class gets a
        // model over the others (binary when two remain) that gives the missing class probability 0.
        let present = Set(labels).sorted()
        guard present.count >= 2 else {
            throw FitFailure("the training rows hold a single class; logistic regression needs at least two")
        }
        var positionOf = [Int](repeating: 0, count: classCount)
        for (position, label) in present.enumerated() { positionOf[label] = position }
        let positions = labels.map { positionOf[$0] }
        let vectors = present.count == 2 ? 1 : present.count
        let weights = balanced ? Self.balancedWeights(positions, classes: present.count) : nil
        let rows = Double(features.rows)
        var parameters: [Double]
        let report: FitReport
        let columns = features.columns
        let stride = columns + 1
        if stochastic {
            // The same objective divided by C·n, minimised by mini-batch steps the schedule prescribes.
            var model = LogisticTrainable(
                features: features, labels: positions, vectors: vectors, fitIntercept: fitIntercept,
                penaltyWeight: penalty == "l2" ? 1 / (inverseStrength * rows) : 0, sampleWeights: weights,
                classes: present, classCount: classCount)
            parameters = [Double](repeating: 0, count: vectors * stride)
            let schedule = context.schedule ?? .standard
            let outcome = try TrainingLoop(schedule: schedule).train(&model, parameters: &parameters, context: context)
            let scale = penalty == "l2" ? inverseStrength * rows : rows
            report = FitReport(
                iterations: outcome.epochs, converged: schedule.earlyStopping == nil || outcome.stoppedEarly,
                objective: outcome.finalLoss * scale, history: outcome.history)
        } else if penalty == "l1" || penalty == "elasticnet" {
            let rho = mixing
            let solver = ProximalNewtonLogistic(
                l1: rho / (inverseStrength * rows), l2: (1 - rho) / (inverseStrength * rows),
                fitIntercept: fitIntercept, tolerance: tolerance, maxIterations: maxIterations)
            let result = solver.minimize(features: features, labels: positions, vectors: vectors, weights: weights)
            guard result.value.isFinite, result.parameters.allSatisfy(\.isFinite) else {
                throw FitFailure("diverged (the objective is not finite)")
            }
            parameters = result.parameters
            if vectors > 1, fitIntercept {
                // Softmax intercepts are determined up to a common shift (the L-BFGS path keeps their sum at
                // zero because its gradient always sums to zero); report the ones that sum to zero, as it does.
                var mean = 0.0
                for k in 0..<vectors { mean += parameters[k * stride + columns] }
                mean /= Double(vectors)
                for k in 0..<vectors { parameters[k * stride + columns] -= mean }
            }
            report = FitReport(
                iterations: result.iterations, converged: result.converged,
                objective: result.value * inverseStrength * rows)
        } else {
            let penalized = penalty == "l2"
            var objective = CrossEntropyObjective(
                features: features, labels: positions, vectors: vectors, fitIntercept: fitIntercept,
                penaltyWeight: penalized ? 1 / (inverseStrength * rows) : 0, sampleWeights: weights)
            let solver = LBFGS(
                memory: 10, maxIterations: maxIterations, gradientTolerance: tolerance, lineSearch: .strongWolfe)
            let result = solver.minimize(&objective, from: [Double](repeating: 0, count: objective.dimension))
            guard result.value.isFinite, result.parameters.allSatisfy(\.isFinite) else {
                throw FitFailure("diverged (the objective is not finite)")
            }
            parameters = result.parameters
            // Report the objective in scikit-learn's scale, C·Σsℓ + ½‖W‖², so it can be compared directly.
            let scale = penalized ? inverseStrength * rows : rows
            report = FitReport(
                iterations: result.iterations, converged: result.converged, objective: result.value * scale)
        }
        let coefficients = (0..<vectors).map { k in Array(parameters[(k * stride)..<(k * stride + columns)]) }
        let intercepts = (0..<vectors).map { k in parameters[k * stride + columns] }
        return FittedLogisticModel(
            coefficients: coefficients, intercepts: intercepts, classes: present, classCount: classCount,
            report: report)
    }

    /// scikit-learn's `class_weight="balanced"`: n / (classes · count of the row's class), per row.
    static func balancedWeights(_ positions: [Int], classes: Int) -> [Double] {
        var counts = [Int](repeating: 0, count: classes)
        for position in positions { counts[position] += 1 }
        let n = Double(positions.count)
        let perClass = counts.map { n / (Double(classes) * Double($0)) }
        return positions.map { perClass[$0] }
    }
}

/// A fitted logistic model: class probabilities by sigmoid (two classes) or softmax.
package struct FittedLogisticModel: FittedModel {
    /// One row per coefficient vector: one for two classes, one per class otherwise.
    package var coefficients: [[Double]]
    package var intercepts: [Double]
    /// The class indices the model was fitted on, in order; other classes get probability 0.
    package var classes: [Int]
    package var classCount: Int
    package var report: FitReport

    package func predict(_ features: Matrix) -> Predictions {
        let rows = features.rows, columns = features.columns
        var probabilities = Matrix(rows: rows, columns: classCount)
        var labels = [Int](repeating: 0, count: rows)
        var scores = [Double](repeating: 0, count: coefficients.count)
        for i in 0..<rows {
            for k in coefficients.indices {
                var z = intercepts[k]
                for j in 0..<columns { z += features.storage[i * columns + j] * coefficients[k][j] }
                scores[k] = z
            }
            if coefficients.count == 1 {
                let positive = Sigmoid.value(scores[0])
                probabilities[i, classes[0]] = 1 - positive
                probabilities[i, classes[1]] = positive
                labels[i] = scores[0] > 0 ? classes[1] : classes[0]
            } else {
                let largest = scores.max() ?? 0
                var total = 0.0
                var best = 0
                for k in scores.indices {
                    total += Foundation.exp(scores[k] - largest)
                    if scores[k] > scores[best] { best = k }
                }
                for k in scores.indices { probabilities[i, classes[k]] = Foundation.exp(scores[k] - largest) / total }
                labels[i] = classes[best]
            }
        }
        return .classes(labels: labels, probabilities: probabilities)
    }

    package var parameters: JSONValue {
        var fields: [String: JSONValue] = [
            "coefficients": .array(coefficients.map { .array($0.map(JSONValue.number)) }),
            "intercepts": .array(intercepts.map(JSONValue.number)),
        ]
        if classes.count < classCount { fields["fitted_class_indices"] = .array(classes.map(JSONValue.int)) }
        return .object(fields)
    }
}

enum Sigmoid {
    static func value(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + Foundation.exp(-z)) : Foundation.exp(z) / (1 + Foundation.exp(z))
    }

    /// log(1 + eᶻ) without overflow.
    static func softplus(_ z: Double) -> Double {
        z > 0 ? z + Foundation.log1p(Foundation.exp(-z)) : Foundation.log1p(Foundation.exp(z))
    }
}
