import Foundation
import HyperplanCore
import HyperplanTestSupport
import Search
import Testing

/// `CMAES.update` against the `cmaes` package 0.13.1, the library Optuna's CmaEsSampler uses
/// (`Tests/Fixtures/reference/cmaes.json`, made by `scripts/reference/make_cmaes_reference.py`): the same
/// ranked solutions, generation after generation, must give the same mean, step size and covariance matrix,
/// and with margin (the package's `CMAwM`) the same corrected mean and per-coordinate scale A.
@Suite("CMA-ES update against the cmaes package")
struct CMAESReferenceTests {
    static var cases: [FixtureCase] {
        get throws { try ReferenceFixtures.cases("cmaes") }
    }

    static func doubles(_ json: JSONValue) throws -> [Double] {
        try json.array().map { try $0.double() }
    }

    @Test("the fixture has the expected cases")
    func fixturePresent() throws {
        #expect(try Self.cases.count == 6)
        #expect(try Self.cases.filter { $0.json["margin"] != nil }.count == 3)
    }

    /// The initial distribution of a case, with its margin's grids if it has one.
    static func initial(_ fixture: FixtureCase) throws -> CMAES {
        var grids: [(coordinate: Int, low: Double, step: Double, size: Int)] = []
        if let margin = fixture.json["margin"] {
            let coordinates = try margin.member("coordinates").array().map { try $0.int() }
            let lows = try doubles(margin.member("low")), steps = try doubles(margin.member("step"))
            let sizes = try margin.member("size").array().map { try $0.int() }
            grids = coordinates.indices.map { (coordinates[$0], lows[$0], steps[$0], sizes[$0]) }
        }
        return CMAES(
            mean: try doubles(fixture.member("mean")), sigma: try fixture.member("sigma").double(),
            populationSize: try fixture.member("population").int(), margin: grids)
    }

    @Test("mean, sigma and C after every generation equal the package's to 1e-12 (relative)", arguments: try cases)
    func generations(_ fixture: FixtureCase) throws {
        var strategy = try Self.initial(fixture)
        if let alpha = try fixture.json["margin"]?.member("alpha").double() {
            #expect(strategy.margin.map { abs($0.alpha - alpha) < 1e-15 } == true, "α = 1/(nλ)")
        }
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
            if let margin = strategy.margin {
                let scales = try Self.doubles(record.member("margin_scale"))
                let scaleError =
                    zip(margin.scales, margin.coordinates.map { scales[$0] }).map { abs($0 - $1) / $1 }
                    .max() ?? .infinity
                #expect(scaleError < 1e-12, "generation \(generation): A off by \(scaleError) relative")
            }
        }
    }
}
