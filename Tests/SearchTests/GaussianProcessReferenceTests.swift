import Foundation
import HyperplanCore
import HyperplanTestSupport
import Search
import Testing

/// The Gaussian process of `bayesian` search against scikit-learn 1.9.1 and SciPy 1.17.1
/// (`Tests/Fixtures/reference/gaussian_process.json`, made by `scripts/reference/make_gp_reference.py`).
@Suite("Gaussian process against scikit-learn")
struct GaussianProcessReferenceTests {
    static var cases: [FixtureCase] {
        get throws { try ReferenceFixtures.cases("gaussian_process") }
    }
    static var fixedCases: [FixtureCase] {
        get throws { try ReferenceFixtures.cases("gaussian_process", kind: "fixed") }
    }
    static var fittedCases: [FixtureCase] {
        get throws { try ReferenceFixtures.cases("gaussian_process", kind: "fitted") }
    }

    @Test("the fixture has the expected cases")
    func fixturePresent() throws {
        #expect(
            try Self.fixedCases.map(\.name) == ["1d", "2d_branin", "4d_ard", "categorical_block", "duplicates"])
        #expect(try Self.fittedCases.map(\.name) == ["fit_1d", "fit_2d_branin", "fit_4d"])
        #expect(try Self.cases.contains { $0.name == "acquisition" })
    }

    /// The rows of a fixture matrix, flattened row-major.
    static func flat(_ json: JSONValue) throws -> (values: [Double], rows: Int) {
        let rows = try json.doubleRows()
        return (rows.flatMap { $0 }, rows.count)
    }

    /// The kernel of a fixed case: one length scale per group, from the group's first column.
    static func kernel(_ fixture: FixtureCase) throws -> MaternKernel {
        let groups = try fixture.member("column_groups").ints()
        let columnScales = try fixture.member("length_scales").doubles()
        var scales = [Double](repeating: 0, count: (groups.max() ?? -1) + 1)
        for (column, group) in groups.enumerated().reversed() { scales[group] = columnScales[column] }
        return MaternKernel(
            columnGroups: groups, lengthScales: scales,
            signalVariance: try fixture.member("signal_variance").double(),
            noiseVariance: try fixture.member("noise_variance").double())
    }

    @Test("log marginal likelihood and its gradient match scikit-learn and exact arithmetic", arguments: try fixedCases)
    func likelihood(_ fixture: FixtureCase) throws {
        let kernel = try Self.kernel(fixture)
        let inputs = try Self.flat(fixture.member("X")).values
        let targets = try fixture.member("y").doubles()
        let reference = try fixture.member("log_marginal_likelihood").double()
        let process = try #require(GaussianProcess(kernel: kernel, inputs: inputs, targets: targets))
        let value = Closeness(process.logMarginalLikelihood, reference: reference, within: .relative(1e-8))
        #expect(value.isClose, "\(value)")

        var gradient = [Double](repeating: 0, count: kernel.lengthScales.count + 2)
        let fitted = KernelFit.logMarginalLikelihood(
            kernel.logParameters, columnGroups: kernel.columnGroups, inputs: inputs, targets: targets,
            gradient: &gradient)
        #expect(Closeness(fitted, reference: reference, within: .relative(1e-8)).isClose)
        // scikit-learn's θ is (log s, log ℓ per column, log σ²ₙ); a tied block's gradient is the sum of its
        // columns' entries. Rounding in K⁻¹ grows with K's condition number κ: the tolerance is 1e-8, or
        // κ·1e-13 for the ill-conditioned duplicates case (κ = 3.2e6), where scikit-learn itself is 5e-8 off
        // the exact value.
        let condition = try fixture.member("condition_number").double()
        let tolerance = max(1e-8, condition * 1e-13)
        for referenceName in ["gradient", "exact_gradient"] {
            let sklearn = try fixture.member(referenceName).doubles()
            let columns = kernel.columnCount
            var expected = [Double](repeating: 0, count: kernel.lengthScales.count)
            for (column, group) in kernel.columnGroups.enumerated() { expected[group] += sklearn[1 + column] }
            expected += [sklearn[0], sklearn[columns + 1]]
            let scale = expected.map(abs).max() ?? 1
            let comparison = VectorCloseness(
                gradient, reference: expected, within: .relative(tolerance, absolute: 1e-10 * scale))
            #expect(comparison.isClose, "\(referenceName): \(comparison)")
        }
    }

    @Test("posterior mean and latent variance match to 1e-8", arguments: try fixedCases)
    func posterior(_ fixture: FixtureCase) throws {
        let kernel = try Self.kernel(fixture)
        let process = try #require(
            GaussianProcess(
                kernel: kernel, inputs: try Self.flat(fixture.member("X")).values,
                targets: try fixture.member("y").doubles()))
        let test = try Self.flat(fixture.member("X_test"))
        let posterior = process.posterior(atRows: test.values, count: test.rows)
        let means = VectorCloseness(
            posterior.means, reference: try fixture.member("mean").doubles(), within: .relative(1e-8, absolute: 1e-12))
        #expect(means.isClose, "\(means)")
        let variances = VectorCloseness(
            posterior.variances, reference: try fixture.member("latent_variance").doubles(),
            within: .relative(1e-8, absolute: 1e-12))
        #expect(variances.isClose, "\(variances)")
    }

    @Test(
        "maximum-likelihood fits reach scikit-learn's likelihood (5 restarts) within 1e-3", arguments: try fittedCases)
    func fittedLikelihood(_ fixture: FixtureCase) throws {
        let data = try Self.flat(fixture.member("X"))
        let targets = try fixture.member("y").doubles()
        let columns = data.values.count / data.rows
        var fit = KernelFit()
        fit.usesPrior = false
        let kernel = try #require(
            fit.fit(
                inputs: data.values, targets: targets, columnGroups: Array(0..<columns), groupCount: columns, seed: 1,
                key: "test/fit"))
        let process = try #require(GaussianProcess(kernel: kernel, inputs: data.values, targets: targets))
        let sklearn = try fixture.member("log_marginal_likelihood").double()
        print("\(fixture.name): log marginal likelihood \(process.logMarginalLikelihood), scikit-learn \(sklearn)")
        #expect(
            process.logMarginalLikelihood >= sklearn - 1e-3, "ours \(process.logMarginalLikelihood), sklearn \(sklearn)"
        )
    }

    @Test("the prior's gradient agrees with central differences")
    func priorGradient() {
        let fit = KernelFit()
        let θ = [log(0.3), log(4.0), log(1.7), log(2e-3)]
        var gradient = [Double](repeating: 0, count: 4)
        _ = fit.logPrior(θ, gradient: &gradient)
        for j in 0..<4 {
            var up = θ, down = θ, scratch = [Double](repeating: 0, count: 4)
            up[j] += 1e-6
            down[j] -= 1e-6
            let difference = (fit.logPrior(up, gradient: &scratch) - fit.logPrior(down, gradient: &scratch)) / 2e-6
            #expect(Closeness(gradient[j], reference: difference, within: .relative(1e-6, absolute: 1e-7)).isClose)
        }
    }

    @Test("log EI, log PI and UCB and their slopes match SciPy")
    func acquisition() throws {
        let fixture = try #require(try Self.cases.first { $0.name == "acquisition" })
        for point in try fixture.member("points").array() {
            let mu = try point.member("mu").double(), sigma = try point.member("sigma").double()
            let best = try point.member("best").double(), xi = try point.member("xi").double()
            let kappa = try point.member("kappa").double(), z = try point.member("z").double()
            let ei = AcquisitionFunction.expectedImprovement(xi: xi).score(mean: mu, deviation: sigma, best: best)
            let logEI = Closeness(ei.value, reference: try point.member("log_ei").double(), within: .relative(1e-10))
            #expect(logEI.isClose, "z = \(z): \(logEI)")
            let reference = try point.member("ei").double()
            if reference > 1e-300 {
                #expect(Closeness(exp(ei.value), reference: reference, within: .relative(1e-9)).isClose)
            }
            // d log EI / dμ = −(d log h / dz) / σ.
            let slope = Closeness(
                -ei.meanSlope * sigma, reference: try point.member("log_ei_slope_z").double(), within: .relative(1e-8))
            #expect(slope.isClose, "z = \(z): \(slope)")

            let pi = AcquisitionFunction.probabilityOfImprovement(xi: xi).score(mean: mu, deviation: sigma, best: best)
            let logPI = Closeness(
                pi.value, reference: try point.member("log_pi").double(), within: .relative(1e-10, absolute: 1e-15))
            #expect(logPI.isClose, "\(logPI)")
            let piSlope = Closeness(
                -pi.meanSlope * sigma, reference: try point.member("log_pi_slope_z").double(),
                within: .relative(1e-8, absolute: 1e-300))
            #expect(piSlope.isClose, "z = \(z): \(piSlope)")

            let ucb = AcquisitionFunction.upperConfidenceBound(kappa: kappa).score(
                mean: mu, deviation: sigma, best: best)
            #expect(Closeness(ucb.value, reference: try point.member("ucb").double(), within: .relative(1e-14)).isClose)
        }
    }

    @Test("the acquisition's σ-slope agrees with central differences, far in the tail too")
    func deviationSlope() {
        for function in [
            AcquisitionFunction.expectedImprovement(xi: 0), .probabilityOfImprovement(xi: 0.01),
            .upperConfidenceBound(kappa: 2),
        ] {
            for (mean, deviation) in [(0.3, 0.5), (4.0, 0.2), (30.0, 0.3), (-2.0, 0.4)] {
                let slope = function.score(mean: mean, deviation: deviation, best: 0).deviationSlope
                let h = 1e-6 * deviation
                let difference =
                    (function.value(mean: mean, deviation: deviation + h, best: 0)
                        - function.value(mean: mean, deviation: deviation - h, best: 0)) / (2 * h)
                let closeness = Closeness(slope, reference: difference, within: .relative(1e-5, absolute: 1e-8))
                #expect(closeness.isClose, "\(function) at μ = \(mean), σ = \(deviation): \(closeness)")
            }
        }
    }
}
