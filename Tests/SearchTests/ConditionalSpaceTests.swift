import Foundation
import HyperplanCore
import HyperplanTestSupport
import Search
import Testing

/// Conditional spaces (`model: {choice: [blocks]}`): a block's hyperparameters exist only when the block is
/// chosen, and every strategy must respect that.
@Suite("Conditional spaces: model blocks", .tags(.slow))
struct ConditionalSpaceTests {
    static func block(_ type: String) -> SearchSpace.Condition {
        .init(parent: "model.type", values: [.string(type)])
    }

    /// Three model blocks with their own hyperparameters, and an unconditional one every trial has.
    static let space = SearchSpace([
        .init(name: "model.type", domain: .choice([.string("knn"), .string("tree"), .string("linear")])),
        .init(
            name: "model.knn.k", domain: .integer(lower: 1, upper: 30, log: false, grid: nil), condition: block("knn")),
        .init(
            name: "model.tree.depth", domain: .integer(lower: 1, upper: 20, log: false, grid: nil),
            condition: block("tree")),
        .init(
            name: "model.tree.criterion", domain: .choice([.string("gini"), .string("entropy")]),
            condition: block("tree")),
        .init(
            name: "model.linear.C", domain: .logUniform(lower: 1e-3, upper: 1e3, grid: 5), condition: block("linear")),
        .init(name: "schedule.lr", domain: .uniform(lower: 0, upper: 1, grid: 3)),
    ])

    /// The linear block is best (0 at C = 10, lr = 0.5); the others are at least 1 worse.
    static func loss(_ configuration: Configuration) -> Double {
        let lr = configuration["schedule.lr"]?.doubleValue ?? .nan
        switch configuration["model.type"]?.stringValue {
        case "linear":
            let c = Foundation.log10(configuration["model.linear.C"]?.doubleValue ?? .nan)
            return (c - 1) * (c - 1) + (lr - 0.5) * (lr - 0.5)
        case "knn":
            return 1.5 + abs(Double(configuration["model.knn.k"]?.intValue ?? 0) - 10) / 30
        default:
            return 1 + Double(configuration["model.tree.depth"]?.intValue ?? 0) / 20
        }
    }

    @Test("the grid enumerates each block's own grid, and only the block's hyperparameters")
    func grid() throws {
        // (30 neighbour counts + 20 depths × 2 criteria + 5 values of C) × 3 learning rates.
        #expect(Self.space.gridSize == (30 + 40 + 5) * 3)
        let configurations = try GridSearch(options: Hyperparameters()).proposals(for: Self.space, seed: 0)
        #expect(configurations.count == 225)
        #expect(Set(configurations).count == 225)
        for configuration in configurations {
            #expect(Self.space.problem(with: configuration) == nil, "\(configuration.summary())")
        }
        let knn = configurations.filter { $0["model.type"] == .string("knn") }
        #expect(knn.count == 90)
        #expect(knn.allSatisfy { $0.entries.map(\.name) == ["model.type", "model.knn.k", "schedule.lr"] })
    }

    @Test("activity follows the parent's value, and a missing or stray hyperparameter is a problem")
    func activity() {
        let tree = Configuration([
            .init(name: "model.type", value: .string("tree")), .init(name: "model.tree.depth", value: .int(3)),
            .init(name: "model.tree.criterion", value: .string("gini")),
            .init(name: "schedule.lr", value: .double(0.1)),
        ])
        #expect(Self.space.activity(of: tree) == [true, false, true, true, false, true])
        #expect(Self.space.problem(with: tree) == nil)
        var stray = tree
        stray.entries.append(.init(name: "model.knn.k", value: .int(3)))
        #expect(Self.space.problem(with: stray) != nil)
        var missing = tree
        missing.entries.remove(at: 1)
        #expect(Self.space.problem(with: missing) != nil)
    }

    static let strategies: [String] = SearchStrategyRegistry.names.filter { $0 != "grid" }

