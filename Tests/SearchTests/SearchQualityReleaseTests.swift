import HyperplanCore
import HyperplanTestSupport
import Search
import Testing

/// The larger comparison behind `docs/search/tpe.md` and `docs/search/evolution.md`: 100 trials on Hartmann-6,
/// 10-D Rosenbrock and 10-D Levy over ten seeds, and CMA-ES with 1,000 trials on 10-D Rosenbrock. Optuna's
/// numbers for the same functions and budgets come from `benchmarks/search_strategies_vs_optuna.py`.
@Suite("Search quality at release-mode budgets", .tags(.slow))
struct SearchQualityReleaseTests {
    static let seeds: [UInt64] = Array(1...10)

    static func medianRegret(
        _ strategy: (some AdaptiveSearch)?, function name: String, dimension: Int, trials: Int
    ) throws -> Double {
        let function = SearchBenchmark.function(name)
        var regrets: [Double] = []
        for seed in seeds {
            if let strategy {
                regrets.append(
                    try SearchBenchmark.regret(strategy, on: function, dimension: dimension, trials: trials, seed: seed)
                )
            } else {
                regrets.append(
                    try SearchBenchmark.randomRegret(on: function, dimension: dimension, trials: trials, seed: seed))
            }
        }
        return SearchBenchmark.median(regrets)
    }

    @Test(
        "with 100 trials, tpe and cmaes beat random search's median regret",
        arguments: [("hartmann6", 6), ("rosenbrock", 10), ("levy", 10)])
    func hundredTrials(_ function: String, _ dimension: Int) throws {
        let random = try Self.medianRegret(TPESearch?.none, function: function, dimension: dimension, trials: 100)
        let tpe = try Self.medianRegret(
            TPESearch(options: Hyperparameters()), function: function, dimension: dimension, trials: 100)
        let evolution = try Self.medianRegret(
            GeneticSearch(options: Hyperparameters()), function: function, dimension: dimension, trials: 100)
        let cmaes = try Self.medianRegret(
            CMAESSearch(options: Hyperparameters()), function: function, dimension: dimension, trials: 100)
        print(
            "RELEASE \(function)-\(dimension)D 100 trials: random \(random) tpe \(tpe) evolution \(evolution) cmaes \(cmaes)"
        )
        #expect(tpe < random)
        #expect(cmaes < random)
    }

    @Test("with 1,000 trials on 10-D Rosenbrock, cmaes beats random search by orders of magnitude")
    func rosenbrockThousand() throws {
        let random = try Self.medianRegret(TPESearch?.none, function: "rosenbrock", dimension: 10, trials: 1000)
        let cmaes = try Self.medianRegret(
            CMAESSearch(options: Hyperparameters()), function: "rosenbrock", dimension: 10, trials: 1000)
        print("RELEASE rosenbrock-10D 1000 trials: random \(random) cmaes \(cmaes)")
        #expect(cmaes * 100 < random, "cmaes \(cmaes), random \(random)")
    }
}
