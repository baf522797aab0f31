import HyperplanCore
import HyperplanTestSupport
import Search
import Testing

/// Larger checks of `bayesian` search: Hartmann-6 with 50 trials against random search over 10 seeds, and
/// suggestions from 100 to 800 observations in 6-D. The times are printed for a reader, never asserted (speed is
/// measured side by side with Optuna by `benchmarks/bayesian_vs_optuna.py`, in `docs/benchmarks.md`).
@Suite("Bayesian search benchmarks", .tags(.slow))
struct BayesianSearchBenchmarkTests {
    @Test("Hartmann-6, 50 trials, 10 seeds: median regret below random search's")
    func hartmann6() throws {
        let function = try #require(TestFunction.named("hartmann6"))
        let strategy = BayesianSearchTests.strategy(["trials": .int(50)])
        var bayesian: [Double] = []
        var randomRegrets: [Double] = []
        let start = ContinuousClock.now
        for seed: UInt64 in 1...10 {
            bayesian.append(try SearchBenchmark.regret(strategy, on: function, dimension: 6, trials: 50, seed: seed))
            randomRegrets.append(try SearchBenchmark.randomRegret(on: function, dimension: 6, trials: 50, seed: seed))
        }
        let elapsed = ContinuousClock.now - start
        let median = SearchBenchmark.median(bayesian), randomMedian = SearchBenchmark.median(randomRegrets)
        print("Hartmann-6, 50 trials: bayesian median regret \(median) \(bayesian)")
        print("Hartmann-6, 50 trials: random median regret \(randomMedian) \(randomRegrets)")
        print("Hartmann-6: 10 runs of 50 trials took \(elapsed)")
        #expect(median < randomMedian / 4)
    }

    /// `count` uniformly random points of Hartmann-6's unit cube with their values, as completed trials.
    static func randomHistory(_ function: TestFunction, count: Int, seed: UInt64) -> [TrialObservation] {
        var generator = SeededGenerator(seed: seed, key: "benchmark/history")
        return (0..<count).map { _ in
            let x = (0..<6).map { _ in generator.nextUnitInterval() }
            let configuration = Configuration(x.enumerated().map { .init(name: "x\($0)", value: .double($1)) })
            return TrialObservation(configuration: configuration, outcome: .completed(loss: function.evaluate(x)))
        }
    }

    @Test("suggestions from 100 observations in 6-D, with and without pending trials, are whole configurations")
    func suggestionTime() throws {
        let function = try #require(TestFunction.named("hartmann6"))
        let space = SearchBenchmark.space(function, dimension: 6)
        let history = Self.randomHistory(function, count: 100, seed: 11)
        let strategy = BayesianSearchTests.strategy()
        var times: [Duration] = []
        for index in 100..<103 {
            let start = ContinuousClock.now
            let configuration = try strategy.suggest(index: index, in: space, history: history, pending: [], seed: 1)
            times.append(ContinuousClock.now - start)
            #expect(configuration.entries.count == 6)
        }
        let pendingStart = ContinuousClock.now
        let withPending = try strategy.suggest(
            index: 104, in: space, history: Array(history.prefix(96)), pending: history.suffix(4).map(\.configuration),
            seed: 1)
        let pendingTime = ContinuousClock.now - pendingStart
        // The kernel fit alone, the part that grows as n³.
        let encoding = SpaceEncoding(space)
        let inputs = history.flatMap { encoding.encode($0.configuration) ?? [] }
        let losses = history.compactMap(\.loss)
        let mean = losses.reduce(0, +) / 100
        let deviation = (losses.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 100).squareRoot()
        let fitStart = ContinuousClock.now
        let kernel = KernelFit().fit(
            inputs: inputs, targets: losses.map { ($0 - mean) / deviation }, columnGroups: encoding.columnGroups,
            groupCount: 6, seed: 1, key: "benchmark/fit")
        let fitTime = ContinuousClock.now - fitStart
        print("suggestion from 100 observations in 6-D: \(times); 96 observations + 4 pending: \(pendingTime)")
        print("kernel fit alone: \(fitTime), length scales \(kernel?.lengthScales ?? [])")
        #expect(withPending.entries.count == 6)
        #expect(kernel != nil, "the kernel fits 100 distinct observations")
    }

    /// The cost of a suggestion levels off past `max_observations` (200 by default): the GP is fitted to at most
    /// that many trials, so 800 observations cost about what 200 do. Prints the times; asserts nothing about them.
    @Test("suggestion time levels off past max_observations")
    func cappedGrowth() throws {
        let function = try #require(TestFunction.named("hartmann6"))
        let space = SearchBenchmark.space(function, dimension: 6)
        let history = Self.randomHistory(function, count: 800, seed: 12)
        let strategy = BayesianSearchTests.strategy()
        for count in [50, 100, 200, 400, 800] {
            let start = ContinuousClock.now
            let configuration = try strategy.suggest(
                index: count, in: space, history: Array(history.prefix(count)), pending: [], seed: 1)
            print("suggestion from \(count) observations in 6-D: \(ContinuousClock.now - start)")
            #expect(configuration.entries.count == 6)
        }
    }
}
