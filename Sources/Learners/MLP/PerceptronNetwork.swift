import Foundation
import HyperplanCore
import HyperplanNumerics

/// The shape of a multilayer perceptron and the layout of its parameters in one flat vector.
///
/// Layer l (0-based) maps `widths[l]` inputs to `widths[l + 1]` outputs with a weight matrix stored
/// row-major as `widths[l]` × `widths[l + 1]` (scikit-learn's `coefs_[l]`) followed by its intercepts; the
/// layers follow each other in the vector. Hidden layers apply `activation`, the last layer `output`.
struct PerceptronNetwork: Sendable, Hashable {
    /// The output layer's function and the loss it is paired with.
    enum Output: String, Sendable, Hashable {
        /// Softmax with cross-entropy (more than two classes).
        case softmax
        /// One logistic unit with binary cross-entropy (two classes), as scikit-learn.
        case sigmoid
        /// Identity with half the mean squared error (regression).
        case identity
    }

    /// Units per layer: inputs, hidden layers, outputs.
    let widths: [Int]
    let activation: Activation
    let output: Output
    /// Start of each layer's weights in the parameter vector.
    let weightOffsets: [Int]
    /// Start of each layer's intercepts in the parameter vector.
    let biasOffsets: [Int]
    let parameterCount: Int

    init(inputs: Int, hidden: [Int], outputs: Int, activation: Activation, output: Output) {
        widths = [inputs] + hidden + [outputs]
        self.activation = activation
        self.output = output
        var weightOffsets: [Int] = []
        var biasOffsets: [Int] = []
        var offset = 0
        for l in 0..<(widths.count - 1) {
            weightOffsets.append(offset)
            offset += widths[l] * widths[l + 1]
            biasOffsets.append(offset)
            offset += widths[l + 1]
        }
        self.weightOffsets = weightOffsets
        self.biasOffsets = biasOffsets
        parameterCount = offset
    }

    /// The number of weight layers (hidden layers + 1).
    var layerCount: Int { widths.count - 1 }
    var inputs: Int { widths[0] }
    var outputs: Int { widths[widths.count - 1] }

    /// Initial parameters drawn from `generator`, layer by layer: weights in row-major order, then intercepts.
    ///
    /// `glorot_uniform` is scikit-learn's `_init_coef`: weights and intercepts uniform in ±√(f/(fan_in + fan_out)),
    /// f = 2 for sigmoid hidden layers and 6 otherwise. The other schemes draw weights as Keras and PyTorch
    /// name them and start intercepts at 0: `he_uniform` ±√(6/fan_in), `glorot_normal` N(0, 2/(fan_in + fan_out)),
    /// `he_normal` N(0, 2/fan_in).
    func initialParameters(_ scheme: WeightInitialization, generator: inout SeededGenerator) -> [Double] {
        var parameters = [Double](repeating: 0, count: parameterCount)
        for l in 0..<layerCount {
            let fanIn = Double(widths[l])
            let fanOut = Double(widths[l + 1])
            let weights = weightOffsets[l]..<biasOffsets[l]
            let biases = biasOffsets[l]..<(biasOffsets[l] + widths[l + 1])
            switch scheme {
            case .glorotUniform:
                let factor = activation == .sigmoid ? 2.0 : 6.0
                let bound = (factor / (fanIn + fanOut)).squareRoot()
                for index in weights { parameters[index] = uniform(bound, &generator) }
                for index in biases { parameters[index] = uniform(bound, &generator) }
            case .heUniform:
                let bound = (6 / fanIn).squareRoot()
                for index in weights { parameters[index] = uniform(bound, &generator) }
            case .glorotNormal:
                let deviation = (2 / (fanIn + fanOut)).squareRoot()
                for index in weights { parameters[index] = deviation * generator.nextGaussian() }
            case .heNormal:
                let deviation = (2 / fanIn).squareRoot()
                for index in weights { parameters[index] = deviation * generator.nextGaussian() }
            }
        }
        return parameters
    }

    /// A number uniform in [−bound, bound), as NumPy's `uniform(-bound, bound)`: low + (high − low)·u.
    private func uniform(_ bound: Double, _ generator: inout SeededGenerator) -> Double {
        -bound + 2 * bound * generator.nextUnitInterval()
    }

