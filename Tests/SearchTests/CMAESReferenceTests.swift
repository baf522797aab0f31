import Foundation
import HyperplanCore
import HyperplanTestSupport
import Search
import Testing

/// `CMAES.update` against the `cmaes` package 0.13.1, the library Optuna's CmaEsSampler uses
/// (`Tests/Fixtures/reference/cmaes.json`, made by `scripts/reference/make_cmaes_reference.py`): the same
/// ranked solutions, generation after generation, must give the same mean, step size and covariance matrix.
@Suite("CMA-ES update against the cmaes package")
struct CMAESReferenceTests {
    static let cases = (try? ReferenceFixtures.cases("cmaes")) ?? []

    static func doubles(_ json: JSONValue) throws -> [Double] {
        try json.array().map { try $0.double() }
    }

    @Test("the fixture has the expected cases")
    func fixturePresent() {
        #expect(Self.cases.count == 3)
    }

    @Test("mean, sigma and C after every generation equal the package's to 1e-12 (relative)", arguments: cases)
    func generations(_ fixture: FixtureCase) throws {
        var strategy = CMAES(
            mean: try Self.doubles(fixture.member("mean")), sigma: try fixture.member("sigma").double(),
            populationSize: try fixture.member("population").int())
        let records = try fixture.member("generations").array()
        #expect(!records.isEmpty)
        for (generation, record) in records.enumerated() {
            let solutions = try record.member("solutions").array().map { try Self.doubles($0) }
            strategy.update(sortedSolutions: solutions)
            #expect(strategy.generation == generation + 1, "generation \(generation) was rejected")
            let mean = try Self.doubles(record.member("mean"))
            let sigma = try record.member("sigma").double()
            let covariance = try Self.doubles(record.member("covariance"))
            let meanError = zip(strategy.mean, mean).map { abs($0 - $1) }.max() ?? .infinity
            let scale = covariance.map(abs).max() ?? 1
            let covarianceError = zip(strategy.covariance, covariance).map { abs($0 - $1) / scale }.max() ?? .infinity
            #expect(strategy.mean.count == mean.count && strategy.covariance.count == covariance.count)
            #expect(meanError < 1e-12, "generation \(generation): mean off by \(meanError)")
            #expect(
                abs(strategy.sigma - sigma) < 1e-12 * sigma, "generation \(generation): σ \(strategy.sigma) vs \(sigma)"
            )
            #expect(covarianceError < 1e-12, "generation \(generation): C off by \(covarianceError) relative")
        }
    }
}
