import HyperplanCore

/// Least-squares linear regression: ordinary (`penalty: none`) or ridge (`penalty: l2`), closed form.
///
/// Objectives as scikit-learn's `LinearRegression` and `Ridge`: ‖y − Xw − b‖² (+ α‖w‖² for ridge), the
/// intercept not penalised. The intercept is handled by centring X and y. Ridge solves the normal
/// equations (XᵀX + αI)w = Xᵀy by Cholesky, as scikit-learn's `cholesky` solver does; ordinary least
/// squares uses QR and SVD for the minimum-norm solution, so collinear columns are handled like `lstsq`.
public struct LinearRegression: Learner {
    public static let name = "linear_regression"
    public static let summary = "ordinary least squares or ridge regression, solved in closed form"
    public static let tasks: [TaskKind] = [.regression]
    public static let trainsIteratively = false
    public static let schema = OptionSchema([
        OptionSpec(
            "penalty", .enumeration(["none", "l2"]), default: .string("none"),
            summary: "regularisation: none (OLS) or l2 (ridge)"),
        OptionSpec("alpha", .real(.nonNegative), default: .double(1.0), summary: "strength of the l2 penalty α‖w‖²"),
        OptionSpec("fit_intercept", .boolean, default: .bool(true), summary: "fit an unpenalised intercept"),
    ])

    public static func problems(with hyperparameters: Hyperparameters, given: Set<String>) -> [OptionProblem] {
        if hyperparameters.string("penalty") == "none", given.contains("alpha") {
            return [
                OptionProblem(option: "alpha", message: "'alpha' has no effect with penalty 'none'", severity: .warning)
            ]
        }
        return []
    }

    public var penalty: String
    public var alpha: Double
    public var fitIntercept: Bool

    public init(hyperparameters: Hyperparameters, task: TaskKind) {
        penalty = hyperparameters.string("penalty") ?? "none"
        alpha = hyperparameters.double("alpha") ?? 1
        fitIntercept = hyperparameters.bool("fit_intercept") ?? true
    }

    public func fit(features: Matrix, targets: Targets, context: FitContext) throws(FitFailure) -> any FittedModel {
        guard case .values(let y) = targets else { throw FitFailure("linear_regression needs a numeric target") }
        let rows = features.rows, columns = features.columns
        guard rows > 0 else { throw FitFailure("no training rows") }
        guard features.storage.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else {
            throw FitFailure("training data contains non-finite values")
        }
        var xMean = [Double](repeating: 0, count: columns)
        var yMean = 0.0
        var centered = features.storage
        var yCentered = y
        if fitIntercept {
            for i in 0..<rows {
                for j in 0..<columns { xMean[j] += centered[i * columns + j] }
                yMean += y[i]
            }
            for j in 0..<columns { xMean[j] /= Double(rows) }
            yMean /= Double(rows)
            for i in 0..<rows {
                for j in 0..<columns { centered[i * columns + j] -= xMean[j] }
                yCentered[i] -= yMean
            }
        }
        let coefficients: [Double]
        if penalty == "l2", alpha > 0 {
            var gram = Gram.crossProduct(centered, rows: rows, columns: columns)
            let xty = Gram.transposedProduct(centered, rows: rows, columns: columns, vector: yCentered)
            for j in 0..<columns { gram[j * columns + j] += alpha }
            if let cholesky = Cholesky(gram, size: columns) {
                coefficients = cholesky.solve(xty)
            } else {
                throw FitFailure(
                    "the ridge system is not positive definite (alpha \(NumberFormatting.shortest(alpha)))")
            }
        } else {
            coefficients = MinimumNormLeastSquares.solve(centered, rows: rows, columns: columns, y: yCentered)
        }
        guard coefficients.allSatisfy(\.isFinite) else { throw FitFailure("the solution is not finite") }
        var intercept = 0.0
        if fitIntercept {
            intercept = yMean
            for j in 0..<columns { intercept -= xMean[j] * coefficients[j] }
        }
        return FittedLinearModel(coefficients: coefficients, intercept: intercept)
    }
}

/// A fitted linear predictor ŷ = Xw + b.
public struct FittedLinearModel: FittedModel {
    public var coefficients: [Double]
    public var intercept: Double

    public func predict(_ features: Matrix) -> Predictions {
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

    public var parameters: JSONValue {
        .object(["coefficients": .array(coefficients.map(JSONValue.number)), "intercept": .number(intercept)])
    }

    public var report: FitReport { FitReport() }
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
