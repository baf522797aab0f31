package import HyperplanCore
import HyperplanNumerics

/// Least-squares linear regression: ordinary (`penalty: none`), ridge (`penalty: l2`), lasso (`penalty: l1`)
/// or elastic net (`penalty: elasticnet`).
///
/// Objectives as scikit-learn's `LinearRegression`, `Ridge`, `Lasso` and `ElasticNet`, the intercept never
/// penalised and handled by centring X and y:
/// - none: ‖y − Xw − b‖², by QR and SVD for the minimum-norm solution, so collinear columns are handled like
///   `lstsq`;
/// - l2: ‖y − Xw − b‖² + α‖w‖², the normal equations (XᵀX + αI)w = Xᵀy solved by Cholesky, as scikit-learn's
///   `cholesky` solver does;
/// - l1 and elasticnet: (1/(2n))‖y − Xw − b‖² + αρ‖w‖₁ + ½α(1 − ρ)‖w‖² with ρ = `l1_ratio` (1 for l1), by
///   cyclic coordinate descent stopped on scikit-learn's duality-gap test (`ElasticNetCoordinateDescent`).
///
/// The 1/(2n) of the coordinate-descent objectives is scikit-learn's: the same `alpha` is a much stronger
/// penalty for l1/elasticnet than for l2 (elasticnet with ρ = 0 and `alpha` a equals ridge with `alpha` n·a).
package struct LinearRegression: Learner {
    package static let name = "linear_regression"
    package static let summary =
        "least squares: ordinary, ridge (closed form), lasso or elastic net (coordinate descent)"
    package static let tasks: [TaskKind] = [.regression]
    package static let trainsIteratively = false
    package static var fittedModelType: any RebuildableModel.Type { FittedLinearModel.self }
    package static let schema = OptionSchema([
        OptionSpec(
            "penalty", .enumeration(["none", "l2", "l1", "elasticnet"]), default: .string("none"),
            summary: "regularisation: none (OLS), l2 (ridge), l1 (lasso) or elasticnet"),
        OptionSpec(
            "alpha", .real(.nonNegative), default: .double(1.0),
            summary:
                "penalty strength: α‖w‖² for l2; αρ‖w‖₁ + ½α(1 − ρ)‖w‖² beside a 1/(2n)-scaled loss for l1 and elasticnet"
        ),
        OptionSpec(
            "l1_ratio", .real(.unitInterval), default: .double(0.5),
            summary:
                "elasticnet's mix ρ of the l1 and l2 penalties (1 is the lasso, 0 ridge in the elastic-net scaling)"),
        OptionSpec("fit_intercept", .boolean, default: .bool(true), summary: "fit an unpenalised intercept"),
        OptionSpec(
            "max_iter", .integer(min: 1, max: 100_000_000), default: .int(100_000),
            summary: "coordinate-descent epoch limit (l1 and elasticnet)"),
        OptionSpec(
            "tol", .real(.positive), default: .double(1e-10),
            summary:
                "stop when the duality gap of the 1/(2n)-scaled objective is at most tol·‖y − ȳ‖²/n (l1 and elasticnet)"
        ),
    ])

    package static func problems(with hyperparameters: Hyperparameters, given: Set<String>) -> [OptionProblem] {
        let penalty = hyperparameters.string("penalty") ?? "none"
        var problems: [OptionProblem] = []
        func noEffect(_ option: String) {
            if given.contains(option) {
                problems.append(
                    OptionProblem(
                        option: option, message: "'\(option)' has no effect with penalty '\(penalty)'",
                        severity: .warning))
            }
        }
        if penalty == "none" { noEffect("alpha") }
        if penalty != "elasticnet" { noEffect("l1_ratio") }
        if penalty == "none" || penalty == "l2" {
            noEffect("max_iter")
            noEffect("tol")
        }
        return problems
    }

    package var penalty: String
    package var alpha: Double
    package var l1Ratio: Double
    package var fitIntercept: Bool
    package var maxIterations: Int
    package var tolerance: Double

    package init(hyperparameters: Hyperparameters, task: TaskKind) {
        penalty = hyperparameters.string("penalty") ?? "none"
        alpha = hyperparameters.double("alpha") ?? 1
        l1Ratio = hyperparameters.double("l1_ratio") ?? 0.5
        fitIntercept = hyperparameters.bool("fit_intercept") ?? true
        maxIterations = hyperparameters.int("max_iter") ?? 100_000
        tolerance = hyperparameters.double("tol") ?? 1e-10
    }

    package func fit(features: Matrix, targets: Targets, context: FitContext) throws(FitFailure) -> any FittedModel {
        guard case .values(let y) = targets else { throw FitFailure("linear_regression needs a numeric target") }
        let rows = features.rows, columns = features.columns
        guard rows > 0 else { throw FitFailure("no training rows") }
        guard features.storage.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else {
            throw FitFailure("training data contains non-finite values")
        }
        var xMean = [Double](repeating: 0, count: columns)
        var yMean = 0.0
        var yCentered = y
        if fitIntercept {
            features.storage.withUnsafeBufferPointer { x in
                for i in 0..<rows {
                    for j in 0..<columns { xMean[j] += x[i * columns + j] }
                    yMean += y[i]
                }
            }
            for j in 0..<columns { xMean[j] /= Double(rows) }
            yMean /= Double(rows)
            for i in 0..<rows { yCentered[i] -= yMean }
        }
        let coefficients: [Double]
        var report = FitReport()
        if penalty == "l1" || penalty == "elasticnet", alpha > 0 {
            // scikit-learn's Lasso/ElasticNet objective times n: ½‖y − Xw‖² + nαρ‖w‖₁ + ½nα(1 − ρ)‖w‖².
            let ratio = penalty == "l1" ? 1 : l1Ratio
            let n = Double(rows)
            let solver = ElasticNetCoordinateDescent(
                l1: n * alpha * ratio, l2: n * alpha * (1 - ratio), tolerance: tolerance, maxEpochs: maxIterations)
            // Coordinate descent reads columns: centre while transposing, in one pass over the features.
            let centered = Transpose.columnMajor(features.storage, rows: rows, columns: columns, subtracting: xMean)
            let result = solver.solve(columnMajor: centered, rows: rows, columns: columns, y: yCentered)
            coefficients = result.coefficients
            report = FitReport(iterations: result.epochs, converged: result.converged, objective: result.objective / n)
        } else {
            var centered = features.storage
            if fitIntercept {
                for i in 0..<rows {
                    for j in 0..<columns { centered[i * columns + j] -= xMean[j] }
                }
            }
            if penalty == "l2", alpha > 0 {
                var gram = Gram.crossProduct(centered, rows: rows, columns: columns)
                let xty = Gram.transposedProduct(centered, rows: rows, columns: columns, vector: yCentered)
                for j in 0..<columns { gram[j * columns + j] += alpha }
                if let cholesky = Cholesky(gram, size: columns, summation: .sequential, jitter: .none) {
                    coefficients = cholesky.solve(xty)
                } else {
                    throw FitFailure(
                        "the ridge system is not positive definite (alpha \(NumberFormatting.shortest(alpha)))")
                }
            } else {
                coefficients = MinimumNormLeastSquares.solve(centered, rows: rows, columns: columns, y: yCentered)
            }
        }
        guard coefficients.allSatisfy(\.isFinite) else { throw FitFailure("the solution is not finite") }
        var intercept = 0.0
        if fitIntercept {
            intercept = yMean
            for j in 0..<columns { intercept -= xMean[j] * coefficients[j] }
        }
        return FittedLinearModel(coefficients: coefficients, intercept: intercept, report: report)
    }
}

