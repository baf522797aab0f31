import Foundation
import HyperplanCore

/// Logistic regression, binary or multinomial, with an l2 penalty (or none), solved to convergence by L-BFGS.
///
/// The objective is scikit-learn's: C·Σᵢ ℓᵢ + ½‖W‖², the intercepts not penalised, where ℓᵢ is the
/// cross-entropy of row i. Two classes use one coefficient vector and the sigmoid; more classes use one
/// vector per class and the softmax (scikit-learn's multinomial formulation). The solver minimises the
/// same objective divided by C·n, which has the same minimiser and keeps gradients O(1) for any C and n.
public struct LogisticRegression: Learner {
    public static let name = "logistic_regression"
    public static let summary = "binary or multinomial logistic regression with an l2 penalty, by L-BFGS"
    public static let tasks: [TaskKind] = [.classification]
    public static let trainsIteratively = false
    public static let schema = OptionSchema([
        OptionSpec(
            "penalty", .enumeration(["l2", "none"]), default: .string("l2"), summary: "regularisation: l2 or none"),
        OptionSpec(
            "C", .real(.positive), default: .double(1.0),
            summary: "inverse regularisation strength (larger C, weaker penalty)"),
        OptionSpec("fit_intercept", .boolean, default: .bool(true), summary: "fit unpenalised intercepts"),
        OptionSpec(
            "max_iter", .integer(min: 1, max: 1_000_000), default: .int(10_000), summary: "L-BFGS iteration limit"),
        OptionSpec(
            "tol", .real(.positive), default: .double(1e-10),
            summary: "convergence tolerance on the largest gradient component of the objective divided by C·n"),
    ])

    public static func problems(with hyperparameters: Hyperparameters, given: Set<String>) -> [OptionProblem] {
        if hyperparameters.string("penalty") == "none", given.contains("C") {
            return [OptionProblem(option: "C", message: "'C' has no effect with penalty 'none'", severity: .warning)]
        }
        return []
    }

    public var penalized: Bool
    public var inverseStrength: Double
    public var fitIntercept: Bool
    public var maxIterations: Int
    public var tolerance: Double

    public init(hyperparameters: Hyperparameters, task: TaskKind) {
        penalized = (hyperparameters.string("penalty") ?? "l2") == "l2"
        inverseStrength = hyperparameters.double("C") ?? 1
        fitIntercept = hyperparameters.bool("fit_intercept") ?? true
        maxIterations = hyperparameters.int("max_iter") ?? 10_000
        tolerance = hyperparameters.double("tol") ?? 1e-10
    }

    public func fit(features: Matrix, targets: Targets, context: FitContext) throws(FitFailure) -> any FittedModel {
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
        let vectors = present.count == 2 ? 1 : present.count
        var objective = CrossEntropyObjective(
            features: features, labels: labels.map { positionOf[$0] }, vectors: vectors, fitIntercept: fitIntercept,
            penaltyWeight: penalized ? 1 / (inverseStrength * Double(features.rows)) : 0)
        let solver = LBFGS(memory: 10, maxIterations: maxIterations, gradientTolerance: tolerance)
        let result = solver.minimize(&objective, from: [Double](repeating: 0, count: objective.dimension))
        guard result.value.isFinite, result.parameters.allSatisfy(\.isFinite) else {
            throw FitFailure("diverged (the objective is not finite)")
        }
        let columns = features.columns
        let stride = columns + 1
        let coefficients = (0..<vectors).map { k in Array(result.parameters[(k * stride)..<(k * stride + columns)]) }
        let intercepts = (0..<vectors).map { k in result.parameters[k * stride + columns] }
        // Report the objective in scikit-learn's scale, C·Σℓ + ½‖W‖², so it can be compared directly.
        let scale = penalized ? inverseStrength * Double(features.rows) : Double(features.rows)
        return FittedLogisticModel(
            coefficients: coefficients, intercepts: intercepts, classes: present, classCount: classCount,
            report: FitReport(
                iterations: result.iterations, converged: result.converged, objective: result.value * scale))
    }
}

/// A fitted logistic model: class probabilities by sigmoid (two classes) or softmax.
public struct FittedLogisticModel: FittedModel {
    /// One row per coefficient vector: one for two classes, one per class otherwise.
    public var coefficients: [[Double]]
    public var intercepts: [Double]
    /// The class indices the model was fitted on, in order; other classes get probability 0.
    public var classes: [Int]
    public var classCount: Int
    public var report: FitReport

    public func predict(_ features: Matrix) -> Predictions {
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

    public var parameters: JSONValue {
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
