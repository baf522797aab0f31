import Analysis
import Foundation
import HyperplanCore
import HyperplanTestSupport
import Testing

/// Student's t distribution against `scipy.stats.t` (`Tests/Fixtures/reference/ttest.json`, made by
/// `scripts/reference/make_ttest_reference.py`): cdf and sf at 486 points and ppf at 324, for ν from 0.5 to
/// 100,000, compared to 1e-10 relative (they agree to about 1e-13).
@Suite("Student's t distribution against SciPy")
struct StudentTReferenceTests {
    static let document = try? ReferenceFixtures.load("ttest")

    static func entries(_ key: String) throws -> [JSONValue] {
        try #require(document, "ttest.json did not load").member(key).array()
    }

    @Test("the fixture has its distribution values and quantiles")
    func fixturePresent() throws {
        #expect(try Self.entries("distribution").count == 486)
        #expect(try Self.entries("quantiles").count == 324)
    }

    @Test("cdf and sf equal scipy.stats.t.cdf and .sf to 1e-10 relative")
    func distributionFunction() throws {
        var worst = 0.0
        for entry in try Self.entries("distribution") {
            let df = try entry.member("df").double(), x = try entry.member("x").double()
            let distribution = try #require(StudentTDistribution(degreesOfFreedom: df))
            for (ours, key) in [(distribution.cdf(x), "cdf"), (distribution.survival(x), "sf")] {
                let closeness = Closeness(
                    ours, reference: try entry.member(key).double(), within: .relative(1e-10, absolute: 1e-300))
                #expect(closeness.isClose, "\(key)(\(x); ν = \(df)): \(closeness)")
                worst = max(worst, closeness.difference / max(abs(closeness.reference), 1e-300))
            }
        }
        print("Student t cdf/sf: largest relative difference from SciPy \(worst)")
    }

    @Test("quantiles equal scipy.stats.t.ppf to 1e-10 relative")
    func quantiles() throws {
        var worst = 0.0
        for entry in try Self.entries("quantiles") {
            let df = try entry.member("df").double(), p = try entry.member("p").double()
            let distribution = try #require(StudentTDistribution(degreesOfFreedom: df))
            let closeness = Closeness(
                distribution.quantile(p), reference: try entry.member("ppf").double(), within: .relative(1e-10))
            #expect(closeness.isClose, "ppf(\(p); ν = \(df)): \(closeness)")
            worst = max(worst, closeness.difference / abs(closeness.reference))
        }
        print("Student t ppf: largest relative difference from SciPy \(worst)")
    }

    @Test("closed forms: ν = 1 is Cauchy, ν = 2 has cdf ½ + t / (2√(2 + t²)); limits and invalid input")
    func closedForms() throws {
        let cauchy = try #require(StudentTDistribution(degreesOfFreedom: 1))
        let two = try #require(StudentTDistribution(degreesOfFreedom: 2))
        for t in [-50.0, -3, -1, -0.25, 0, 0.5, 2, 7, 1e6] {
            #expect(abs(cauchy.cdf(t) - (0.5 + atan(t) / Double.pi)) <= 1e-15)
            #expect(abs(two.cdf(t) - (0.5 + t / (2 * (2 + t * t).squareRoot()))) <= 1e-15)
        }
        #expect(abs(cauchy.quantile(0.75) - 1) < 1e-14 && abs(cauchy.quantile(0.9) - 3.0776835371752536) < 1e-14)
        #expect(cauchy.cdf(.infinity) == 1 && cauchy.cdf(-.infinity) == 0 && cauchy.cdf(.nan).isNaN)
        #expect(cauchy.quantile(0) == -.infinity && cauchy.quantile(1) == .infinity && cauchy.quantile(0.5) == 0)
        #expect(cauchy.quantile(1.5).isNaN)
        #expect(
            StudentTDistribution(degreesOfFreedom: 0) == nil && StudentTDistribution(degreesOfFreedom: .infinity) == nil
        )
    }
}
