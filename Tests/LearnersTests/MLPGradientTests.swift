import HyperplanCore
import HyperplanTestSupport
import Testing

@testable import Learners

/// Backpropagation against finite differences of the batch objective, for every hidden activation and every
/// output (softmax, a single sigmoid unit, identity), with two hidden layers, the l2 penalty and dropout.
@Suite("MLP gradients equal finite differences")
struct MLPGradientTests {
    struct Case: CustomStringConvertible, Sendable {
        var activation: Activation
        var output: PerceptronNetwork.Output
        var dropout: Double

        var description: String { "\(activation.rawValue)/\(output.rawValue)/dropout \(dropout)" }
    }

    static let cases: [Case] = Activation.allCases.flatMap { activation in
        [PerceptronNetwork.Output.softmax, .sigmoid, .identity].flatMap { output in
            [0.0, 0.3].map { Case(activation: activation, output: output, dropout: $0) }
        }
    }

    /// Every component of the gradient is compared with the 4-point central difference
    /// (−f(θ+2h) + 8f(θ+h) − 8f(θ−h) + f(θ−2h))/(12h), h = 10⁻⁴, whose truncation error is O(h⁴) and rounding
    /// error about 10⁻¹²: the relative error |g − d|/max(|g|, |d|) must be below 10⁻⁶ for components larger
    /// than 10⁻⁵ (smaller ones: |g − d| < 10⁻¹¹). With dropout the same mask is drawn for every evaluation
    /// by giving each one the same generator state.
    @Test("analytic gradient vs central differences", arguments: cases)
    func gradientMatchesFiniteDifferences(_ testCase: Case) throws {
        var generator = SeededGenerator(seed: 7, key: "gradient-check/\(testCase)")
        let rows = 6
        let inputs = 3
        var x = Matrix(rows: rows, columns: inputs)
        for i in 0..<(rows * inputs) { x.storage[i] = 2 * generator.nextUnitInterval() - 1 }
        let classes = testCase.output == .softmax ? 3 : 2
        let labels = (0..<rows).map { $0 % classes }
        let values = (0..<rows).map { _ in 3 * generator.nextGaussian() }
        let network = PerceptronNetwork(
            inputs: inputs, hidden: [5, 4], outputs: testCase.output == .softmax ? classes : 1,
            activation: testCase.activation, output: testCase.output)
        var parameters = network.initialParameters(.glorotNormal, generator: &generator)
        // Non-zero intercepts, so their gradients are exercised away from the origin.
        for l in 0..<network.layerCount {
            for j in 0..<network.widths[l + 1] {
                parameters[network.biasOffsets[l] + j] = 0.2 * generator.nextGaussian()
            }
        }
        var trainer = PerceptronTrainer(
            network: network, features: x, labels: testCase.output == .identity ? [] : labels,
            values: testCase.output == .identity ? values : [], classes: Array(0..<classes), classCount: classes,
            weightDecay: 0.05, dropout: testCase.dropout)
        trainer.reserve(batchSize: rows)
        let noise = SeededGenerator(seed: 3, key: "dropout")
        let batch = [5, 0, 3, 1, 4]

        func objective(_ theta: [Double], gradient: inout [Double]) -> Double {
            var mask = noise
            return batch.withUnsafeBufferPointer { rowsPointer in
                theta.withUnsafeBufferPointer { p in
                    gradient.withUnsafeMutableBufferPointer { g in
                        trainer.lossAndGradient(rows: rowsPointer, parameters: p, gradient: g, noise: &mask)
                    }
                }
            }
        }

        var analytic = [Double](repeating: 0, count: parameters.count)
        _ = objective(parameters, gradient: &analytic)
        var scratch = analytic
        let h = 1e-4
        var worst = 0.0
        for index in parameters.indices {
            func shifted(_ steps: Double) -> Double {
                var theta = parameters
                theta[index] += steps * h
                return objective(theta, gradient: &scratch)
            }
            let difference = (-shifted(2) + 8 * shifted(1) - 8 * shifted(-1) + shifted(-2)) / (12 * h)
            let scale = max(abs(analytic[index]), abs(difference))
            if scale > 1e-5 {
                let relative = abs(analytic[index] - difference) / scale
                worst = max(worst, relative)
                #expect(relative < 1e-6, "parameter \(index): analytic \(analytic[index]) vs \(difference)")
            } else {
                #expect(
                    abs(analytic[index] - difference) < 1e-11,
                    "parameter \(index): analytic \(analytic[index]) vs \(difference)")
            }
        }
        #expect(worst < 1e-6)
    }
}
