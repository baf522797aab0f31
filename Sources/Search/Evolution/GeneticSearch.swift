import Foundation
package import HyperplanCore

/// A genetic algorithm for mixed spaces, over unit coordinates.
///
/// Trials come in generations of `population`: generation g is trials g·population ..< (g+1)·population, and
/// generation 0 is random search's trials. A child of a later generation is bred from the parent pool:
/// the `population` most recent informative trials of `history` (completed or pruned; failed ones carry no
/// information) together with the `elites` best-ranked trials of the whole history, so the best
/// configurations found survive however many generations pass. Without lag that recent window is exactly the
/// previous generation; when concurrency makes `history` lag behind the generation boundary, the window
/// simply holds the latest outcomes there are, which keeps `suggest` a pure function of its arguments.
///
/// Each child: two parents, each the best (by `TrialRanking`) of `tournament_size` members drawn with
/// replacement from the pool; with probability `crossover_rate` a crossover, otherwise a copy of the first
/// parent. Uniform crossover takes each gene from either parent with probability ½; blend crossover (BLX-α,
/// α = ½, Eshelman & Schaffer 1993) draws each ordered gene uniformly from the parents' interval widened by half
/// its length on each side, and takes categorical genes as uniform crossover does. Then each gene mutates with
/// probability `mutation_rate` (by default 1 / the number of searched dimensions): ordered genes by a Gaussian
/// step of standard deviation `mutation_scale` in unit coordinates (reflected at 0 and 1; integers rounded),
/// categorical genes by a fresh uniform draw. Conditional dimensions (model blocks): a gene only one parent has
/// is inherited from it, and one that exists in the child but in neither parent (the child took another
/// block) is drawn uniformly. Randomness: stream `search/evolution/<i>`.
package struct GeneticSearch: AdaptiveSearch {
    package static let name = "evolution"
    package static let summary = "genetic algorithm: tournament selection, crossover, mutation and elitism"
    package static let schema = OptionSchema([
        OptionSpec(
            "trials", .integer(min: 1, max: 1_000_000), default: .int(100), searchable: false,
            summary: "number of trials to run"),
        OptionSpec(
            "population", .integer(min: 2, max: 100_000), default: .int(20), searchable: false,
            summary: "trials per generation, and the size of the recent parent pool"),
        OptionSpec(
            "tournament_size", .integer(min: 1, max: 1_000), default: .int(3), searchable: false,
            summary: "pool members drawn per tournament; the best becomes a parent"),
        OptionSpec(
            "crossover", .enumeration(["uniform", "blend"]), default: .string("blend"), searchable: false,
            summary: "how two parents' genes combine"),
        OptionSpec(
            "crossover_rate", .real(.unitInterval), default: .double(0.9), searchable: false,
            summary: "probability that a child is a crossover rather than a copy of one parent"),
        OptionSpec(
            "mutation_rate", .real(.unitInterval), searchable: false,
            summary: "probability that each gene mutates; by default 1 / the number of searched dimensions"),
        OptionSpec(
            "mutation_scale", .real(RealBounds(lower: 0, lowerInclusive: false, upper: 1)), default: .double(0.1),
            searchable: false, summary: "standard deviation of a mutation step, as a fraction of the range"),
        OptionSpec(
            "elites", .integer(min: 0, max: 100_000), default: .int(1), searchable: false,
            summary: "best trials kept in the parent pool for good"),
    ])
    package static let needsFiniteSpace = false

    package enum Crossover: String, Sendable { case uniform, blend }

    package var trials: Int
    package var population: Int
    package var tournamentSize: Int
    package var crossover: Crossover
    package var crossoverRate: Double
    package var mutationRate: Double?
    package var mutationScale: Double
    package var elites: Int

    package init(options: Hyperparameters) {
        trials = max(1, options.int("trials") ?? 100)
        population = max(2, options.int("population") ?? 20)
        tournamentSize = max(1, options.int("tournament_size") ?? 3)
        crossover = options.string("crossover").flatMap(Crossover.init(rawValue:)) ?? .blend
        crossoverRate = min(1, max(0, options.double("crossover_rate") ?? 0.9))
        mutationRate = options.double("mutation_rate").map { min(1, max(0, $0)) }
        mutationScale = options.double("mutation_scale").flatMap { $0 > 0 ? $0 : nil } ?? 0.1
        elites = max(0, options.int("elites") ?? 1)
    }

    package func suggest(
        index: Int, in space: SearchSpace, history: [TrialObservation], pending: [Configuration], seed: UInt64
    ) throws(SearchError) -> Configuration {
        let coordinates = UnitCoordinates(space)
        let pool = parentPool(history: history, coordinates: coordinates)
        let searched = coordinates.searchedDimensions
        guard index >= population, !pool.isEmpty, !searched.isEmpty else {
            return UnitCoordinates.randomConfiguration(in: space, trial: index, seed: seed)
        }
        var generator = SeededGenerator(seed: seed, key: "search/evolution/\(index)")
        let first = tournament(pool, using: &generator)
        let second = tournament(pool, using: &generator)
        var child = first
        if generator.nextUnitInterval() < crossoverRate {
            for dimension in searched {
                // A gene only one parent has (a conditional dimension) comes from that parent.
                if first[dimension].isNaN || second[dimension].isNaN {
                    child[dimension] = first[dimension].isNaN ? second[dimension] : first[dimension]
                } else if crossover == .blend && coordinates.kinds[dimension].isOrdered {
                    let low = min(first[dimension], second[dimension])
                    let high = max(first[dimension], second[dimension])
                    let spread = 0.5 * (high - low)
                    let value = low - spread + (high - low + 2 * spread) * generator.nextUnitInterval()
                    child[dimension] = min(1, max(0, value))
                } else {
                    child[dimension] = generator.nextUnitInterval() < 0.5 ? first[dimension] : second[dimension]
                }
            }
        }
        let rate = mutationRate ?? 1 / Double(searched.count)
        for dimension in searched where generator.nextUnitInterval() < rate && !child[dimension].isNaN {
            if case .categorical(let count) = coordinates.kinds[dimension] {
                child[dimension] = Double(generator.nextInt(below: count))
            } else {
                child[dimension] = Self.reflected(child[dimension] + mutationScale * generator.nextGaussian())
            }
        }
        // A conditional dimension that exists in the child but in neither parent gets a fresh uniform gene.
        for dimension in searched where child[dimension].isNaN && coordinates.activity(at: child)[dimension] {
            if case .categorical(let count) = coordinates.kinds[dimension] {
                child[dimension] = Double(generator.nextInt(below: count))
            } else {
                child[dimension] = generator.nextUnitInterval()
            }
        }
        for dimension in searched where coordinates.kinds[dimension] == .integer && !child[dimension].isNaN {
            child[dimension] = coordinates.roundedInteger(child[dimension], dimension: dimension)
        }
        return coordinates.configuration(at: child)
    }

    /// The pool members' coordinates with their rankings: the `population` latest informative trials, then the
    /// `elites` best ones not already among them.
    func parentPool(history: [TrialObservation], coordinates: UnitCoordinates)
        -> [(ranking: TrialRanking, point: [Double])]
    {
        var informative: [(ranking: TrialRanking, point: [Double])] = []
        for (trial, observation) in history.enumerated() {
            let ranking = TrialRanking(observation.outcome, trial: trial)
            guard ranking.isInformative, let point = coordinates.coordinates(of: observation.configuration) else {
                continue
            }
            informative.append((ranking, point))
        }
        var pool = Array(informative.suffix(population))
        let recent = Set(pool.map(\.ranking.trial))
        let best = informative.sorted { $0.ranking < $1.ranking }.prefix(elites)
        pool += best.filter { !recent.contains($0.ranking.trial) }
        return pool
    }

    /// The best of `tournamentSize` pool members drawn with replacement.
    private func tournament(_ pool: [(ranking: TrialRanking, point: [Double])], using generator: inout SeededGenerator)
        -> [Double]
    {
        var winner = pool[generator.nextInt(below: pool.count)]
        for _ in 1..<tournamentSize {
            let challenger = pool[generator.nextInt(below: pool.count)]
            if challenger.ranking < winner.ranking { winner = challenger }
        }
        return winner.point
    }

    /// `x` folded back into [0, 1] at both ends.
    static func reflected(_ x: Double) -> Double {
        guard x.isFinite else { return 0.5 }
        var value = x.truncatingRemainder(dividingBy: 2)
        if value < 0 { value += 2 }
        return value > 1 ? 2 - value : value
    }
}
