import HyperplanCore
import Search
import Testing

/// What every adaptive strategy must honour: purity, valid configurations on awkward spaces and histories.
@Suite("Adaptive strategies: the suggest contract")
struct AdaptiveStrategyContractTests {
    static let names = ["tpe", "evolution", "cmaes"]

    static func strategy(_ name: String) -> any AdaptiveSearch {
        // Small populations and a short random start, so that a 40-trial run exercises the models.
        switch name {
        case "tpe": return TPESearch(options: Hyperparameters(["initial_trials": .int(5)]))
        case "evolution": return GeneticSearch(options: Hyperparameters(["population": .int(6)]))
        default: return CMAESSearch(options: Hyperparameters(["population": .int(6)]))
        }
    }

    /// Every kind of dimension, including the degenerate ones the brief lists.
    static let mixedSpace = SearchSpace([
        .init(name: "lr", domain: .logUniform(lower: 1e-5, upper: 1, grid: nil)),
        .init(name: "momentum", domain: .uniform(lower: 0, upper: 0.99, grid: nil)),
        .init(name: "fixed", domain: .uniform(lower: 2, upper: 2, grid: nil)),
        .init(name: "fixed_log", domain: .logUniform(lower: 0.1, upper: 0.1, grid: nil)),
        .init(name: "depth", domain: .integer(lower: 1, upper: 8, log: false, grid: nil)),
        .init(name: "width", domain: .integer(lower: 1, upper: 4096, log: true, grid: nil)),
        .init(name: "seed_like", domain: .integer(lower: Int.min, upper: Int.max, log: false, grid: nil)),
        .init(name: "one", domain: .integer(lower: 7, upper: 7, log: false, grid: nil)),
        .init(name: "act", domain: .choice([.string("relu"), .string("tanh"), .string("gelu")])),
        .init(name: "only", domain: .choice([.string("adam")])),
    ])

    static func isValid(_ configuration: Configuration, in space: SearchSpace) -> Bool {
        configuration.entries.count == space.dimensions.count
            && zip(configuration.entries, space.dimensions).allSatisfy { entry, dimension in
                entry.name == dimension.name && dimension.domain.unit(of: entry.value) != nil
            }
    }

    /// A synthetic loss with failures and pruned trials mixed in.
    static func outcome(_ configuration: Configuration, trial: Int) -> TrialObservation.Outcome {
        if trial % 7 == 3 { return .failed }
        let lr = configuration["lr"]?.doubleValue ?? 1
        let depth = Double(configuration["depth"]?.intValue ?? 0)
        let act = configuration["act"] == .string("gelu") ? 0.0 : 0.5
        let loss = (lr.magnitude - 0.01) * (lr.magnitude - 0.01) * 100 + (depth - 5) * (depth - 5) / 10 + act
        if trial % 11 == 5 { return .pruned(loss: trial % 2 == 0 ? nil : loss + 1, resource: trial % 3) }
        return .completed(loss: loss)
    }

    /// A 40-trial run at concurrency 3, returning the suggestions.
    static func run(_ name: String, seed: UInt64) throws -> [Configuration] {
        let strategy = strategy(name)
        var configurations: [Configuration] = []
        var history: [TrialObservation] = []
        for index in 0..<40 {
            let seen = max(0, index - 2)
            while history.count < seen {
                let configuration = configurations[history.count]
                history.append(
                    TrialObservation(
                        configuration: configuration, outcome: outcome(configuration, trial: history.count)))
            }
            configurations.append(
                try strategy.suggest(
                    index: index, in: mixedSpace, history: history, pending: Array(configurations[seen..<index]),
                    seed: seed))
        }
        return configurations
    }

    @Test("a run on a mixed space with degenerate dimensions gives valid, varied configurations", arguments: names)
    func mixedRun(_ name: String) throws {
        let configurations = try Self.run(name, seed: 11)
        #expect(configurations.allSatisfy { Self.isValid($0, in: Self.mixedSpace) })
        #expect(configurations.allSatisfy { $0["fixed"] == .double(2) && $0["one"] == .int(7) })
        #expect(Set(configurations.suffix(20)).count > 10, "the later suggestions collapse to a few points")
    }

    @Test("suggest is a pure function: the same run twice is identical, another seed differs", arguments: names)
    func purity(_ name: String) throws {
        let first = try Self.run(name, seed: 11)
        #expect(try Self.run(name, seed: 11) == first)
        #expect(try Self.run(name, seed: 12) != first)
    }

