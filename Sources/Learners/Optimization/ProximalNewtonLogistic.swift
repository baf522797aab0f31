import Foundation
import HyperplanCore
import HyperplanNumerics

/// Weighted cross-entropy with an elastic-net penalty, binary (sigmoid) or multinomial (softmax), minimised by a
/// proximal Newton method: newGLMNET (Yuan, Ho and Lin, "An improved GLMNET for L1-regularized logistic
/// regression", JMLR 2012), extended to the softmax.
///
/// Minimises F(θ) = (1/n)·Σᵢ sᵢℓᵢ(θ) + λ₁‖W‖₁ + ½λ₂‖W‖², the intercepts unpenalised, with parameters laid out
/// as `vectors` blocks of (coefficients…, intercept) like `CrossEntropyObjective`. Each outer iteration
/// forms the second-order model of the smooth part at θ, minimises model + λ₁‖·‖₁ by cyclic coordinate
/// descent on the coordinates that can move, then backtracks along the direction until F decreases as Armijo
/// asks. The model's Hessian is used in one of two forms, by the number of parameters d = vectors·(p + 1):
/// - up to `hessianLimit` (512), formed explicitly (O(n·d²/2) per outer iteration), so a coordinate step costs
///   O(d); once the signs of the coordinate-descent iterate settle, the model is minimised exactly on that
///   orthant by a Cholesky solve, and kept when its signs and the KKT conditions of the model agree — then the
///   step is the exact proximal Newton step and the iteration converges quadratically;
/// - beyond that, applied through u = X·d, so a coordinate step costs O(n) and the Hessian is never formed
///   (newGLMNET's own form).
///
/// Converged means one thing: the largest component of the minimum-norm subgradient of F — for a nonzero
/// coefficient |∂ⱼL + λ₁·sign wⱼ|, for a zero one max(0, |∂ⱼL| − λ₁), for an intercept |∂L/∂b| — is at most
/// `tolerance`. The inner solves tighten as that measure falls (to min(½m, m^1.5), m the measure), so the
/// outer iteration converges superlinearly near the optimum.
struct ProximalNewtonLogistic {
    struct Result {
        var parameters: [Double]
        /// F at `parameters`.
        var value: Double
        /// The largest component of the minimum-norm subgradient at `parameters`.
        var optimality: Double
        /// Outer (Newton) iterations.
        var iterations: Int
        /// Coordinate-descent sweeps over all outer iterations.
        var innerSweeps: Int
        var converged: Bool
        var stopReason: String
    }

    var l1: Double
    var l2: Double
    var fitIntercept: Bool
    var tolerance: Double
    var maxIterations: Int
    /// Sweeps allowed to one inner solve.
    var maxInnerSweeps = 1000
    /// The largest number of parameters for which the Hessian is formed explicitly.
    var hessianLimit = 512

    /// Minimises F for rows of `features` with class positions `labels` (0 or 1 when `vectors` is 1, else
    /// 0..<vectors) and per-row weights sᵢ (all 1 when `weights` is nil).
    ///
    /// - Complexity: per outer iteration O(n·d) for the gradient and line search plus, with the Hessian formed,
    ///   O(n·d²/2) for it and O(d²) per inner sweep; without it, O(n·d) per inner sweep (d = vectors·(p + 1)).
    func minimize(features: Matrix, labels: [Int], vectors: Int, weights: [Double]?) -> Result {
        let formsHessian = vectors * (features.columns + 1) <= hessianLimit
        var problem = ProximalNewtonState(
            features: features, labels: labels, vectors: vectors, weights: weights, formsHessian: formsHessian)
        return problem.run(self)
    }
}

/// The data and work arrays of one minimisation. Per-row arrays are class-major (vectors × n) so every
/// coordinate update streams contiguous runs.
struct ProximalNewtonState {
    let n: Int
    let p: Int
    let vectors: Int
    let stride: Int
    /// Features, column-major (p × n).
    let columns: [Double]
    /// sᵢ/n.
    let rowWeights: [Double]
    /// The 0/1 indicator of each row's class, class-major (vectors × n).
    let indicators: [Double]
    let ones: [Double]
    /// Whether the model's Hessian is formed explicitly (`ProximalNewtonLogistic.hessianLimit`).
    let formsHessian: Bool
    var scores: [Double]
    var probabilities: [Double]
    /// sᵢ/n·pᵢₖ(1 − pᵢₖ) (binary), or sᵢ/n·pᵢₖ (multinomial).
    var curvature: [Double]
    /// u = X·d per vector.
    var direction: [Double]
    /// tᵢ = Σₖ pᵢₖ·uᵢₖ (multinomial only).
    var mixed: [Double]
    var trialScores: [Double]