/// A fitted linear predictor ŷ = Xw + b.
package struct FittedLinearModel: FittedModel {
    package var coefficients: [Double]
    package var intercept: Double
    /// Epochs, convergence and the objective of coordinate-descent fits; empty for the closed forms.
    package var report = FitReport()

    package func predict(_ features: Matrix) -> Predictions {
        let columns = features.columns
        var output = [Double](repeating: intercept, count: features.rows)
        features.storage.withUnsafeBufferPointer { x in
            coefficients.withUnsafeBufferPointer { w in
                for i in 0..<features.rows {
                    var sum = 0.0
                    let base = i * columns
                    for j in 0..<columns { sum += x[base + j] * w[j] }
                    output[i] += sum
                }
            }
        }
        return .values(output)
    }

    package var parameters: JSONValue {
        .object(["coefficients": .array(coefficients.map(JSONValue.number)), "intercept": .number(intercept)])
    }
}

/// Products with a row-major matrix's transpose, the kernels of the normal equations.
enum Gram {
    /// XᵀX (columns × columns, row-major), accumulated one row of X at a time so reads are contiguous.
    ///
    /// - Complexity: O(rows × columns²).
    static func crossProduct(_ x: [Double], rows: Int, columns: Int) -> [Double] {
        var gram = [Double](repeating: 0, count: columns * columns)
        gram.withUnsafeMutableBufferPointer { g in
            x.withUnsafeBufferPointer { data in
                for i in 0..<rows {
                    let base = i * columns
                    for j in 0..<columns {
                        let xij = data[base + j]
                        if xij == 0 { continue }
                        let rowStart = j * columns
                        for k in j..<columns { g[rowStart + k] += xij * data[base + k] }
                    }
                }
            }
            for j in 0..<columns {
                for k in 0..<j { g[j * columns + k] = g[k * columns + j] }
            }
        }
        return gram
    }

    /// Xᵀv.
    static func transposedProduct(_ x: [Double], rows: Int, columns: Int, vector: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: columns)
        for i in 0..<rows {
            let value = vector[i]
            for j in 0..<columns { result[j] += x[i * columns + j] * value }
        }
        return result
    }
}
