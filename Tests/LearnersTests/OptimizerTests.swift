import Foundation
import HyperplanCore
import HyperplanTestSupport
import Testing

@testable import Learners

/// Each optimizer's first steps on the quadratic f(θ) = ½·Σ aₖθₖ² (gradient aₖθₖ) against values worked
/// out by hand from the update rules in `docs/schedules.md`, and gradient clipping.
@Suite("Optimizers")
struct OptimizerTests {
    /// Runs `steps` steps of `optimizer` from `start` on ½·Σ aₖθₖ² and returns θ after each step.
    func trajectory<Optimizer: GradientOptimizer>(
        _ optimizer: inout Optimizer, from start: [Double], curvature: [Double], rate: Double, steps: Int
    ) -> [[Double]] {
        var theta = start
        var result: [[Double]] = []
        for _ in 0..<steps {
            let gradient = zip(curvature, theta).map { $0 * $1 }
            theta.withUnsafeMutableBufferPointer { p in
                gradient.withUnsafeBufferPointer { g in optimizer.step(p, gradient: g, rate: rate) }
            }
            result.append(theta)
        }
        return result
    }

    func expectClose(
        _ actual: [[Double]], _ expected: [[Double]], sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        for (step, (a, e)) in zip(actual, expected).enumerated() {
            let closeness = VectorCloseness(a, reference: e, within: .relative(1e-12, absolute: 1e-15))
            #expect(closeness.isClose, "step \(step + 1): \(closeness)", sourceLocation: sourceLocation)
        }
    }

    @Test("sgd: θ ← θ − η·g")
    func gradientDescent() {
        // a = (1, 4), θ₀ = (1, −2), η = 0.1: g = (1, −8) → (0.9, −1.2); g = (0.9, −4.8) → (0.81, −0.72).
        var optimizer = GradientDescent()
        expectClose(
            trajectory(&optimizer, from: [1, -2], curvature: [1, 4], rate: 0.1, steps: 2),
            [[0.9, -1.2], [0.81, -0.72]])
    }

    @Test("momentum: b ← μb + g, θ ← θ − ηb")
    func momentum() {
        // a = 1, θ₀ = 1, μ = 0.9, η = 0.1: b = 1 → 0.9; b = 0.9 + 0.9 = 1.8 → 0.72; b = 1.62 + 0.72 = 2.34 → 0.486.
        var optimizer = MomentumDescent(momentum: 0.9, nesterov: false, count: 1)
        expectClose(
            trajectory(&optimizer, from: [1], curvature: [1], rate: 0.1, steps: 3), [[0.9], [0.72], [0.486]])
    }

    @Test("nesterov: b ← μb + g, θ ← θ − η(g + μb)")
    func nesterov() {
        // b = 1, θ = 1 − 0.1·(1 + 0.9) = 0.81; g = 0.81, b = 0.9 + 0.81 = 1.71,
        // θ = 0.81 − 0.1·(0.81 + 1.539) = 0.5751.
        var optimizer = MomentumDescent(momentum: 0.9, nesterov: true, count: 1)
        expectClose(trajectory(&optimizer, from: [1], curvature: [1], rate: 0.1, steps: 2), [[0.81], [0.5751]])
    }

    @Test("adagrad: G ← G + g², θ ← θ − ηg/(√G + ε)")
    func adagrad() {
        // θ₁ = 1 − 0.1·1/(1 + 10⁻¹⁰) = 0.90000000001; G = 1 + 0.90000000001² = 1.810000000018,
        // θ₂ = θ₁ − 0.1·θ₁/(√G + 10⁻¹⁰) = 0.8331035268523168.
        var optimizer = Adagrad(epsilon: 1e-10, count: 1)
        expectClose(
            trajectory(&optimizer, from: [1], curvature: [1], rate: 0.1, steps: 2),
            [[0.90000000001], [0.8331035268523168]])
    }