    init(features: Matrix, labels: [Int], vectors: Int, weights: [Double]?, formsHessian: Bool) {
        n = features.rows
        p = features.columns
        self.vectors = vectors
        stride = p + 1
        columns = Transpose.columnMajor(features.storage, rows: n, columns: p)
        let inverseRows = 1 / Double(n)
        rowWeights = (0..<n).map { i in (weights?[i] ?? 1) * inverseRows }
        var indicator = [Double](repeating: 0, count: vectors * n)
        for i in 0..<n {
            if vectors == 1 {
                indicator[i] = labels[i] == 1 ? 1 : 0
            } else {
                indicator[labels[i] * n + i] = 1
            }
        }
        indicators = indicator
        ones = [Double](repeating: 1, count: n)
        self.formsHessian = formsHessian
        scores = [Double](repeating: 0, count: vectors * n)
        probabilities = scores
        curvature = scores
        direction = scores
        mixed = [Double](repeating: 0, count: n)
        trialScores = scores
    }

    // MARK: The outer iteration

    mutating func run(_ settings: ProximalNewtonLogistic) -> ProximalNewtonLogistic.Result {
        let l1 = settings.l1, l2 = settings.l2
        var theta = [Double](repeating: 0, count: vectors * stride)
        var gradient = theta
        var diagonal = theta
        var trial = theta
        var computedScores = scores
        Self.computeScores(theta, into: &computedScores, columns: columns, n: n, p: p, vectors: vectors)
        scores = computedScores
        var loss = lossAndProbabilities(scores)
        var value = loss + penalty(theta, l1: l1, l2: l2)
        var previousOptimality = Double.infinity
        var iterations = 0
        var innerSweeps = 0
        var retries = 0
        while true {
            computeGradient(theta, l2: l2, fitIntercept: settings.fitIntercept, into: &gradient)
            let optimality = Self.optimality(
                theta, gradient: gradient, l1: l1, p: p, stride: stride, fitIntercept: settings.fitIntercept)
            guard value.isFinite, optimality.isFinite else {
                return result(theta, value, optimality, iterations, innerSweeps, false, "the objective is not finite")
            }
            if optimality <= settings.tolerance {
                return result(
                    theta, value, optimality, iterations, innerSweeps, true, "minimum-norm subgradient within tol")
            }
            if iterations >= settings.maxIterations {
                return result(theta, value, optimality, iterations, innerSweeps, false, "iteration limit reached")
            }
            computeCurvature(into: &diagonal, l2: l2, withDiagonal: !formsHessian)
            let active = activeCoordinates(
                theta, gradient: gradient, l1: l1, margin: previousOptimality, fitIntercept: settings.fitIntercept)
            let innerTolerance = max(
                min(0.5 * optimality, optimality * optimality.squareRoot()) * pow(0.1, Double(retries)),
                0.1 * settings.tolerance)
            trial = theta
            if !formsHessian {
                innerSweeps += solveModelThroughData(
                    theta: theta, trial: &trial, gradient: gradient, diagonal: diagonal, active: active, l1: l1,
                    l2: l2, tolerance: innerTolerance, maxSweeps: settings.maxInnerSweeps)
            } else {
                innerSweeps += solveModelWithHessian(
                    theta: theta, trial: &trial, gradient: gradient, active: active, l1: l1, l2: l2,
                    fitIntercept: settings.fitIntercept, tolerance: innerTolerance, maxSweeps: settings.maxInnerSweeps)
            }
            // Predicted decrease of the model with the quadratic term dropped (newGLMNET's Δ with γ = 0).
            var predicted = 0.0
            for k in 0..<vectors {
                for j in 0...p where j < p || settings.fitIntercept {
                    let index = k * stride + j
                    predicted += gradient[index] * (trial[index] - theta[index])
                    if j < p { predicted += l1 * (abs(trial[index]) - abs(theta[index])) }
                }
            }
            if !(predicted < 0) {
                // The inner solve stopped before finding a descent direction: solve it more tightly.
                retries += 1
                if retries > 8 {
                    return result(
                        theta, value, optimality, iterations, innerSweeps, false,
                        "no descent direction (minimum-norm subgradient \(optimality))")
                }
                continue
            }
            retries = 0
            guard
                let accepted = lineSearch(
                    theta: theta, trial: trial, value: value, predicted: predicted, l1: l1, l2: l2)
            else {
                return result(
                    theta, value, optimality, iterations, innerSweeps, false,
                    "line search found no decrease (minimum-norm subgradient \(optimality))")
            }
            iterations += 1
            theta = accepted.theta
            Self.computeScores(theta, into: &computedScores, columns: columns, n: n, p: p, vectors: vectors)
            scores = computedScores
            loss = lossAndProbabilities(scores)
            value = loss + penalty(theta, l1: l1, l2: l2)
            previousOptimality = optimality
        }
    }

