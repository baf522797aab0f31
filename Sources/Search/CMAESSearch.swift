import Foundation
import HyperplanCore

/// CMA-ES (`CMAES`) over the continuous and integer dimensions in unit coordinates, as Optuna's `CmaEsSampler`
/// runs it (which also works in [0, 1] coordinates): mean ½, σ₀ = `sigma0` (1/6 of the unit width by default),
/// λ = 4 + ⌊3 ln n⌋ unless `population` is given.
///
/// Stateless: the distribution for trial i is rebuilt by replaying generations from `history`. Generation k is
/// trials kλ ..< (k+1)λ; every generation whose λ trials are all in `history` is applied in turn, its trials
/// ranked by `TrialRanking` (completed by loss, then pruned, then failed, which thus get the worst ranks) and
/// their evaluated configurations used as the solutions. Trial i then samples from the distribution after
/// those generations. Without lag that is exactly generation ⌊i/λ⌋'s distribution; with concurrency, the first
/// trials of a generation may still sample from the previous one, and are treated as members of their own
/// generation when it is replayed (as injected solutions).
///
/// Bounds: a sample outside [0, 1]ⁿ is redrawn up to 10n times, then clipped (the `cmaes` library's rule).
/// Integers are rounded when the configuration is made; the update sees the rounded point. CMA-ES with margin
/// (Hamano et al. 2022), which Optuna offers for integers as `with_margin`, is not implemented.
/// Categorical dimensions are drawn uniformly at random for every trial, independently of the rest (Optuna
/// falls back to its independent sampler for them in the same way).
///
/// Randomness: stream `search/cmaes/<i>`. The first generation samples N(½, σ₀²) like every other, not random search.
/// - Complexity: O(i n) per suggestion plus O(λ n² + n³) per generation replayed: only the generations completed
///   since this search's last suggestion, which `CMAESReplayMemo` remembers (all i/λ of them after a resume).
public struct CMAESSearch: AdaptiveSearch {
    public static let name = "cmaes"
    public static let summary =
        "covariance matrix adaptation evolution strategy (Hansen 2016), as Optuna's CmaEsSampler"
    public static let schema = OptionSchema([
        OptionSpec(
            "trials", .integer(min: 1, max: 1_000_000), default: .int(100), searchable: false,
            summary: "number of trials to run"),
        OptionSpec(
            "population", .integer(min: 2, max: 100_000), searchable: false,
            summary: "offspring per generation (lambda); by default 4 + floor(3 ln n) for n ordered dimensions"),
        OptionSpec(
            "sigma0", .real(RealBounds(lower: 0, lowerInclusive: false, upper: 1)), default: .double(1.0 / 6),
            searchable: false, summary: "initial step size, as a fraction of every dimension's range"),
        OptionSpec(
            "margin", .boolean, default: .bool(false), searchable: false,
            summary: "CMA-ES with margin (Hamano et al. 2022) for linear integer dimensions"),
    ])
    public static let needsFiniteSpace = false

    public var trials: Int
    public var population: Int?
    public var sigma0: Double
    public var margin: Bool

    public init(options: Hyperparameters) {
        trials = max(1, options.int("trials") ?? 100)
        population = options.int("population").map { max(2, $0) }
        sigma0 = options.double("sigma0").flatMap { $0 > 0 ? $0 : nil } ?? 1.0 / 6
        margin = options.bool("margin") ?? false
    }

    public func suggest(
        index: Int, in space: SearchSpace, history: [TrialObservation], pending: [Configuration], seed: UInt64
    ) throws(SearchError) -> Configuration {
        let coordinates = UnitCoordinates(space)
        let ordered = coordinates.orderedDimensions
        var generator = SeededGenerator(seed: seed, key: "search/cmaes/\(index)")
        var point = [Double](repeating: 0, count: space.dimensions.count)
        if !ordered.isEmpty {
            let strategy = distribution(history: history, coordinates: coordinates, seed: seed, lag: pending.count)
            let x = sample(from: strategy, using: &generator)
            for (position, dimension) in ordered.enumerated() {
                point[dimension] =
                    coordinates.kinds[dimension] == .integer
                    ? coordinates.roundedInteger(x[position], dimension: dimension) : x[position]
            }
        }
        for (dimension, kind) in coordinates.kinds.enumerated() {
            if case .categorical(let count) = kind { point[dimension] = Double(generator.nextInt(below: count)) }
        }
        return coordinates.configuration(at: point)
    }

    /// The distribution after replaying every generation whose trials are all in `history`, starting from the
    /// longest replay of the same search that `CMAESReplayMemo` remembers (which never changes the result).
    /// With margin, trial i's unencoded sample is regenerated from `seed` and the distribution after
    /// ⌊max(0, i − lag)/λ⌋ generations (`CMAESResampling`).
    package func distribution(
        history: [TrialObservation], coordinates: UnitCoordinates, seed: UInt64 = 0, lag: Int = 0
    ) -> CMAES {
        let initial = CMAES(
            mean: [Double](repeating: 0.5, count: coordinates.orderedDimensions.count), sigma: sigma0,
            populationSize: population, margin: margin ? coordinates.marginGrids : [])
        let generations = CMAESGenerations(
            history: history, coordinates: coordinates, populationSize: initial.populationSize)
        let resampling = initial.margin.map { _ in CMAESResampling(coordinates: coordinates, seed: seed, lag: lag) }
        return CMAESReplayMemo.shared.state(after: generations, from: initial, resampling: resampling)
    }

    /// A sample inside [0, 1]ⁿ: redrawn up to 10n times, then clipped (with margin: its integers encoded).
    func sample(from strategy: CMAES, using generator: inout SeededGenerator) -> [Double] {
        strategy.sample(using: &generator).point
    }
}
