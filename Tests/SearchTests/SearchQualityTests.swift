import HyperplanCore
import HyperplanTestSupport
import Search
import Testing

/// Search quality against random search on standard test functions: deterministic (fixed seeds), statistical
/// (the median simple regret over ten seeds), and cheap enough for a debug build.
@Suite("Search quality of tpe, evolution and cmaes", .tags(.slow))
struct SearchQualityTests {
    static let seeds: [UInt64] = Array(1...10)

    struct Case: Sendable, CustomStringConvertible {
        var strategy: String
        var function: String
        var dimension: Int
        var trials: Int
        var options: [String: ParameterValue] = [:]
        var concurrency = 1
        /// The largest median regret accepted (measured value with a margin; see docs/search/*.md).
        var bound: Double
        var description: String {
            let settings = options.keys.sorted().map { "\($0)=\(options[$0].map { "\($0)" } ?? "")" }
            return "\(strategy) on \(function) (\(trials) trials, concurrency \(concurrency)"
                + (settings.isEmpty ? "" : ", " + settings.joined(separator: ", ")) + ")"
        }
    }

    static func strategy(_ name: String, options: [String: ParameterValue] = [:]) -> any AdaptiveSearch {
        let hyperparameters = Hyperparameters(options)
        switch name {
        case "tpe": return TPESearch(options: hyperparameters)
        case "evolution": return GeneticSearch(options: hyperparameters)
        default: return CMAESSearch(options: hyperparameters)
        }
    }

    static func medians(_ test: Case) throws -> (Double, Double) {
        let function = SearchBenchmark.function(test.function)
        let strategy = strategy(test.strategy, options: test.options)
        var ours: [Double] = []
        var random: [Double] = []
        for seed in seeds {
            ours.append(
                try SearchBenchmark.regret(
                    strategy, on: function, dimension: test.dimension, trials: test.trials, seed: seed,
                    concurrency: test.concurrency))
            random.append(
                try SearchBenchmark.randomRegret(
                    on: function, dimension: test.dimension, trials: test.trials, seed: seed))
        }
        return (SearchBenchmark.median(ours), SearchBenchmark.median(random))
    }

    static let cases: [Case] = [
        Case(strategy: "tpe", function: "branin", dimension: 2, trials: 50, bound: 0.25),
        Case(strategy: "tpe", function: "hartmann3", dimension: 3, trials: 50, bound: 0.06),
        Case(strategy: "tpe", function: "branin", dimension: 2, trials: 50, concurrency: 4, bound: 0.15),
        Case(strategy: "tpe", function: "hartmann3", dimension: 3, trials: 50, concurrency: 4, bound: 0.09),
        Case(
            strategy: "tpe", function: "hartmann3", dimension: 3, trials: 50,
            options: ["constant_liar": .bool(false)], concurrency: 4, bound: 0.06),
        Case(
            strategy: "tpe", function: "hartmann3", dimension: 3, trials: 50, options: ["multivariate": .bool(false)],
            bound: 0.23),
        // Population 10 rather than the default 20, so that 60 trials make five bred generations rather than two.
        Case(
            strategy: "evolution", function: "branin", dimension: 2, trials: 60, options: ["population": .int(10)],
            bound: 0.27),
        Case(
            strategy: "evolution", function: "hartmann3", dimension: 3, trials: 60, options: ["population": .int(10)],
            bound: 0.1),
        Case(
            strategy: "evolution", function: "hartmann3", dimension: 3, trials: 60,
            options: ["population": .int(10), "crossover": .string("uniform")], bound: 0.22),
        Case(strategy: "cmaes", function: "branin", dimension: 2, trials: 60, bound: 0.09),
        Case(strategy: "cmaes", function: "hartmann3", dimension: 3, trials: 60, bound: 0.18),
        Case(strategy: "cmaes", function: "hartmann3", dimension: 3, trials: 60, concurrency: 4, bound: 0.12),
    ]

    @Test("median regret over ten seeds is below random search's and below a measured bound", arguments: cases)
    func beatsRandom(_ test: Case) throws {
        let (ours, random) = try Self.medians(test)
        print("\(test): median regret \(ours), random search \(random)")
        #expect(ours < random, "\(test): median regret \(ours), random search \(random)")
        #expect(ours < test.bound, "\(test): median regret \(ours), bound \(test.bound)")
    }
}
