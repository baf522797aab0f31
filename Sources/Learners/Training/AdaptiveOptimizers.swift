import Foundation
import HyperplanNumerics

/// Adagrad, as PyTorch's (no learning-rate decay, accumulator starting at 0): G ← G + g², then
/// θ ← θ − η·g/(√G + ε).
package struct Adagrad: GradientOptimizer {
    package var epsilon: Double
    private var sumOfSquares: [Double]

    /// An optimizer for `count` parameters, its accumulator at 0.
    package init(epsilon: Double, count: Int) {
        self.epsilon = epsilon
        sumOfSquares = [Double](repeating: 0, count: count)
    }

    package mutating func step(
        _ parameters: UnsafeMutableBufferPointer<Double>, gradient: UnsafeBufferPointer<Double>, rate: Double
    ) {
        let epsilon = epsilon
        sumOfSquares.withUnsafeMutableBufferPointer { s in
            for i in 0..<parameters.count {
                let g = gradient[i]
                s[i] += g * g
                parameters[i] -= rate * g / (s[i].squareRoot() + epsilon)
            }
        }
    }
}

/// RMSprop, as PyTorch's (not centred, no momentum): s ← ρ·s + (1 − ρ)·g², then θ ← θ − η·g/(√s + ε).
package struct RMSprop: GradientOptimizer {
    package var rho: Double
    package var epsilon: Double
    private var meanSquare: [Double]

    /// An optimizer for `count` parameters, its running mean at 0.
    package init(rho: Double, epsilon: Double, count: Int) {
        self.rho = rho
        self.epsilon = epsilon
        meanSquare = [Double](repeating: 0, count: count)
    }

    package mutating func step(
        _ parameters: UnsafeMutableBufferPointer<Double>, gradient: UnsafeBufferPointer<Double>, rate: Double
    ) {
        let rho = rho
        let epsilon = epsilon
        meanSquare.withUnsafeMutableBufferPointer { s in
            for i in 0..<parameters.count {
                let g = gradient[i]
                s[i] = rho * s[i] + (1 - rho) * g * g
                parameters[i] -= rate * g / (s[i].squareRoot() + epsilon)
            }
        }
    }
}

/// Adam, and AdamW with a decoupled weight decay λ, as PyTorch's: at step t,
/// m ← β₁·m + (1 − β₁)·g, v ← β₂·v + (1 − β₂)·g², then
/// θ ← θ − (η/(1 − β₁ᵗ))·m/(√v/√(1 − β₂ᵗ) + ε); AdamW first shrinks θ ← θ·(1 − η·λ).
///
/// scikit-learn's Adam adds ε to √v before the bias correction of the step size, which amounts to an
/// ε larger by 1/√(1 − β₂ᵗ) (about 32× in the first step); the two agree once √v ≫ ε.
package struct Adam: GradientOptimizer {
    package var beta1: Double
    package var beta2: Double
    package var epsilon: Double
    /// AdamW's λ; 0 for Adam.
    package var decoupledWeightDecay: Double
    /// Steps taken, t in the bias corrections.
    package private(set) var steps = 0
    private var firstMoment: [Double]
    private var secondMoment: [Double]

    /// An optimizer for `count` parameters, both moments at 0.
    package init(beta1: Double, beta2: Double, epsilon: Double, decoupledWeightDecay: Double = 0, count: Int) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.decoupledWeightDecay = decoupledWeightDecay
        firstMoment = [Double](repeating: 0, count: count)
        secondMoment = [Double](repeating: 0, count: count)
    }

    package mutating func step(
        _ parameters: UnsafeMutableBufferPointer<Double>, gradient: UnsafeBufferPointer<Double>, rate: Double
    ) {
        steps += 1
        let beta1 = beta1
        let beta2 = beta2
        let epsilon = epsilon
        let stepSize = rate / (1 - Foundation.pow(beta1, Double(steps)))
        // √v/√(1 − β₂ᵗ) as √v·(1/√(1 − β₂ᵗ)): one division per parameter instead of two.
        let inverseCorrection = 1 / (1 - Foundation.pow(beta2, Double(steps))).squareRoot()
        let shrink = 1 - rate * decoupledWeightDecay
        let decays = decoupledWeightDecay != 0
        let count = parameters.count
        firstMoment.withUnsafeMutableBufferPointer { mBuffer in
            secondMoment.withUnsafeMutableBufferPointer { vBuffer in
                guard let theta = parameters.baseAddress, let g = gradient.baseAddress, let m = mBuffer.baseAddress,
                    let v = vBuffer.baseAddress
                else { return }
                // Four lanes at a time (sqrtpd and divpd), then the tail; each lane does the scalar arithmetic.
                var i = 0
                while i + 4 <= count {
                    let gi = g.vector(at: i)
                    var ti = theta.vector(at: i)
                    if decays { ti *= shrink }
                    let mi = beta1 * m.vector(at: i) + (1 - beta1) * gi
                    let vi = beta2 * v.vector(at: i) + (1 - beta2) * gi * gi
                    m.setVector(mi, at: i)
                    v.setVector(vi, at: i)
                    theta.setVector(ti - stepSize * (mi / (vi.squareRoot() * inverseCorrection + epsilon)), at: i)
                    i += 4
                }
                while i < count {
                    if decays { theta[i] *= shrink }
                    m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                    v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                    theta[i] -= stepSize * (m[i] / (v[i].squareRoot() * inverseCorrection + epsilon))
                    i += 1
                }
            }
        }
    }
}