    private func result(
        _ theta: [Double], _ value: Double, _ optimality: Double, _ iterations: Int, _ innerSweeps: Int,
        _ converged: Bool, _ reason: String
    ) -> ProximalNewtonLogistic.Result {
        ProximalNewtonLogistic.Result(
            parameters: theta, value: value, optimality: optimality, iterations: iterations,
            innerSweeps: innerSweeps, converged: converged, stopReason: reason)
    }

    func penalty(_ theta: [Double], l1: Double, l2: Double) -> Double {
        var absolute = 0.0, squared = 0.0
        for k in 0..<vectors {
            for j in 0..<p {
                let w = theta[k * stride + j]
                absolute += abs(w)
                squared += w * w
            }
        }
        return l1 * absolute + 0.5 * l2 * squared
    }

    /// z = X·Wₖ + bₖ for every vector, accumulated column by column.
    private static func computeScores(
        _ theta: [Double], into z: inout [Double], columns: [Double], n: Int, p: Int, vectors: Int
    ) {
        let stride = p + 1
        columns.withUnsafeBufferPointer { x in
            z.withUnsafeMutableBufferPointer { z in
                for k in 0..<vectors {
                    let out = z.run(from: k * n, count: n)
                    let intercept = theta[k * stride + p]
                    for i in 0..<n { out[i] = intercept }
                    for j in 0..<p {
                        let w = theta[k * stride + j]
                        if w != 0 { ColumnKernels.addScaled(w, x.run(from: j * n, count: n), to: out) }
                    }
                }
            }
        }
    }

    /// Σᵢ sᵢ/n·ℓᵢ at scores `z`, storing the probabilities.
    private mutating func lossAndProbabilities(_ z: [Double]) -> Double {
        var loss = 0.0
        let n = self.n, vectors = self.vectors
        rowWeights.withUnsafeBufferPointer { s in
            indicators.withUnsafeBufferPointer { y in
                probabilities.withUnsafeMutableBufferPointer { prob in
                    z.withUnsafeBufferPointer { z in
                        loss = Self.loss(z: z, y: y, s: s, n: n, vectors: vectors, probabilities: prob)
                    }
                }
            }
        }
        return loss
    }

    /// The weighted loss at `z`; writes probabilities when `probabilities` is not empty.
    private static func loss(
        z: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>, s: UnsafeBufferPointer<Double>, n: Int,
        vectors: Int, probabilities: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        var loss = 0.0
        let store = !probabilities.isEmpty
        if vectors == 1 {
            for i in 0..<n {
                let score = z[i]
                loss += s[i] * (Sigmoid.softplus(score) - y[i] * score)
                if store { probabilities[i] = Sigmoid.value(score) }
            }
            return loss
        }
        for i in 0..<n {
            var largest = -Double.infinity
            for k in 0..<vectors { largest = max(largest, z[k * n + i]) }
            var total = 0.0
            var target = 0.0
            for k in 0..<vectors {
                total += Foundation.exp(z[k * n + i] - largest)
                target += y[k * n + i] * z[k * n + i]
            }
            let logNormalizer = largest + Foundation.log(total)
            loss += s[i] * (logNormalizer - target)
            if store {
                for k in 0..<vectors { probabilities[k * n + i] = Foundation.exp(z[k * n + i] - logNormalizer) }
            }
        }
        return loss
    }

    /// ∇L at the stored probabilities: Xᵀ(s∘(P − Y))/n + λ₂W, and column sums for the intercepts.
    private mutating func computeGradient(_ theta: [Double], l2: Double, fitIntercept: Bool, into g: inout [Double]) {
        let n = self.n, p = self.p, stride = self.stride
        var residual = [Double](repeating: 0, count: n)
        columns.withUnsafeBufferPointer { x in
            probabilities.withUnsafeBufferPointer { prob in
                indicators.withUnsafeBufferPointer { y in
                    rowWeights.withUnsafeBufferPointer { s in
                        residual.withUnsafeMutableBufferPointer { r in
                            for k in 0..<vectors {
                                for i in 0..<n { r[i] = s[i] * (prob[k * n + i] - y[k * n + i]) }
                                for j in 0..<p {
                                    g[k * stride + j] =
                                        ColumnKernels.dot(x.run(from: j * n, count: n), r.readOnly)
                                        + l2 * theta[k * stride + j]
                                }
                                g[k * stride + p] = fitIntercept ? ColumnKernels.sum(r.readOnly) : 0
                            }
                        }
                    }
                }
            }
        }
    }

