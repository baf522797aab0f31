import Foundation
import HyperplanNumerics

/// The nonlinearity of a perceptron's hidden layers, applied element-wise over flat buffers.
///
/// The derivative is taken from the activation's output h (relu, tanh, sigmoid, as scikit-learn does) or,
/// for gelu, from its input z, which the network keeps for that purpose.
enum Activation: String, Sendable, Hashable, CaseIterable {
    case relu, tanh, sigmoid, gelu

    /// Whether the derivative needs the pre-activation values z rather than the outputs h.
    var derivativeNeedsInput: Bool { self == .gelu }

    /// h = f(z) for `count` values; `input` and `output` may be the same buffer.
    func apply(_ input: UnsafePointer<Double>, to output: UnsafeMutablePointer<Double>, count: Int) {
        switch self {
        case .relu:
            for i in 0..<count { output[i] = max(input[i], 0) }
        case .tanh:
            for i in 0..<count { output[i] = Foundation.tanh(input[i]) }
        case .sigmoid:
            for i in 0..<count { output[i] = Self.logistic(input[i]) }
        case .gelu:
            for i in 0..<count {
                let z = input[i]
                output[i] = 0.5 * z * (1 + Foundation.erf(z * Self.inverseSquareRootOfTwo))
            }
        }
    }

    /// δ ← δ·f′ for `count` values, f′ from the outputs `h` (or, for gelu, the inputs `z`).
    func multiplyDerivative(
        _ delta: UnsafeMutablePointer<Double>, outputs h: UnsafePointer<Double>, inputs z: UnsafePointer<Double>,
        count: Int
    ) {
        switch self {
        case .relu:
            // Four lanes at a time with a mask rather than a branch: the signs of h are unpredictable.
            var i = 0
            let zero = SIMD4<Double>()
            while i + 4 <= count {
                delta.setVector(zero.replacing(with: delta.vector(at: i), where: h.vector(at: i) .> zero), at: i)
                i += 4
            }
            while i < count {
                if !(h[i] > 0) { delta[i] = 0 }
                i += 1
            }
        case .tanh:
            for i in 0..<count { delta[i] *= 1 - h[i] * h[i] }
        case .sigmoid:
            for i in 0..<count { delta[i] *= h[i] * (1 - h[i]) }
        case .gelu:
            for i in 0..<count {
                let x = z[i]
                let cumulative = 0.5 * (1 + Foundation.erf(x * Self.inverseSquareRootOfTwo))
                let density = Foundation.exp(-0.5 * x * x) * Self.inverseSquareRootOfTwoPi
                delta[i] *= cumulative + x * density
            }
        }
    }

    /// The logistic function 1/(1 + e⁻ᶻ), computed without overflow for either sign.
    static func logistic(_ z: Double) -> Double {
        if z >= 0 { return 1 / (1 + Foundation.exp(-z)) }
        let e = Foundation.exp(z)
        return e / (1 + e)
    }

    private static let inverseSquareRootOfTwo = 1 / 2.0.squareRoot()
    private static let inverseSquareRootOfTwoPi = 1 / (2 * Double.pi).squareRoot()
}
