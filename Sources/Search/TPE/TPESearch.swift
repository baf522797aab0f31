import Foundation
package import HyperplanCore

/// The tree-structured Parzen estimator (Bergstra et al. 2011), following Optuna's `TPESampler`.
///
/// Until `initial_trials` trials have completed or been pruned, trial i is random search's trial i. After
/// that, the informative trials (completed or pruned; failed ones are ignored) are ranked by `TrialRanking`
/// and split: the best γ(n) form the "good" group, the rest the "bad" group, where n is their count and
/// γ(n) = min(⌈0.1 n⌉, 25), or ⌈gamma · n⌉ when `gamma` is given. With `constant_liar`, the configurations of
/// pending trials join the bad group, so concurrent trials are steered away from each other. Each group
/// becomes a `ParzenEstimator`, l(x) from the good and g(x) from the bad; `candidates` points are drawn from
/// l and the one maximising log l(x) − log g(x) (the expected-improvement criterion of the paper) is chosen.
///
/// Univariate TPE does this per dimension with one-dimensional estimators; multivariate TPE (Falkner et al.
/// 2018, Optuna's `multivariate=True`) with one estimator of product kernels over all dimensions, so a
/// candidate's coordinates come from the same observation's kernels.
///
/// Conditional spaces (model blocks): the searched dimensions form groups, the unconditional ones and one per
/// condition; the groups are sampled in order, each only when its condition holds at the point chosen so far,
/// and each from the good and bad trials in which it exists (Optuna's `group=True` decomposition). The good
/// and bad split itself is made once, over all informative trials.
///
/// Randomness: stream `search/tpe/<i>` (multivariate; a conditional group `search/tpe/<i>/<its first
/// dimension>`) or `search/tpe/<i>/<dimension>` (univariate).
package struct TPESearch: AdaptiveSearch {
    package static let name = "tpe"
    package static let summary = "tree-structured Parzen estimator (Bergstra et al. 2011), as Optuna's TPESampler"
    package static let schema = OptionSchema([
        OptionSpec(
            "trials", .integer(min: 1, max: 1_000_000), default: .int(50), searchable: false,
            summary: "number of trials to run"),
        OptionSpec(
            "initial_trials", .integer(min: 0, max: 1_000_000), default: .int(10), searchable: false,
            summary: "completed or pruned trials of random search before the model is used (n_startup_trials)"),
        OptionSpec(
            "candidates", .integer(min: 1, max: 100_000), default: .int(24), searchable: false,
            summary: "points drawn from l(x) per suggestion, the best l/g ratio chosen (n_ei_candidates)"),
        OptionSpec(
            "gamma", .real(RealBounds(lower: 0, lowerInclusive: false, upper: 1)), searchable: false,
            summary: "fraction of trials in the good group; by default min(ceil(0.1 n), 25) trials"),
        OptionSpec(
            "prior_weight", .real(.positive), default: .double(1), searchable: false,
            summary: "weight of the prior kernel (uniform-like) in each density"),
        OptionSpec(
            "consider_endpoints", .boolean, default: .bool(false), searchable: false,
            summary: "let the range's ends widen the kernels of the lowest and highest observations"),
        OptionSpec(
            "multivariate", .boolean, default: .bool(true), searchable: false,
            summary: "model all dimensions jointly (true) or each on its own (false)"),
        OptionSpec(
            "constant_liar", .boolean, default: .bool(true), searchable: false,
            summary: "count pending trials among the bad ones so concurrent trials spread out"),
    ])
    package static let needsFiniteSpace = false

    package var trials: Int
    package var initialTrials: Int
    package var candidates: Int
    package var gamma: Double?
    package var priorWeight: Double
    package var considerEndpoints: Bool
    package var multivariate: Bool
    package var constantLiar: Bool

    package init(options: Hyperparameters) {
        trials = max(1, options.int("trials") ?? 50)
        initialTrials = max(0, options.int("initial_trials") ?? 10)
        candidates = max(1, options.int("candidates") ?? 24)
        gamma = options.double("gamma")
        priorWeight = options.double("prior_weight").flatMap { $0 > 0 ? $0 : nil } ?? 1
        considerEndpoints = options.bool("consider_endpoints") ?? false
        multivariate = options.bool("multivariate") ?? true
        constantLiar = options.bool("constant_liar") ?? true
    }

    /// The number of trials in the good group when n are informative: Optuna's `default_gamma`, ⌈0.1 · n⌉ in
    /// the same floating point, capped at 25; or ⌈gamma · n⌉.
    package func goodCount(informative n: Int) -> Int {
        if let gamma { return min(n, Int((gamma * Double(n)).rounded(.up))) }
        return min(Int((0.1 * Double(n)).rounded(.up)), 25)
    }

    package func suggest(
        index: Int, in space: SearchSpace, history: [TrialObservation], pending: [Configuration], seed: UInt64
    ) throws(SearchError) -> Configuration {
        let coordinates = UnitCoordinates(space)
        let (good, bad, informative) = split(history: history, pending: pending, coordinates: coordinates)
        guard informative >= initialTrials, !coordinates.searchedDimensions.isEmpty else {
            return UnitCoordinates.randomConfiguration(in: space, trial: index, seed: seed)
        }
        var point = [Double](repeating: .nan, count: space.dimensions.count)
        for group in Self.conditionGroups(coordinates) {
            // A group is sampled once its condition holds at the point chosen so far (parents come first).
            guard let first = group.first, coordinates.activity(at: point)[first] else { continue }
            // Only the trials in which the group's dimensions exist tell anything about them.
            let good = space.isConditional ? good.filter { !$0[first].isNaN } : good
            let bad = space.isConditional ? bad.filter { !$0[first].isNaN } : bad
            if multivariate {
                let key = first == coordinates.searchedDimensions.first ? "" : "/\(space.dimensions[first].name)"
                var generator = SeededGenerator(seed: seed, key: "search/tpe/\(index)\(key)")
                let best = bestCandidate(
                    good: good, bad: bad, dimensions: group, coordinates: coordinates, generator: &generator)
                for dimension in group { point[dimension] = best[dimension] }
            } else {
                for dimension in group {
                    var generator = SeededGenerator(
                        seed: seed, key: "search/tpe/\(index)/\(space.dimensions[dimension].name)")
                    point[dimension] =
                        bestCandidate(
                            good: good, bad: bad, dimensions: [dimension], coordinates: coordinates,
                            generator: &generator)[dimension]
                }
            }
        }
        return coordinates.configuration(at: point)
    }

    /// The searched dimensions grouped by their condition, in the order of each group's first dimension: the
    /// unconditional ones first, then one group per condition (each model block's own hyperparameters). Every
    /// group is modelled over the trials in which it exists, as Optuna's TPE does with `group=True`.
    static func conditionGroups(_ coordinates: UnitCoordinates) -> [[Int]] {
        var groups: [[Int]] = []
        var keys: [SearchSpace.Condition?] = []
        for dimension in coordinates.searchedDimensions {
            let condition = coordinates.space.dimensions[dimension].condition
            if let position = keys.firstIndex(of: condition) {
                groups[position].append(dimension)
            } else {
                keys.append(condition)
                groups.append([dimension])
            }
        }
        return groups
    }

    /// The good and bad groups' coordinate vectors, each in trial order (pending trials last in the bad group),
    /// and the number of informative trials (completed or pruned, with a configuration of the space).
    package func split(history: [TrialObservation], pending: [Configuration], coordinates: UnitCoordinates)
        -> (good: [[Double]], bad: [[Double]], informative: Int)
    {
        var ranked: [(ranking: TrialRanking, point: [Double])] = []
        for (trial, observation) in history.enumerated() {
            let ranking = TrialRanking(observation.outcome, trial: trial)
            guard ranking.isInformative, let point = coordinates.coordinates(of: observation.configuration) else {
                continue
            }
            ranked.append((ranking, point))
        }
        ranked.sort { $0.ranking < $1.ranking }
        let goodCount = goodCount(informative: ranked.count)
        let good = ranked.prefix(goodCount).sorted { $0.ranking.trial < $1.ranking.trial }.map(\.point)
        var bad = ranked.dropFirst(goodCount).sorted { $0.ranking.trial < $1.ranking.trial }.map(\.point)
        if constantLiar { bad += pending.compactMap { coordinates.coordinates(of: $0) } }
        return (good, bad, ranked.count)
    }

    /// Draws `candidates` points from l over `dimensions` and returns the one with the largest log l − log g
    /// (the first, on ties).
    package func bestCandidate(
        good: [[Double]], bad: [[Double]], dimensions: [Int], coordinates: UnitCoordinates,
        generator: inout SeededGenerator
    ) -> [Double] {
        let below = ParzenEstimator(
            observations: good, dimensions: dimensions, space: coordinates, priorWeight: priorWeight,
            considerEndpoints: considerEndpoints)
        let above = ParzenEstimator(
            observations: bad, dimensions: dimensions, space: coordinates, priorWeight: priorWeight,
            considerEndpoints: considerEndpoints)
        var best: [Double] = []
        var bestScore = -Double.infinity
        for _ in 0..<candidates {
            let candidate = below.sample(using: &generator)
            let score = below.logDensity(at: candidate) - above.logDensity(at: candidate)
            if best.isEmpty || score > bestScore {
                best = candidate
                bestScore = score
            }
        }
        return best
    }
}
