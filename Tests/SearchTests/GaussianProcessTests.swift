import Foundation
import HyperplanCore
import HyperplanTestSupport
import Search
import Testing

/// The numerical pieces of `bayesian` search that have no outside reference: checked against hand-derived
/// values and central differences.
@Suite("Gaussian process numerics")
struct GaussianProcessTests {
    /// A small mixed data set: two continuous columns and a three-value one-hot block.
    static func mixedProcess() throws -> GaussianProcess {
        var generator = SeededGenerator(seed: 3, key: "gp-test")
        var inputs: [Double] = []
        var targets: [Double] = []
        for _ in 0..<14 {
            let a = generator.nextUnitInterval(), b = generator.nextUnitInterval()
            let category = generator.nextInt(below: 3)
            inputs += [a, b] + (0..<3).map { $0 == category ? 1 : 0 }
            targets.append(sin(5 * a) + b * b + Double(category) * 0.3)
        }
        let kernel = MaternKernel(
            columnGroups: [0, 1, 2, 2, 2], lengthScales: [0.3, 0.5, 0.8], signalVariance: 1.3, noiseVariance: 1e-4)
        return try #require(GaussianProcess(kernel: kernel, inputs: inputs, targets: targets))
    }

    @Test("the posterior's gradient along the inputs agrees with central differences")
    func posteriorGradient() throws {
        let process = try Self.mixedProcess()
        for point in [[0.2, 0.7, 0, 1, 0], [0.91, 0.05, 1, 0, 0], [0.5, 0.5, 0, 0, 1]] as [[Double]] {
            let posterior = process.posteriorWithGradient(at: point, along: [0, 1])
            let plain = process.posterior(atRows: point, count: 1)
            #expect(abs(posterior.mean - plain.means[0]) < 1e-12)
            #expect(abs(posterior.variance - plain.variances[0]) < 1e-12)
            for (k, c) in [0, 1].enumerated() {
                var up = point, down = point
                up[c] += 1e-6
                down[c] -= 1e-6
                let high = process.posterior(atRows: up, count: 1), low = process.posterior(atRows: down, count: 1)
                let meanSlope = (high.means[0] - low.means[0]) / 2e-6
                let varianceSlope = (high.variances[0] - low.variances[0]) / 2e-6
                #expect(
                    Closeness(posterior.meanGradient[k], reference: meanSlope, within: .relative(1e-5, absolute: 1e-7))
                        .isClose)
                #expect(
                    Closeness(
                        posterior.varianceGradient[k], reference: varianceSlope, within: .relative(1e-5, absolute: 1e-7)
                    )
                    .isClose)
            }
        }
    }

    @Test("believed observations keep the mean and collapse the variance where they are")
    func krigingBeliever() throws {
        let process = try Self.mixedProcess()
        let believed = [0.33, 0.44, 0, 1, 0, 0.8, 0.1, 0, 0, 1]
        let elsewhere = [0.6, 0.9, 1, 0, 0]
        let updated = try #require(process.believing(believed, count: 2))
        let before = process.posterior(atRows: believed + elsewhere, count: 3)
        let after = updated.posterior(atRows: believed + elsewhere, count: 3)
        for i in 0..<3 { #expect(abs(after.means[i] - before.means[i]) < 1e-9) }
        #expect(after.variances[0] < 1e-3 && after.variances[1] < 1e-3)
        #expect(before.variances[0] > 1e-2 && before.variances[1] > 1e-2)
        #expect(after.variances[2] <= before.variances[2])
    }
}
