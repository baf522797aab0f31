import HyperplanCore
import HyperplanTestSupport
import Search
import Testing

/// The centered L2 discrepancy against `scipy.stats.qmc.discrepancy(method="CD")`, and the discrepancy of
/// Hyperplan's scrambled Sobol' points and Latin hypercubes against the spread SciPy's own give over 20 seeds
/// (`Tests/Fixtures/reference/qmc.json`, made by `scripts/reference/make_qmc_reference.py`).
@Suite("Space-filling measures")
struct SpaceFillingTests {
    static var discrepancyCases: [FixtureCase] {
        get throws { try ReferenceFixtures.cases("qmc", kind: "discrepancy") }
    }

    static func distribution(_ name: String) throws -> (min: Double, median: Double, max: Double) {
        let fixture = try #require(
            try ReferenceFixtures.cases("qmc").first { $0.name == "discrepancy_distribution/\(name)" })
        return (
            try fixture.member("min").double(), try fixture.member("median").double(),
            try fixture.member("max").double()
        )
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    @Test("the centered discrepancy is SciPy's to 1e-12", arguments: try discrepancyCases)
    func centeredDiscrepancy(fixture: FixtureCase) throws {
        let rows = try fixture.member("points").doubleRows()
        let dimensions = try fixture.member("dimensions").int()
        let design = UnitDesign(count: rows.count, dimensions: dimensions, coordinates: rows.flatMap { $0 })
        let expected = try fixture.member("centered_discrepancy").double()
        let actual = SpaceFilling.centeredDiscrepancy(of: design)
        #expect(abs(actual - expected) <= 1e-12, "\(fixture.name): \(actual) vs SciPy \(expected)")
    }

    @Test("the fixture checks at least five point sets")
    func discrepancyCoverage() throws { #expect(try Self.discrepancyCases.count >= 5) }

    @Test("128 scrambled Sobol' points in 5-D have SciPy's scrambled Sobol' discrepancy, far below random points")
    func sobolDiscrepancy() throws {
        let sobol = try Self.distribution("sobol_scrambled")
        let latin = try Self.distribution("latin_hypercube")
        let values = try (0..<20).map { seed in
            SpaceFilling.centeredDiscrepancy(
                of: try SobolSequence(dimensions: 5, scrambleSeed: UInt64(seed)).points(count: 128))
        }
        let inRange = values.filter { $0 >= sobol.min && $0 <= sobol.max }.count
        // SciPy's 20 values span [min, max]; a 21st draw from the same distribution falls outside with
        // probability 2/21, so most of ours must fall inside, and their median near SciPy's.
        #expect(inRange >= 15, "\(inRange) of 20 in [\(sobol.min), \(sobol.max)]: \(values)")
        #expect(Self.median(values) >= sobol.min && Self.median(values) <= sobol.max)
        // Far better than any Latin hypercube (and so than independent points) SciPy drew.
        #expect(values.max() ?? .infinity < latin.min)
    }

    @Test("128-point Latin hypercubes in 5-D have SciPy's Latin hypercube discrepancy, below random points")
    func latinHypercubeDiscrepancy() throws {
        let latin = try Self.distribution("latin_hypercube")
        let uniform = try Self.distribution("uniform")
        let values = (0..<20).map { seed in
            SpaceFilling.centeredDiscrepancy(
                of: LatinHypercube.design(count: 128, dimensions: 5, centered: false, seed: UInt64(seed)))
        }
        let median = Self.median(values)
        #expect(median >= latin.min && median <= latin.max, "median \(median), SciPy [\(latin.min), \(latin.max)]")
        #expect(values.filter { $0 >= latin.min && $0 <= latin.max }.count >= 15, "\(values)")
        #expect(median < uniform.median)
    }

    @Test("the minimum distance is the smallest over all pairs, and stops early only below its bound")
    func minimumDistance() {
        let design = UnitDesign(
            count: 4, dimensions: 2, coordinates: [0.1, 0.1, 0.9, 0.9, 0.1, 0.4, 0.5, 0.5])
        // Pairs: (0,2) is 0.3 apart; (2,3) is √(0.16 + 0.01) ≈ 0.412; the rest are farther.
        #expect(abs(SpaceFilling.minimumDistance(of: design) - 0.3) < 1e-15)
        #expect(abs(SpaceFilling.minimumDistance(of: design, stoppingAt: 0.2) - 0.3) < 1e-15)
        // With a bound above 0.3 the search may stop at any pair no farther apart than the bound.
        #expect(SpaceFilling.minimumDistance(of: design, stoppingAt: 0.5) <= 0.5)
        #expect(SpaceFilling.minimumDistance(of: design.prefix(1)) == .infinity)
    }
}
