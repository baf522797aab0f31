import Foundation
import HyperplanCore

/// A standard optimisation test function with a known minimum (`model.type: benchmark_function`), for
/// measuring search strategies without training cost. Definitions and domains follow the Virtual Library of
/// Simulation Experiments (Surjanovic & Bingham), the reference Optuna's and BoTorch's benchmarks also use.
package struct TestFunction: Sendable {
    package var name: String
    /// The dimension, or `nil` when the function takes any (`dims` chooses it).
    package var fixedDimension: Int?
    /// The standard search domain of coordinate `i` of a `dimension`-dimensional input.
    package var domain: @Sendable (_ i: Int, _ dimension: Int) -> ClosedRange<Double>
    /// The known global minimum for a `dimension`-dimensional input.
    package var minimum: @Sendable (_ dimension: Int) -> Double
    package var evaluate: @Sendable ([Double]) -> Double
    package var summary: String

    /// Every test function.
    package static let all: [TestFunction] = [
        branin, hartmann3, hartmann6, rosenbrock, levy, ackley, styblinskiTang,
    ]

    package static func named(_ name: String) -> TestFunction? { all.first { $0.name == name } }

    package static var names: [String] { all.map(\.name) }

    /// The default dimension of a function that takes any.
    package static let defaultDimension = 10

    static let branin = TestFunction(
        name: "branin", fixedDimension: 2,
        domain: { i, _ in i == 0 ? -5...10 : 0...15 },
        minimum: { _ in 0.397_887_357_729_738_16 },
        evaluate: { x in
            let b = 5.1 / (4 * Double.pi * Double.pi), c = 5 / Double.pi, t = 1 / (8 * Double.pi)
            let term = x[1] - b * x[0] * x[0] + c * x[0] - 6
            return term * term + 10 * (1 - t) * cos(x[0]) + 10
        },
        summary: "2-D, three global minima of 0.397887")

    static let hartmann3 = TestFunction(
        name: "hartmann3", fixedDimension: 3, domain: { _, _ in 0...1 }, minimum: { _ in -3.862_779_787_332_77 },
        evaluate: { x in
            hartmann(
                x, alpha: [1.0, 1.2, 3.0, 3.2],
                a: [[3.0, 10, 30], [0.1, 10, 35], [3.0, 10, 30], [0.1, 10, 35]],
                p: [
                    [0.3689, 0.1170, 0.2673], [0.4699, 0.4387, 0.7470], [0.1091, 0.8732, 0.5547],
                    [0.038150, 0.5743, 0.8828],
                ])
        },
        summary: "3-D on [0, 1]³, minimum −3.86278")

    static let hartmann6 = TestFunction(
        name: "hartmann6", fixedDimension: 6, domain: { _, _ in 0...1 }, minimum: { _ in -3.322_368_011_415_51 },
        evaluate: { x in
            hartmann(
                x, alpha: [1.0, 1.2, 3.0, 3.2],
                a: [
                    [10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8],
                    [17, 8, 0.05, 10, 0.1, 14],
                ],
                p: [
                    [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
                    [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
                    [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
                    [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
                ])
        },
        summary: "6-D on [0, 1]⁶, minimum −3.32237")

    static let rosenbrock = TestFunction(
        name: "rosenbrock", fixedDimension: nil, domain: { _, _ in -5...10 }, minimum: { _ in 0 },
        evaluate: { x in
            var sum = 0.0
            for i in 0..<(x.count - 1) {
                let valley = x[i + 1] - x[i] * x[i]
                sum += 100 * valley * valley + (1 - x[i]) * (1 - x[i])
            }
            return sum
        },
        summary: "any dimension on [−5, 10]ᵈ, minimum 0 at (1, …, 1)")

    static let levy = TestFunction(
        name: "levy", fixedDimension: nil, domain: { _, _ in -10...10 }, minimum: { _ in 0 },
        evaluate: { x in
            let w = x.map { 1 + ($0 - 1) / 4 }
            let firstSine = sin(Double.pi * w[0])
            var sum = firstSine * firstSine
            for i in 0..<(w.count - 1) {
                let sine = sin(Double.pi * w[i] + 1)
                sum += (w[i] - 1) * (w[i] - 1) * (1 + 10 * sine * sine)
            }
            let last = w[w.count - 1]
            let lastSine = sin(2 * Double.pi * last)
            return sum + (last - 1) * (last - 1) * (1 + lastSine * lastSine)
        },
        summary: "any dimension on [−10, 10]ᵈ, minimum 0 at (1, …, 1)")

    static let ackley = TestFunction(
        name: "ackley", fixedDimension: nil, domain: { _, _ in -32.768...32.768 }, minimum: { _ in 0 },
        evaluate: { x in
            let d = Double(x.count)
            var squares = 0.0
            var cosines = 0.0
            for value in x {
                squares += value * value
                cosines += cos(2 * Double.pi * value)
            }
            let first: Double = -20 * exp(-0.2 * (squares / d).squareRoot())
            let second: Double = exp(cosines / d)
            return first - second + 20 + exp(1.0)
        },
        summary: "any dimension on [−32.768, 32.768]ᵈ, minimum 0 at the origin")

    static let styblinskiTang = TestFunction(
        name: "styblinski_tang", fixedDimension: nil, domain: { _, _ in -5...5 },
        minimum: { d in -39.166_165_703_771_4 * Double(d) },
        evaluate: { x in
            var sum = 0.0
            for value in x {
                let square = value * value
                sum += square * square - 16 * square + 5 * value
            }
            return sum / 2
        },
        summary: "any dimension on [−5, 5]ᵈ, minimum −39.16617·d at (−2.903534, …)")

    private static func hartmann(_ x: [Double], alpha: [Double], a: [[Double]], p: [[Double]]) -> Double {
        var total = 0.0
        for i in 0..<4 {
            var exponent = 0.0
            for j in x.indices { exponent += a[i][j] * (x[j] - p[i][j]) * (x[j] - p[i][j]) }
            total += alpha[i] * exp(-exponent)
        }
        return -total
    }
}
