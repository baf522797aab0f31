/// An update rule for a flat parameter vector: one step along a gradient with a given learning rate.
///
/// Conforming types are small structs holding their per-parameter state in flat buffers sized at creation.
/// The training loop is generic over the optimizer, so each rule runs as concrete, specialised code; the
/// choice among them is made once per fit.
package protocol GradientOptimizer {
    /// One step: updates `parameters` in place from `gradient` (same length) with learning rate `rate`.
    ///
    /// - Complexity: O(parameters.count).
    mutating func step(
        _ parameters: UnsafeMutableBufferPointer<Double>, gradient: UnsafeBufferPointer<Double>, rate: Double)
}

/// Plain stochastic gradient descent: θ ← θ − η·g.
package struct GradientDescent: GradientOptimizer {
    package init() {}

    package mutating func step(
        _ parameters: UnsafeMutableBufferPointer<Double>, gradient: UnsafeBufferPointer<Double>, rate: Double
    ) {
        for i in 0..<parameters.count { parameters[i] -= rate * gradient[i] }
    }
}

/// Gradient descent with heavy-ball or Nesterov momentum, as PyTorch's `SGD(momentum=μ, dampening=0)`:
/// b ← μ·b + g, then θ ← θ − η·b, or θ ← θ − η·(g + μ·b) with Nesterov.
///
/// With a constant learning rate this is the same sequence of parameters as scikit-learn's
/// v ← μ·v − η·g (θ ← θ + v, or θ ← θ + μ·v − η·g); the two differ only while η changes.
package struct MomentumDescent: GradientOptimizer {
    package var momentum: Double
    package var nesterov: Bool
    private var buffer: [Double]

    /// An optimizer for `count` parameters, its momentum buffer at 0.
    package init(momentum: Double, nesterov: Bool, count: Int) {
        self.momentum = momentum
        self.nesterov = nesterov
        buffer = [Double](repeating: 0, count: count)
    }

    package mutating func step(
        _ parameters: UnsafeMutableBufferPointer<Double>, gradient: UnsafeBufferPointer<Double>, rate: Double
    ) {
        let mu = momentum
        let nesterov = nesterov
        buffer.withUnsafeMutableBufferPointer { b in
            for i in 0..<parameters.count {
                let g = gradient[i]
                let velocity = mu * b[i] + g
                b[i] = velocity
                parameters[i] -= rate * (nesterov ? g + mu * velocity : velocity)
            }
        }
    }
}