    /// The largest component of the minimum-norm subgradient.
    static func optimality(
        _ theta: [Double], gradient: [Double], l1: Double, p: Int, stride: Int, fitIntercept: Bool
    ) -> Double {
        var largest = 0.0
        for index in theta.indices {
            let j = index % stride
            let g = gradient[index]
            if j == p {
                if fitIntercept { largest = max(largest, abs(g)) }
            } else if theta[index] != 0 {
                largest = max(largest, abs(g + (theta[index] > 0 ? l1 : -l1)))
            } else {
                largest = max(largest, abs(g) - l1)
            }
        }
        return largest
    }

    /// Per-row curvature weights and, `withDiagonal`, the Hessian's diagonal (plus newGLMNET's ν = 1e-12, so
    /// that every one-dimensional model is strictly convex).
    private mutating func computeCurvature(into diagonal: inout [Double], l2: Double, withDiagonal: Bool) {
        let n = self.n, p = self.p, stride = self.stride, vectors = self.vectors
        let nu = 1e-12
        columns.withUnsafeBufferPointer { x in
            probabilities.withUnsafeBufferPointer { prob in
                rowWeights.withUnsafeBufferPointer { s in
                    curvature.withUnsafeMutableBufferPointer { c in
                        // The diagonal uses sᵢ/n·pᵢₖ(1 − pᵢₖ) in both models; the multinomial inner products then
                        // use sᵢ/n·pᵢₖ, written after the diagonal is done.
                        for k in 0..<vectors {
                            for i in 0..<n {
                                let pk = prob[k * n + i]
                                c[k * n + i] = s[i] * pk * (1 - pk)
                            }
                            if !withDiagonal { continue }
                            let ck = c.readOnly.run(from: k * n, count: n)
                            for j in 0..<p {
                                let column = x.run(from: j * n, count: n)
                                diagonal[k * stride + j] = ColumnKernels.dot(column, column, ck) + l2 + nu
                            }
                            diagonal[k * stride + p] = ColumnKernels.sum(ck) + nu
                        }
                        if vectors > 1 {
                            for k in 0..<vectors {
                                for i in 0..<n { c[k * n + i] = s[i] * prob[k * n + i] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The coordinates the inner solve updates: every intercept, every nonzero coefficient, and the zero
    /// coefficients whose gradient is within `margin` (the previous optimality measure) of leaving the dead zone
    /// [−λ₁, λ₁] (newGLMNET's shrinking). Optimality is always measured over all coordinates.
    private func activeCoordinates(
        _ theta: [Double], gradient: [Double], l1: Double, margin: Double, fitIntercept: Bool
    )
        -> [Int]
    {
        var active: [Int] = []
        for k in 0..<vectors {
            for j in 0..<p {
                let index = k * stride + j
                if theta[index] != 0 || l1 == 0 || abs(gradient[index]) >= l1 - margin { active.append(index) }
            }
            if fitIntercept { active.append(k * stride + p) }
        }
        return active
    }

    /// Backtracks from the full step θ → `trial` until F(θ + β(trial − θ)) ≤ F(θ) + σβΔ (σ = 0.01).
    ///
    /// Near the optimum Δ falls below the rounding error of F, and the test becomes noise; as in the L-BFGS
    /// line search, a step is then also accepted when F has not grown by more than 1e-12 of its magnitude.
    mutating func lineSearch(
        theta: [Double], trial: [Double], value: Double, predicted: Double, l1: Double, l2: Double
    ) -> (theta: [Double], value: Double)? {
        let n = self.n, vectors = self.vectors
        let slack = 1e-12 * abs(value)
        var step = 1.0
        var candidate = trial
        while step >= 1e-10 {
            if step < 1 {
                for index in candidate.indices {
                    candidate[index] = theta[index] + step * (trial[index] - theta[index])
                }
            }
            let trialLoss = scores.withUnsafeBufferPointer { z in
                direction.withUnsafeBufferPointer { u in
                    trialScores.withUnsafeMutableBufferPointer { zt in
                        for index in 0..<(vectors * n) { zt[index] = z[index] + step * u[index] }
                        return rowWeights.withUnsafeBufferPointer { s in
                            indicators.withUnsafeBufferPointer { y in
                                Self.loss(
                                    z: zt.readOnly, y: y, s: s, n: n, vectors: vectors,
                                    probabilities: UnsafeMutableBufferPointer(start: nil, count: 0))
                            }
                        }
                    }
                }
            }
            let candidateValue = trialLoss + penalty(candidate, l1: l1, l2: l2)
            if candidateValue <= value + 0.01 * step * predicted || candidateValue <= value + slack {
                return (candidate, candidateValue)
            }
            step *= 0.5
        }
        return nil
    }
}
