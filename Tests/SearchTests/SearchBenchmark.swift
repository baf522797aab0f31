import HyperplanCore
import Search

/// Runs a search strategy on a `TestFunction`, one trial after another (concurrency 1), and reports the simple
/// regret: the best value found minus the known minimum.
enum SearchBenchmark {
    /// The function's standard domain, one `uniform` dimension per coordinate.
    static func space(_ function: TestFunction, dimension: Int) -> SearchSpace {
        SearchSpace(
            (0..<dimension).map { i in
                let range = function.domain(i, dimension)
                return .init(
                    name: "x\(i)", domain: .uniform(lower: range.lowerBound, upper: range.upperBound, grid: nil))
            })
    }

    static func evaluate(_ function: TestFunction, _ configuration: Configuration) -> Double {
        function.evaluate(configuration.entries.map { $0.value.doubleValue ?? .nan })
    }

    /// The simple regret of `strategy` after `trials` trials; `concurrency` c makes trial i see only the outcomes
    /// of trials before i − c + 1, the rest being pending, as the executor does.
    static func regret(
        _ strategy: some AdaptiveSearch, on function: TestFunction, dimension: Int, trials: Int, seed: UInt64,
        concurrency: Int = 1
    ) throws -> Double {
        let space = space(function, dimension: dimension)
        var configurations: [Configuration] = []
        var history: [TrialObservation] = []
        for index in 0..<trials {
            let seen = max(0, index - concurrency + 1)
            while history.count < seen {
                let configuration = configurations[history.count]
                history.append(
                    TrialObservation(
                        configuration: configuration, outcome: .completed(loss: evaluate(function, configuration))))
            }
            configurations.append(
                try strategy.suggest(
                    index: index, in: space, history: history, pending: Array(configurations[seen..<index]),
                    seed: seed))
        }
        let best = configurations.map { evaluate(function, $0) }.min() ?? .infinity
        return best - function.minimum(dimension)
    }

    /// The simple regret of random search with the same seed and budget.
    static func randomRegret(on function: TestFunction, dimension: Int, trials: Int, seed: UInt64) throws -> Double {
        let proposals = try RandomSearch(options: Hyperparameters(["trials": .int(trials)])).proposals(
            for: space(function, dimension: dimension), seed: seed)
        return (proposals.map { evaluate(function, $0) }.min() ?? .infinity) - function.minimum(dimension)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle])
    }

    static func function(_ name: String) -> TestFunction {
        TestFunction.named(name) ?? TestFunction.all[0]
    }
}
