import HyperplanNumerics

/// Cyclic coordinate descent for the elastic net on centred data, as scikit-learn's `enet_coordinate_descent`:
/// minimises P(w) = ½‖y − Xw‖² + l1‖w‖₁ + ½·l2‖w‖² and stops on the duality gap.
///
/// `Lasso`/`ElasticNet` scale their objective (1/(2n))‖y − Xw‖² + αρ‖w‖₁ + ½α(1 − ρ)‖w‖² by n before solving,
/// so l1 = nαρ and l2 = nα(1 − ρ). Converged means the duality gap G(w, v) (formulation A of scikit-learn's
/// `_cd_fast.pyx` when l1 > 0, formulation B when l1 = 0 < l2) is at most `tolerance`·yᵀy, scikit-learn's
/// test exactly; its default tolerance (1e-4) is loose, Hyperplan's callers pass a tight one.
///
/// Two layouts of the same iteration:
/// - residuals: a column-major copy of X and the residual vector R = y − Xw; a coordinate step costs O(n), the
///   gap O(n·p);
/// - Gram: XᵀX and Xᵀy formed once (O(n·p²)), after which a coordinate step costs O(p) and the gap O(p).
/// By default (`adaptive`) a fit starts with residuals and moves to Gram, keeping its coefficients, once its
/// coordinate steps have cost as much as forming XᵀX would (p²/4 steps of 2n operations) — so a
/// well-conditioned problem that converges in a few epochs never pays for XᵀX, an ill-conditioned one that
/// needs thousands of epochs pays for it once, and neither costs much more than twice its better layout. Gram is
/// not used beyond 2,048 columns (32 MB).
///
/// Both alternate a sweep over every coordinate (after which the gap is checked) with sweeps over the nonzero
/// coordinates only, until their largest change is at most `tolerance` times the largest coefficient, as
/// glmnet's active-set strategy does. An epoch is one sweep, over all or over the nonzero coordinates.
struct ElasticNetCoordinateDescent {
    enum Layout {
        case adaptive
        case gram
        case residuals
    }

    struct Result {
        var coefficients: [Double]
        var epochs: Int
        var converged: Bool
        /// The final duality gap of the n-scaled objective P.
        var gap: Double
        /// P(w) at the returned coefficients.
        var objective: Double
        var stopReason: String
    }

    /// The l1 weight of P (n·α·ρ).
    var l1: Double
    /// The l2 weight of P (n·α·(1 − ρ)).
    var l2: Double
    var tolerance: Double
    var maxEpochs: Int
    var layout = Layout.adaptive

    /// The most columns for which XᵀX is formed.
    static let gramColumnLimit = 2048

    /// Solves the problem for centred features `x` given column-major (columns × rows, each column contiguous)
    /// and centred target `y`.
    ///
    /// - Complexity: O(n·p) per full epoch with residuals; O(n·p²) once plus O(p²) per epoch with Gram.
    func solve(columnMajor x: [Double], rows: Int, columns: Int, y: [Double]) -> Result {
        var yy = 0.0
        for value in y { yy += value * value }
        var progress = Progress(coefficients: [Double](repeating: 0, count: columns), target: tolerance * yy)
        switch layout {
        case .gram:
            var state = GramState(columnMajor: x, rows: rows, columns: columns, y: y, yy: yy)
            return run(&state, &progress, stepBudget: .max)
        case .residuals:
            var state = ResidualState(columnMajor: x, rows: rows, columns: columns, y: y)
            return run(&state, &progress, stepBudget: .max)
        case .adaptive:
            var state = ResidualState(columnMajor: x, rows: rows, columns: columns, y: y)
            let budget = columns <= Self.gramColumnLimit ? max(columns * columns / 4, 1) : .max
            let result = run(&state, &progress, stepBudget: budget)
            guard progress.budgetExhausted else { return result }
            var gram = GramState(columnMajor: state.columnMajor, rows: rows, columns: columns, y: y, yy: yy)
            return run(&gram, &progress, stepBudget: .max)
        }
    }

    /// Where a run stands: the coefficients, epochs so far and the gap target; carried from one layout to the next.
    private struct Progress {
        var coefficients: [Double]
        var target: Double
        var epochs = 0
        var steps = 0
        var budgetExhausted = false
    }