    /// `trials` trials one after another (concurrency 1), each outcome known before the next suggestion.
    static func run(_ name: String, trials: Int, seed: UInt64) throws -> [Configuration] {
        guard let type = SearchStrategyRegistry.strategy(named: name) else { return [] }
        var options = Hyperparameters(["trials": .int(trials)])
        if name == "bayesian" {
            // Fewer acquisition candidates keep the unoptimised test build quick; the model is the same.
            options["candidates"] = .int(256)
            options["local_searches"] = .int(3)
        }
        let strategy = type.init(options: options)
        if let planned = strategy as? any PlannedSearch {
            return try planned.proposals(for: space, seed: seed)
        }
        guard let adaptive = strategy as? any AdaptiveSearch else { return [] }
        var history: [TrialObservation] = []
        for index in 0..<trials {
            let configuration = try adaptive.suggest(
                index: index, in: space, history: history, pending: [], seed: seed)
            history.append(
                TrialObservation(configuration: configuration, outcome: .completed(loss: loss(configuration))))
        }
        return history.map(\.configuration)
    }

    /// 60-trial runs of the model-based strategies and random search for seeds 1–5, shared by the tests below
    /// (the Gaussian process is slow in an unoptimised build).
    static let longRuns: [String: [[Configuration]]] = {
        var runs: [String: [[Configuration]]] = [:]
        for name in ["random", "tpe", "bayesian", "evolution"] {
            runs[name] = (UInt64(1)...5).map { seed in (try? run(name, trials: 60, seed: seed)) ?? [] }
        }
        return runs
    }()

    @Test("every strategy samples a block's hyperparameters only when the block is chosen", arguments: strategies)
    func onlyActive(_ name: String) throws {
        let configurations = try Self.run(name, trials: 40, seed: 5)
        #expect(configurations.count == 40)
        for configuration in configurations {
            #expect(Self.space.problem(with: configuration) == nil, "\(name): \(configuration.summary())")
        }
        let types = Set(configurations.compactMap { $0["model.type"]?.stringValue })
        #expect(types == ["knn", "tree", "linear"], "\(name) never tried some block")
    }

    /// The model-based strategies learn which block is best: over trials 30–59 of five seeds, random search
    /// picks the linear block about a third of the time; each of these must pick it more than 60% of the time.
    @Test(
        "model-based strategies concentrate on the best block", arguments: ["tpe", "bayesian", "evolution"])
    func concentrates(_ name: String) throws {
        var linear = 0, total = 0
        var randomLinear = 0
        for (runs, random) in zip(Self.longRuns[name] ?? [], Self.longRuns["random"] ?? []) {
            let later = runs.suffix(30)
            linear += later.filter { $0["model.type"] == .string("linear") }.count
            total += later.count
            randomLinear += random.suffix(30).filter { $0["model.type"] == .string("linear") }.count
        }
        #expect(total == 150)
        #expect(Double(randomLinear) / Double(total) < 0.45, "random search is not uniform over blocks")
        #expect(Double(linear) / Double(total) > 0.6, "\(name): \(linear) of \(total) later trials are linear")
    }

    @Test(
        "the best configuration each model-based strategy finds beats random search's", arguments: ["tpe", "bayesian"])
    func beatsRandom(_ name: String) throws {
        var wins = 0
        for (runs, random) in zip(Self.longRuns[name] ?? [], Self.longRuns["random"] ?? []) {
            let best = runs.map(Self.loss).min() ?? .infinity
            if best < random.map(Self.loss).min() ?? .infinity { wins += 1 }
        }
        #expect(wins >= 4, "\(name) beat random search on \(wins) of 5 seeds")
    }

    /// `cmaes` draws the block at random (as Optuna's CmaEsSampler does for categorical parameters), then runs one
    /// CMA-ES per block: within the linear block, its last 10 trials are better than its first 10 on each seed.
    @Test("cmaes runs one CMA-ES per block, which improves within the block")
    func cmaesPerBlock() throws {
        for seed in UInt64(1)...5 {
            let linear = try Self.run("cmaes", trials: 90, seed: seed).filter { $0["model.type"] == .string("linear") }
            #expect(linear.count >= 20)
            let first = linear.prefix(10).map(Self.loss).sorted()[5]
            let last = linear.suffix(10).map(Self.loss).sorted()[5]
            #expect(
                last < first / 2, "seed \(seed): median loss of the block's first 10 trials \(first), last 10 \(last)")
        }
    }
}
