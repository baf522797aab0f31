import Foundation
import HyperplanCore
import Search
import Testing

/// CMA-ES with margin through the strategy: the replay must regenerate the unencoded samples of the trials the
/// strategy suggested (sequentially and with lag), and the memo must not change its result.
@Suite("CMA-ES with margin")
struct CMAESMarginTests {
    static let space = SearchSpace(
        [
            .init(name: "x", domain: .uniform(lower: -2, upper: 2, grid: nil)),
            .init(name: "depth", domain: .integer(lower: 1, upper: 6, log: false, grid: nil)),
            .init(name: "leaves", domain: .integer(lower: 2, upper: 256, log: true, grid: nil)),
            .init(name: "flag", domain: .integer(lower: 0, upper: 1, log: false, grid: nil)),
            .init(name: "kind", domain: .choice([.string("a"), .string("b")])),
        ])

    static func loss(_ configuration: Configuration) -> Double {
        let x = configuration["x"]?.doubleValue ?? 0
        let depth = Double(configuration["depth"]?.intValue ?? 0)
        let leaves = Double(configuration["leaves"]?.intValue ?? 1)
        let flag = Double(configuration["flag"]?.intValue ?? 0)
        return (x - 0.7) * (x - 0.7) + (depth - 4) * (depth - 4) + Foundation.log(leaves / 40)
            * Foundation.log(leaves / 40)
            + flag
    }

    /// A search of `trials` trials where trial i sees the outcomes of trials 0 ..< max(0, i − lag).
    static func run(trials: Int, lag: Int, seed: UInt64, margin: Bool = true) throws -> [TrialObservation] {
        let strategy = CMAESSearch(options: Hyperparameters(["margin": .bool(margin)]))
        var history: [TrialObservation] = []
        var made: [Configuration] = []
        for index in 0..<trials {
            let seen = max(0, index - lag)
            while history.count < seen {
                history.append(
                    TrialObservation(
                        configuration: made[history.count], outcome: .completed(loss: loss(made[history.count]))))
            }
            let configuration = try strategy.suggest(
                index: index, in: space, history: history, pending: Array(made[seen...]), seed: seed)
            made.append(configuration)
        }
        return made.map { TrialObservation(configuration: $0, outcome: .completed(loss: loss($0))) }
    }

    @Test("the margin covers the linear integers, not the log integer", arguments: [0, 3])
    func regeneratedSamples(lag: Int) throws {
        let coordinates = UnitCoordinates(Self.space)
        #expect(coordinates.marginGrids.map(\.coordinate) == [1, 3])
        #expect(coordinates.marginGrids.map(\.size) == [6, 2])
        let history = try Self.run(trials: 64, lag: lag, seed: 9)
        let strategy = CMAESSearch(options: Hyperparameters(["margin": .bool(true)]))
        let initial = CMAES(
            mean: [Double](repeating: 0.5, count: 4), sigma: 1.0 / 6, margin: coordinates.marginGrids)
        let generations = CMAESGenerations(
            history: history, coordinates: coordinates, populationSize: initial.populationSize)
        let resampling = CMAESResampling(coordinates: coordinates, seed: 9, lag: lag)
        var replay = CMAESReplay(initial: initial, resampling: resampling)
        var regenerated = 0
        for generation in 0..<generations.count {
            let source = replay.states  // the states this generation's trials were sampled from are among these
            for rank in 0..<initial.populationSize {
                let (trial, evaluated) = generations.member(rank, ofGeneration: generation)
                let before = max(0, trial - lag) / initial.populationSize
                let state = source[source.count - 1 - (replay.count - before)]
                let told = resampling.tellPoint(trial: trial, evaluated: evaluated, sampledFrom: state)
                // The unencoded sample differs from the evaluated integer coordinates; the evaluated ones would
                // come back unchanged if the regeneration had failed.
                if told != evaluated { regenerated += 1 }
            }
            replay.apply(
                CMAESGenerations(
                    history: Array(history.prefix((generation + 1) * initial.populationSize)),
                    coordinates: coordinates, populationSize: initial.populationSize), resampling: resampling)
        }
        #expect(generations.count == 64 / initial.populationSize)
        #expect(regenerated == generations.count * initial.populationSize)
        // Through the memo, the strategy's distribution is the replay from scratch, bit for bit.
        let remembered = strategy.distribution(history: history, coordinates: coordinates, seed: 9, lag: lag)
        let scratch = initial.replaying(generations, resampling: resampling)
        #expect(remembered.mean.map(\.bitPattern) == scratch.mean.map(\.bitPattern))
        #expect(remembered.covariance.map(\.bitPattern) == scratch.covariance.map(\.bitPattern))
        #expect(remembered.margin?.scales.map(\.bitPattern) == scratch.margin?.scales.map(\.bitPattern))
    }

    @Test("a seed point the strategy did not sample is told its evaluated coordinates")
    func foreignTrial() throws {
        var history = try Self.run(trials: 16, lag: 0, seed: 4)
        history[1] = TrialObservation(
            configuration: Configuration([
                .init(name: "x", value: .double(0.25)), .init(name: "depth", value: .int(2)),
                .init(name: "leaves", value: .int(16)), .init(name: "flag", value: .int(1)),
                .init(name: "kind", value: .string("a")),
            ]), outcome: .completed(loss: -100))
        let coordinates = UnitCoordinates(Self.space)
        let initial = CMAES(mean: [Double](repeating: 0.5, count: 4), sigma: 1.0 / 6, margin: coordinates.marginGrids)
        let generations = CMAESGenerations(
            history: history, coordinates: coordinates, populationSize: initial.populationSize)
        let (trial, evaluated) = generations.member(0, ofGeneration: 0)
        #expect(trial == 1)
        let resampling = CMAESResampling(coordinates: coordinates, seed: 4, lag: 0)
        #expect(resampling.tellPoint(trial: trial, evaluated: evaluated, sampledFrom: initial) == evaluated)
    }
}