    private func run<State: CoordinateDescentState>(_ state: inout State, _ progress: inout Progress, stepBudget: Int)
        -> Result
    {
        var w = progress.coefficients
        defer { progress.coefficients = w }
        let columns = w.count
        let everyColumn = Array(0..<columns)
        var steps = 0
        progress.budgetExhausted = false
        var gap = state.gap(w, l1: l1, l2: l2)
        var converged = gap <= progress.target
        var stopReason = converged ? "duality gap at most tol·yᵀy" : "epoch limit reached"
        outer: while !converged && progress.epochs < maxEpochs {
            if steps >= stepBudget {
                progress.budgetExhausted = true
                break
            }
            let full = state.sweep(&w, over: everyColumn, l1: l1, l2: l2)
            progress.epochs += 1
            steps += columns
            gap = state.gap(w, l1: l1, l2: l2)
            if gap <= progress.target {
                converged = true
                stopReason = "duality gap at most tol·yᵀy"
                break
            }
            if full.largestChange <= 4 * Double.ulpOfOne * full.largestCoefficient {
                stopReason = "no coordinate moves but the duality gap \(gap) exceeds tol·yᵀy = \(progress.target)"
                break
            }
            let active = everyColumn.filter { w[$0] != 0 }
            if active.isEmpty { continue }
            while progress.epochs < maxEpochs {
                if steps >= stepBudget {
                    progress.budgetExhausted = true
                    break outer
                }
                let sweep = state.sweep(&w, over: active, l1: l1, l2: l2)
                progress.epochs += 1
                steps += active.count
                let threshold = max(tolerance, 4 * Double.ulpOfOne) * sweep.largestCoefficient
                if sweep.largestChange <= threshold { break }
            }
        }
        if !converged, progress.epochs >= maxEpochs { gap = state.gap(w, l1: l1, l2: l2) }
        return Result(
            coefficients: w, epochs: progress.epochs, converged: converged, gap: gap,
            objective: state.primal(w, l1: l1, l2: l2), stopReason: stopReason)
    }
}

/// The largest coordinate change of a sweep and the largest coefficient after it.
struct SweepSummary {
    var largestChange = 0.0
    var largestCoefficient = 0.0
}

/// What the two layouts of coordinate descent provide to the shared iteration.
private protocol CoordinateDescentState {
    /// Updates the coordinates `indices` in order by exact minimisation along each.
    mutating func sweep(_ w: inout [Double], over indices: [Int], l1: Double, l2: Double) -> SweepSummary
    /// The duality gap at `w` (recomputing what the sweeps updated incrementally).
    mutating func gap(_ w: [Double], l1: Double, l2: Double) -> Double
    /// P(w).
    mutating func primal(_ w: [Double], l1: Double, l2: Double) -> Double
}

/// The gap of the sums scikit-learn's `gap_enet` and `gap_enet_gram` compute, from the same ingredients.
///
/// `gradient` is XᵀR (R = y − Xw); with l1 > 0 formulation A rescales R into the dual feasible set
/// ‖XᵀR − l2·w‖∞ ≤ l1, with l1 = 0 < l2 formulation B needs no rescaling, and with l1 = l2 = 0 the gap is
/// replaced by ‖XᵀR‖², the first-order condition of least squares.
private func dualityGap(
    w: [Double], gradient: [Double], residualNorm2: Double, residualDotY: Double, l1: Double, l2: Double
) -> Double {
    var wNorm2 = 0.0, wNorm1 = 0.0
    for value in w {
        wNorm2 += value * value
        wNorm1 += abs(value)
    }
    if l1 == 0 {
        var gradientNorm2 = 0.0
        for value in gradient { gradientNorm2 += value * value }
        if l2 == 0 { return gradientNorm2 }
        return residualNorm2 + 0.5 * l2 * wNorm2 - residualDotY + gradientNorm2 / (2 * l2)
    }
    var dualNorm = 0.0
    for j in w.indices { dualNorm = max(dualNorm, abs(gradient[j] - l2 * w[j])) }
    let scale = dualNorm > l1 ? l1 / dualNorm : 1
    let primal = 0.5 * (residualNorm2 + l2 * wNorm2) + l1 * wNorm1
    let dual = -0.5 * scale * scale * (residualNorm2 + l2 * wNorm2) + scale * residualDotY
    return primal - dual
}

private func penalties(_ w: [Double], l1: Double, l2: Double) -> Double {
    var wNorm2 = 0.0, wNorm1 = 0.0
    for value in w {
        wNorm2 += value * value
        wNorm1 += abs(value)
    }
    return l1 * wNorm1 + 0.5 * l2 * wNorm2
}