    /// The sum of squared weights (intercepts excluded), the penalty's ‖W‖².
    func squaredWeightNorm(_ parameters: UnsafePointer<Double>) -> Double {
        var total = 0.0
        for l in 0..<layerCount {
            let weights = parameters + weightOffsets[l]
            var sums = SIMD4<Double>()
            let count = widths[l] * widths[l + 1]
            var i = 0
            while i + 4 <= count {
                let w = SIMD4(weights[i], weights[i + 1], weights[i + 2], weights[i + 3])
                sums += w * w
                i += 4
            }
            var tail = 0.0
            while i < count {
                tail += weights[i] * weights[i]
                i += 1
            }
            total += (sums[0] + sums[1]) + (sums[2] + sums[3]) + tail
        }
        return total
    }

    /// Forward pass of `rows` rows of `input` through layer `l`: `output` (rows × widths[l + 1]) ← input·W + b.
    func affine(
        layer l: Int, input: UnsafePointer<Double>, rows: Int, parameters: UnsafePointer<Double>,
        output: UnsafeMutablePointer<Double>
    ) {
        let fanIn = widths[l]
        let fanOut = widths[l + 1]
        let bias = parameters + biasOffsets[l]
        for i in 0..<rows {
            let row = output + i * fanOut
            for j in 0..<fanOut { row[j] = bias[j] }
        }
        DenseKernels.multiplyAdd(
            m: rows, n: fanOut, k: fanIn, a: input, aRowStride: fanIn, aDepthStride: 1,
            b: parameters + weightOffsets[l], bRowStride: fanOut, c: output, cRowStride: fanOut)
    }

    /// Applies the output function to `rows` rows of output-layer values in place.
    func applyOutput(_ values: UnsafeMutablePointer<Double>, rows: Int) {
        let width = outputs
        switch output {
        case .identity:
            return
        case .sigmoid:
            for i in 0..<(rows * width) { values[i] = Activation.logistic(values[i]) }
        case .softmax:
            for i in 0..<rows {
                let row = values + i * width
                var largest = row[0]
                for j in 1..<width where row[j] > largest { largest = row[j] }
                var total = 0.0
                for j in 0..<width {
                    row[j] = Foundation.exp(row[j] - largest)
                    total += row[j]
                }
                for j in 0..<width { row[j] /= total }
            }
        }
    }

    /// The output layer's values (probabilities or predictions) for every row of `features`, rows × outputs,
    /// computed in chunks so the scratch space stays small. Features with the wrong number of columns give NaN.
    ///
    /// - Complexity: O(rows × parameterCount).
    func outputs(for features: Matrix, parameters: [Double]) -> [Double] {
        let rows = features.rows
        guard features.columns == inputs, parameters.count == parameterCount else {
            return [Double](repeating: .nan, count: rows * outputs)
        }
        var result = [Double](repeating: 0, count: rows * outputs)
        let chunk = min(256, max(1, rows))
        let widest = widths.dropFirst().max() ?? 1
        var scratch = [Double](repeating: 0, count: 2 * chunk * widest)
        features.storage.withUnsafeBufferPointer { x in
            parameters.withUnsafeBufferPointer { theta in
                scratch.withUnsafeMutableBufferPointer { space in
                    result.withUnsafeMutableBufferPointer { out in
                        guard let xBase = x.baseAddress, let p = theta.baseAddress, let s = space.baseAddress,
                            let o = out.baseAddress
                        else { return }
                        var start = 0
                        while start < rows {
                            let count = min(chunk, rows - start)
                            var input = xBase + start * inputs
                            var buffers = (s, s + chunk * widest)
                            for l in 0..<layerCount {
                                let last = l == layerCount - 1
                                let target = last ? o + start * outputs : buffers.0
                                affine(layer: l, input: input, rows: count, parameters: p, output: target)
                                if last {
                                    applyOutput(target, rows: count)
                                } else {
                                    activation.apply(target, to: target, count: count * widths[l + 1])
                                    input = UnsafePointer(target)
                                    buffers = (buffers.1, buffers.0)
                                }
                            }
                            start += count
                        }
                    }
                }
            }
        }
        return result
    }
}

/// How a perceptron's initial weights are drawn.
enum WeightInitialization: String, Sendable, Hashable, CaseIterable {
    case glorotUniform = "glorot_uniform"
    case heUniform = "he_uniform"
    case glorotNormal = "glorot_normal"
    case heNormal = "he_normal"
}
