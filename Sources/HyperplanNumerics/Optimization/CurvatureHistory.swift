/// The last `memory` curvature pairs of L-BFGS (steps s = xₖ₊₁ − xₖ and gradient changes y = gₖ₊₁ − gₖ), and
/// the two-loop recursion that turns them into a quasi-Newton direction (Nocedal & Wright, Algorithm 7.4).
@usableFromInline
struct CurvatureHistory {
    @usableFromInline let memory: Int
    @usableFromInline var steps: [[Double]] = []
    @usableFromInline var changes: [[Double]] = []
    /// sᵀy of each pair.
    @usableFromInline var curvatures: [Double] = []

    @inlinable
    init(memory: Int) { self.memory = memory }

    @inlinable
    var isEmpty: Bool { steps.isEmpty }

    /// Adds a pair, dropping the oldest when more than `memory` are kept.
    @inlinable
    mutating func append(step: [Double], change: [Double], curvature: Double) {
        steps.append(step)
        changes.append(change)
        curvatures.append(curvature)
        if steps.count > memory {
            steps.removeFirst()
            changes.removeFirst()
            curvatures.removeFirst()
        }
    }

    /// Forgets every pair (a restart from steepest descent).
    @inlinable
    mutating func removeAll() {
        steps.removeAll()
        changes.removeAll()
        curvatures.removeAll()
    }

    /// −H·g by the two-loop recursion, H₀ = (sᵀy / yᵀy)·I from the newest pair; with `free`, restricted to the
    /// free variables (the others get 0). Every sum is formed from 0 in increasing index order.
    ///
    /// When yᵀy is 0 (every component of y underflowed when squared), H₀'s scale is 1 if `guardsScale`, and
    /// the unguarded quotient (infinite, so the direction is not finite and the solver restarts) otherwise:
    /// the strong-Wolfe path has always divided, the projected one has always guarded.
    ///
    /// - Complexity: O(memory · gradient.count).
    @inlinable
    func direction(for gradient: [Double], free: [Bool]?, guardsScale: Bool) -> [Double] {
        let n = gradient.count
        var q = gradient
        if let free { for i in 0..<n where !free[i] { q[i] = 0 } }
        var alphas = [Double](repeating: 0, count: steps.count)
        for m in stride(from: steps.count - 1, through: 0, by: -1) {
            var dot = 0.0
            for i in 0..<n where free?[i] ?? true { dot += steps[m][i] * q[i] }
            alphas[m] = dot / curvatures[m]
            for i in 0..<n where free?[i] ?? true { q[i] -= alphas[m] * changes[m][i] }
        }
        if let last = changes.last, let lastCurvature = curvatures.last {
            var changeNorm = 0.0
            for i in 0..<n { changeNorm += last[i] * last[i] }
            let scale = changeNorm > 0 || !guardsScale ? lastCurvature / changeNorm : 1
            for i in 0..<n { q[i] *= scale }
        }
        for m in 0..<steps.count {
            var dot = 0.0
            for i in 0..<n where free?[i] ?? true { dot += changes[m][i] * q[i] }
            let beta = dot / curvatures[m]
            for i in 0..<n where free?[i] ?? true { q[i] += (alphas[m] - beta) * steps[m][i] }
        }
        return q.map { -$0 }
    }
}