/// The soft-thresholded minimiser along one coordinate: sign(t)·max(|t| − l1, 0) / (norm² + l2).
@inline(__always)
private func shrink(_ t: Double, l1: Double, denominator: Double) -> Double {
    let magnitude = abs(t) - l1
    guard magnitude > 0 else { return 0 }
    return (t > 0 ? magnitude : -magnitude) / denominator
}

/// Q = XᵀX, q = Xᵀy and Q·w, updated one column of Q per coordinate change.
private struct GramState: CoordinateDescentState {
    let columns: Int
    let yy: Double
    var gram: [Double]
    var xty: [Double]
    var gramW: [Double]

    /// The Gram state of column-major centred features (columns × rows) and target `y`, with Q·w = 0 (w = 0);
    /// `gap` recomputes Q·w, so a run may continue from coefficients another layout reached.
    init(columnMajor x: [Double], rows: Int, columns: Int, y: [Double], yy: Double) {
        self.columns = columns
        self.yy = yy
        gram = SymmetricProduct.gram(columnMajor: x, rows: rows, columns: columns)
        var product = [Double](repeating: 0, count: columns)
        x.withUnsafeBufferPointer { x in
            y.withUnsafeBufferPointer { y in
                for j in 0..<columns { product[j] = ColumnKernels.dot(x.run(from: j * rows, count: rows), y) }
            }
        }
        xty = product
        gramW = [Double](repeating: 0, count: columns)
    }

    mutating func sweep(_ w: inout [Double], over indices: [Int], l1: Double, l2: Double) -> SweepSummary {
        let p = columns
        var summary = SweepSummary()
        gram.withUnsafeBufferPointer { g in
            xty.withUnsafeBufferPointer { q in
                gramW.withUnsafeMutableBufferPointer { h in
                    w.withUnsafeMutableBufferPointer { w in
                        for j in indices {
                            let diagonal = g[j * p + j]
                            if diagonal == 0 { continue }
                            let old = w[j]
                            let t = q[j] - h[j] + diagonal * old
                            let new = shrink(t, l1: l1, denominator: diagonal + l2)
                            if new != old {
                                w[j] = new
                                let delta = new - old
                                let row = j * p
                                for k in 0..<p { h[k] += delta * g[row + k] }
                                summary.largestChange = max(summary.largestChange, abs(delta))
                            }
                            summary.largestCoefficient = max(summary.largestCoefficient, abs(new))
                        }
                    }
                }
            }
        }
        return summary
    }

    /// Recomputes Q·w exactly, so rounding from the incremental updates does not reach the gap.
    private mutating func refreshGramW(_ w: [Double]) {
        let p = columns
        gram.withUnsafeBufferPointer { g in
            w.withUnsafeBufferPointer { w in
                gramW.withUnsafeMutableBufferPointer { h in
                    for j in 0..<p {
                        h[j] = ColumnKernels.dot(g.run(from: j * p, count: p), w)
                    }
                }
            }
        }
    }

    private func residualTerms(_ w: [Double]) -> (norm2: Double, dotY: Double) {
        var qw = 0.0, wqw = 0.0
        for j in 0..<columns {
            qw += w[j] * xty[j]
            wqw += w[j] * gramW[j]
        }
        return (yy + wqw - 2 * qw, yy - qw)
    }

    mutating func gap(_ w: [Double], l1: Double, l2: Double) -> Double {
        refreshGramW(w)
        let (norm2, dotY) = residualTerms(w)
        var gradient = [Double](repeating: 0, count: columns)
        for j in 0..<columns { gradient[j] = xty[j] - gramW[j] }
        return dualityGap(w: w, gradient: gradient, residualNorm2: norm2, residualDotY: dotY, l1: l1, l2: l2)
    }

    mutating func primal(_ w: [Double], l1: Double, l2: Double) -> Double {
        refreshGramW(w)
        return 0.5 * residualTerms(w).norm2 + penalties(w, l1: l1, l2: l2)
    }
}

/// A column-major copy of X, the columns' squared norms and the residual R = y − Xw.
private struct ResidualState: CoordinateDescentState {
    let rows: Int
    let columns: Int
    let y: [Double]
    var columnMajor: [Double]
    var norms: [Double]
    var residual: [Double]

