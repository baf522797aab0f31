import Analysis
import HyperplanCore
import HyperplanTestSupport
import Testing

/// The corrected resampled t-test against the formula evaluated with NumPy and SciPy, cross-checked with
/// baycomp where the ratio is a k-fold one (`Tests/Fixtures/reference/ttest.json`, `cases`), and its edge cases.
@Suite("Corrected resampled t-test")
struct CorrectedResampledTTestTests {
    static var cases: [FixtureCase] {
        get throws { try ReferenceFixtures.cases("ttest") }
    }

    @Test("the fixture has its nine test cases")
    func fixturePresent() throws {
        #expect(try Self.cases.count == 9)
    }

    @Test("mean, variances, t, df, p-value and 95 % interval equal the reference to 1e-10", arguments: try cases)
    func reference(_ fixture: FixtureCase) throws {
        let differences = try fixture.member("differences").doubles()
        let test = try #require(
            CorrectedResampledTTest(
                differences: differences, testSize: try fixture.member("test_size").int(),
                trainingSize: try fixture.member("train_size").int()))
        let tolerance = Tolerance.relative(1e-10)
        let pairs: [(String, Double)] = [
            ("mean", test.meanDifference), ("variance", test.variance),
            ("corrected_variance", test.correctedVariance), ("t", test.t), ("p_value", test.pValue),
        ]
        for (key, ours) in pairs {
            let closeness = Closeness(ours, reference: try fixture.member(key).double(), within: tolerance)
            #expect(closeness.isClose, "\(key): \(closeness)")
        }
        #expect(test.degreesOfFreedom == (try fixture.member("df").int()))
        #expect(test.count == differences.count)
        let interval = try #require(test.confidenceInterval())
        let reference = try fixture.member("ci95").doubles()
        let bounds = VectorCloseness(
            [interval.lowerBound, interval.upperBound], reference: reference, within: tolerance)
        #expect(bounds.isClose, "95 % interval: \(bounds)")
    }

    @Test("by hand: 5-fold differences 1, 2, 3, 4, 5 with n_test/n_train = ¼")
    func byHand() throws {
        let test = try #require(CorrectedResampledTTest(differences: [1, 2, 3, 4, 5], testToTrainingRatio: 0.25))
        // d̄ = 3, σ̂² = 10/4 = 2.5, corrected (1/5 + 1/4) · 2.5 = 1.125, t = 3/√1.125 = 2√2.
        #expect(test.meanDifference == 3 && test.variance == 2.5 && abs(test.correctedVariance - 1.125) < 1e-15)
        #expect(abs(test.t - 2 * 2.0.squareRoot()) < 1e-15)
        #expect(test.degreesOfFreedom == 4)
        // ν = 4: P(|T| ≥ t) = 1 − t(t² + 6) / (t² + 4)^{3/2}, here 1 − 2√2 · 14 / 12^{3/2}.
        let t = 2 * 2.0.squareRoot(), exact = 1 - t * (t * t + 6) / ((t * t + 4) * (t * t + 4).squareRoot())
        #expect(abs(test.pValue - exact) < 1e-15)
        #expect(test.isSignificant(at: 0.05) == (exact < 0.05))
    }

    @Test("equal differences: p = 0 for a non-zero mean, 1 for zero; the interval is the mean")
    func zeroVariance() throws {
        let apart = try #require(CorrectedResampledTTest(differences: [0.1, 0.1, 0.1], testToTrainingRatio: 0.5))
        #expect(apart.pValue == 0 && apart.t == .infinity && apart.meanDifference == 0.1 && apart.variance == 0)
        #expect(apart.confidenceInterval() == 0.1...0.1)
        let below = try #require(CorrectedResampledTTest(differences: [-2, -2], testToTrainingRatio: 1))
        #expect(below.pValue == 0 && below.t == -.infinity)
        let same = try #require(CorrectedResampledTTest(differences: [0, 0, 0, 0], testToTrainingRatio: 0.25))
        #expect(same.pValue == 1 && same.t == 0 && same.isSignificant() == false)
    }

    @Test("nil for fewer than two differences, non-finite ones, or an invalid ratio or level")
    func invalid() throws {
        #expect(CorrectedResampledTTest(differences: [], testToTrainingRatio: 0.25) == nil)
        #expect(CorrectedResampledTTest(differences: [0.3], testToTrainingRatio: 0.25) == nil)
        #expect(CorrectedResampledTTest(differences: [0.3, .nan], testToTrainingRatio: 0.25) == nil)
        #expect(CorrectedResampledTTest(differences: [0.3, 0.1], testToTrainingRatio: -1) == nil)
        #expect(CorrectedResampledTTest(differences: [0.3, 0.1], testSize: 10, trainingSize: 0) == nil)
        let test = try #require(CorrectedResampledTTest(differences: [0.3, 0.1], testSize: 10, trainingSize: 40))
        #expect(test.testToTrainingRatio == 0.25)
        #expect(test.confidenceInterval(level: 1) == nil && test.confidenceInterval(level: 0) == nil)
    }
}
