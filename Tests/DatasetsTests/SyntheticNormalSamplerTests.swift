import Datasets
import Foundation
import HyperplanCore
import Testing

/// The Ziggurat sampler against the standard normal distribution.
///
/// One million deviates from a fixed stream. Each bound is about five standard errors (a correct sampler
/// fails one with probability near 10⁻⁶; with the fixed seed the outcome is fixed), far below what a wrong
/// table, a lost tail or a biased sign would shift: the base layer alone holds 2.6·10⁻⁴ of the mass.
@Suite("Synthetic: normal sampler")
struct SyntheticNormalSamplerTests {
    static let count = 1_000_000
    static let deviates: [Double] = {
        var generator = SeededGenerator(seed: 2026, key: "normal-sampler-test")
        return NormalSampler.deviates(count, using: &generator)
    }()

    private static func share(_ predicate: (Double) -> Bool) -> Double {
        Double(deviates.reduce(0) { $0 + (predicate($1) ? 1 : 0) }) / Double(count)
    }

    /// Five standard errors of a share `p` of `count` draws.
    private static func bound(_ p: Double) -> Double { 5 * (p * (1 - p) / Double(count)).squareRoot() }

    @Test("moments: mean 0, variance 1, skewness 0, kurtosis 3")
    func moments() {
        let n = Double(Self.count)
        let mean = Self.deviates.reduce(0, +) / n
        let second = Self.deviates.reduce(0) { $0 + $1 * $1 } / n
        let third = Self.deviates.reduce(0) { $0 + $1 * $1 * $1 } / n
        let fourth = Self.deviates.reduce(0) { $0 + $1 * $1 * $1 * $1 } / n
        // Standard errors: 1/√n, √(2/n), √(15/n), √(96/n).
        #expect(abs(mean) < 5 / n.squareRoot(), "mean \(mean)")
        #expect(abs(second - 1) < 5 * (2 / n).squareRoot(), "second moment \(second)")
        #expect(abs(third) < 5 * (15 / n).squareRoot(), "third moment \(third)")
        #expect(abs(fourth - 3) < 5 * (96 / n).squareRoot(), "fourth moment \(fourth)")
    }

    @Test("central, two-sigma and tail shares (scipy.stats.norm)")
    func shares() {
        // 2·Φ(1) − 1, 2·(1 − Φ(2)), 2·(1 − Φ(r)) for the ziggurat's tail start r.
        let central = 0.6826894921370859
        let beyondTwo = 0.04550026389635839
        let tail = 0.00025803248765390077
        let r = 3.6541528853610088
        #expect(abs(Self.share { abs($0) < 1 } - central) < Self.bound(central))
        #expect(abs(Self.share { abs($0) > 2 } - beyondTwo) < Self.bound(beyondTwo))
        #expect(abs(Self.share { abs($0) > r } - tail) < Self.bound(tail))
        #expect(abs(Self.share { $0 > r } - tail / 2) < Self.bound(tail / 2))
        #expect(abs(Self.share { $0 < 0 } - 0.5) < Self.bound(0.5))
    }

    @Test("20 equiprobable bins of Φ(x): chi-square below its 1 − 10⁻⁶ quantile (63.68 for 19 df)")
    func chiSquare() {
        var bins = [Int](repeating: 0, count: 20)
        for value in Self.deviates {
            let probability = 0.5 * Foundation.erfc(-value / 2.0.squareRoot())
            bins[min(19, Int(probability * 20))] += 1
        }
        let expected = Double(Self.count) / 20
        let statistic = bins.reduce(0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        #expect(statistic < 63.68, "chi-square \(statistic), bins \(bins)")
    }

    @Test("the same stream gives the same deviates")
    func deterministic() {
        var first = SeededGenerator(seed: 2026, key: "normal-sampler-test")
        var second = SeededGenerator(seed: 2026, key: "normal-sampler-test")
        let a = NormalSampler.deviates(1000, using: &first)
        let b = NormalSampler.deviates(1000, using: &second)
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
        #expect(a.map(\.bitPattern) == Self.deviates.prefix(1000).map(\.bitPattern))
    }
}