    init(columnMajor x: [Double], rows: Int, columns: Int, y: [Double]) {
        self.rows = rows
        self.columns = columns
        self.y = y
        var squaredNorms = [Double](repeating: 0, count: columns)
        x.withUnsafeBufferPointer { c in
            for j in 0..<columns {
                let column = c.run(from: j * rows, count: rows)
                squaredNorms[j] = ColumnKernels.dot(column, column)
            }
        }
        columnMajor = x
        norms = squaredNorms
        residual = y
    }

    mutating func sweep(_ w: inout [Double], over indices: [Int], l1: Double, l2: Double) -> SweepSummary {
        let n = rows
        var summary = SweepSummary()
        columnMajor.withUnsafeBufferPointer { c in
            norms.withUnsafeBufferPointer { norms in
                residual.withUnsafeMutableBufferPointer { r in
                    w.withUnsafeMutableBufferPointer { w in
                        for j in indices {
                            let norm = norms[j]
                            if norm == 0 { continue }
                            let column = c.run(from: j * n, count: n)
                            let old = w[j]
                            let t = ColumnKernels.dot(column, r.readOnly) + norm * old
                            let new = shrink(t, l1: l1, denominator: norm + l2)
                            if new != old {
                                w[j] = new
                                ColumnKernels.addScaled(old - new, column, to: r)
                                summary.largestChange = max(summary.largestChange, abs(new - old))
                            }
                            summary.largestCoefficient = max(summary.largestCoefficient, abs(new))
                        }
                    }
                }
            }
        }
        return summary
    }

    /// Recomputes R = y − Xw from scratch, so rounding from the incremental updates does not reach the gap.
    private mutating func refreshResidual(_ w: [Double]) {
        let n = rows
        residual = y
        columnMajor.withUnsafeBufferPointer { c in
            residual.withUnsafeMutableBufferPointer { r in
                for j in 0..<columns where w[j] != 0 {
                    ColumnKernels.addScaled(-w[j], c.run(from: j * n, count: n), to: r)
                }
            }
        }
    }

    mutating func gap(_ w: [Double], l1: Double, l2: Double) -> Double {
        refreshResidual(w)
        let n = rows
        var gradient = [Double](repeating: 0, count: columns)
        var norm2 = 0.0, dotY = 0.0
        columnMajor.withUnsafeBufferPointer { c in
            residual.withUnsafeBufferPointer { r in
                y.withUnsafeBufferPointer { y in
                    for j in 0..<columns {
                        gradient[j] = ColumnKernels.dot(c.run(from: j * n, count: n), r)
                    }
                    norm2 = ColumnKernels.dot(r, r)
                    dotY = ColumnKernels.dot(r, y)
                }
            }
        }
        return dualityGap(w: w, gradient: gradient, residualNorm2: norm2, residualDotY: dotY, l1: l1, l2: l2)
    }

    mutating func primal(_ w: [Double], l1: Double, l2: Double) -> Double {
        refreshResidual(w)
        var norm2 = 0.0
        residual.withUnsafeBufferPointer { r in
            norm2 = ColumnKernels.dot(r, r)
        }
        return 0.5 * norm2 + penalties(w, l1: l1, l2: l2)
    }
}

/// Layout changes of row-major matrices.
enum Transpose {
    /// The column-major copy (columns × rows, row-major) of a row-major rows × columns matrix, minus
    /// `subtracting[j]` in column j when given, in tiles so both sides are read and written in cache-sized runs.
    ///
    /// - Complexity: O(rows × columns).
    static func columnMajor(_ x: [Double], rows: Int, columns: Int, subtracting means: [Double]? = nil) -> [Double] {
        var result = [Double](repeating: 0, count: rows * columns)
        let tile = 32
        x.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { target in
                var i0 = 0
                while i0 < rows {
                    let i1 = min(i0 + tile, rows)
                    var j0 = 0
                    while j0 < columns {
                        let j1 = min(j0 + tile, columns)
                        if let means {
                            for i in i0..<i1 {
                                for j in j0..<j1 { target[j * rows + i] = source[i * columns + j] - means[j] }
                            }
                        } else {
                            for i in i0..<i1 {
                                for j in j0..<j1 { target[j * rows + i] = source[i * columns + j] }
                            }
                        }
                        j0 = j1
                    }
                    i0 = i1
                }
            }
        }
        return result
    }
}