    @Test("empty history, only failures, and duplicates all give valid configurations", arguments: names)
    func awkwardHistories(_ name: String) throws {
        let strategy = Self.strategy(name)
        let space = Self.mixedSpace
        let start = try strategy.suggest(index: 0, in: space, history: [], pending: [], seed: 1)
        #expect(Self.isValid(start, in: space))
        let failures = (0..<30).map { _ in TrialObservation(configuration: start, outcome: .failed) }
        let afterFailures = try strategy.suggest(index: 30, in: space, history: failures, pending: [], seed: 1)
        #expect(Self.isValid(afterFailures, in: space))
        let duplicates = (0..<30).map { _ in TrialObservation(configuration: start, outcome: .completed(loss: 1)) }
        let afterDuplicates = try strategy.suggest(
            index: 32, in: space, history: duplicates, pending: [start, start], seed: 1)
        #expect(Self.isValid(afterDuplicates, in: space))
    }

    @Test("a space of only fixed dimensions, or only categorical ones, is searched", arguments: names)
    func degenerateSpaces(_ name: String) throws {
        let strategy = Self.strategy(name)
        let fixed = SearchSpace([
            .init(name: "a", domain: .uniform(lower: 1, upper: 1, grid: nil)),
            .init(name: "b", domain: .choice([.int(3)])),
        ])
        let categorical = SearchSpace([.init(name: "c", domain: .choice([.string("x"), .string("y")]))])
        for space in [fixed, categorical, SearchSpace()] {
            var history: [TrialObservation] = []
            for index in 0..<15 {
                let configuration = try strategy.suggest(
                    index: index, in: space, history: history, pending: [], seed: 2)
                #expect(Self.isValid(configuration, in: space))
                history.append(TrialObservation(configuration: configuration, outcome: .completed(loss: Double(index))))
            }
        }
    }

    @Test("the strategies are registered under their names with their declared defaults")
    func registry() {
        for name in Self.names { #expect(SearchStrategyRegistry.strategy(named: name) != nil) }
        let tpe = TPESearch(options: Hyperparameters().withDefaults(from: TPESearch.schema))
        #expect(tpe.initialTrials == 10 && tpe.candidates == 24 && tpe.gamma == nil && tpe.multivariate)
        #expect(tpe.constantLiar && tpe.priorWeight == 1 && !tpe.considerEndpoints)
        let evolution = GeneticSearch(options: Hyperparameters().withDefaults(from: GeneticSearch.schema))
        #expect(evolution.population == 20 && evolution.tournamentSize == 3 && evolution.elites == 1)
        #expect(evolution.crossoverRate == 0.9 && evolution.mutationRate == nil)
        let cmaes = CMAESSearch(options: Hyperparameters().withDefaults(from: CMAESSearch.schema))
        #expect(cmaes.population == nil && cmaes.sigma0 == 1.0 / 6)
    }

    @Test("TPE's first trials are random search's, and the good group has min(ceil(0.1 n), 25) trials")
    func tpeStart() throws {
        let space = Self.mixedSpace
        let random = try RandomSearch(options: Hyperparameters(["trials": .int(10)])).proposals(for: space, seed: 4)
        let tpe = TPESearch(options: Hyperparameters())
        var history: [TrialObservation] = []
        for index in 0..<10 {
            let configuration = try tpe.suggest(index: index, in: space, history: history, pending: [], seed: 4)
            #expect(configuration == random[index])
            history.append(TrialObservation(configuration: configuration, outcome: .completed(loss: 0)))
        }
        #expect([1, 10, 11, 30, 241, 250, 1000].map { tpe.goodCount(informative: $0) } == [1, 1, 2, 3, 25, 25, 25])
        let fraction = TPESearch(options: Hyperparameters(["gamma": .double(0.25)]))
        #expect([1, 4, 5, 400].map { fraction.goodCount(informative: $0) } == [1, 1, 2, 100])
    }

    @Test("trials rank completed by loss, then pruned by resource reached and loss, then failed")
    func ranking() {
        let outcomes: [TrialObservation.Outcome] = [
            .failed, .pruned(loss: 0.1, resource: 1), .completed(loss: 3), .pruned(loss: nil, resource: 9),
            .pruned(loss: 5, resource: 4), .completed(loss: .nan), .completed(loss: 2),
            .pruned(loss: .nan, resource: 4),
        ]
        let order = outcomes.enumerated().map { TrialRanking($0.element, trial: $0.offset) }.sorted().map(\.trial)
        #expect(order == [6, 2, 4, 7, 1, 3, 0, 5])
    }
}