    @Test("rmsprop: s ← ρs + (1 − ρ)g², θ ← θ − ηg/(√s + ε)")
    func rmsprop() {
        // s = 0.01, θ₁ = 1 − 0.01/(0.1 + 10⁻⁸) = 0.900000009999999;
        // s = 0.0099 + 0.01·θ₁², θ₂ = θ₁ − 0.01·θ₁/(√s + 10⁻⁸) = 0.8329179752650592.
        var optimizer = RMSprop(rho: 0.99, epsilon: 1e-8, count: 1)
        expectClose(
            trajectory(&optimizer, from: [1], curvature: [1], rate: 0.01, steps: 2),
            [[0.900000009999999], [0.8329179752650592]])
    }

    @Test("adam: bias-corrected moments; the first step is η·sign(g)")
    func adam() {
        // Step 1: m̂ = g, v̂ = g², so θ moves by η·g/(|g| + ε): (1 − 0.1/(1 + 10⁻⁸), −2 + 0.1·8/(8 + 10⁻⁸)).
        // Step 2: g = (0.9, −7.6); m = (0.18, −1.48), v = (0.001809, 0.121696); m̂ = m/0.19, v̂ = v/0.001999,
        // θ₂ = θ₁ − 0.1·m̂/(√v̂ + ε) = (0.8004122297123379, −1.800166485863005).
        var optimizer = Adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8, count: 2)
        expectClose(
            trajectory(&optimizer, from: [1, -2], curvature: [1, 4], rate: 0.1, steps: 2),
            [[0.9000000009999999, -1.900000000125], [0.8004122297123379, -1.800166485863005]])
        #expect(optimizer.steps == 2)
    }

    @Test("adamw: θ ← θ·(1 − ηλ) before the Adam step")
    func adamW() {
        // λ = 0.1, η = 0.1: θ₁ = 0.99·θ₀ − 0.1·sign(g) = (0.99 − 0.0999999990, −1.98 + 0.0999999999) and
        // θ₂ = 0.99·θ₁ − 0.1·m̂/(√v̂ + ε) with g taken at θ₁ before the shrink.
        var optimizer = Adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8, decoupledWeightDecay: 0.1, count: 2)
        expectClose(
            trajectory(&optimizer, from: [1, -2], curvature: [1, 4], rate: 0.1, steps: 2),
            [[0.8900000009999999, -1.880000000125], [0.7815718569541609, -1.7614089503325472]])
    }

    @Test("the schedule picks the optimizer and its constants")
    func scheduleChoosesOptimizer() {
        let settings = TrainingSchedule(
            options: Hyperparameters([
                "optimizer.type": .string("rmsprop"), "optimizer.rho": .double(0.9), "optimizer.epsilon": .double(1e-6),
            ])
        ).optimizer
        #expect(settings.kind == .rmsprop)
        #expect(settings.rho == 0.9)
        #expect(settings.epsilon == 1e-6)
    }

    // MARK: - Gradient clipping

    @Test("clipping scales to the maximum norm exactly and keeps the direction")
    func clipping() {
        var gradient = [3.0, 4.0]
        let norm = gradient.withUnsafeMutableBufferPointer { GradientClipping.clip($0, maxNorm: 1) }
        #expect(norm == 5)
        let scaled = VectorCloseness(gradient, reference: [0.6, 0.8], within: .relative(1e-15))
        #expect(scaled.isClose, "\(scaled)")

        var small = [3.0, 4.0]
        _ = small.withUnsafeMutableBufferPointer { GradientClipping.clip($0, maxNorm: 5) }
        #expect(small == [3, 4], "a gradient at the limit is not scaled")

        var generator = SeededGenerator(seed: 1, key: "clip")
        let original = (0..<37).map { _ in generator.nextGaussian() }
        var clipped = original
        let before = clipped.withUnsafeMutableBufferPointer { GradientClipping.clip($0, maxNorm: 0.5) }
        let expectedNorm = original.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(Closeness(before, reference: expectedNorm, within: .relative(1e-14)).isClose)
        let after = clipped.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(Closeness(after, reference: 0.5, within: .relative(1e-14)).isClose, "norm after clipping \(after)")
        let ratios = VectorCloseness(
            zip(clipped, original).map { $0 / $1 }, reference: Array(repeating: 0.5 / expectedNorm, count: 37),
            within: .relative(1e-14))
        #expect(ratios.isClose, "\(ratios)")
    }
}
