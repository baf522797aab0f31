import Foundation
import HyperplanCore
import Search
import Testing

/// The replay memo may change how long a suggestion takes, never what it is: every state it returns must be,
/// bit for bit, the state a replay from scratch gives.
@Suite("CMA-ES replay memo")
struct CMAESReplayMemoTests {
    static let space = SearchSpace(
        [
            .init(name: "a", domain: .uniform(lower: -5, upper: 5, grid: nil)),
            .init(name: "b", domain: .logUniform(lower: 1e-3, upper: 10, grid: nil)),
            .init(name: "c", domain: .integer(lower: 1, upper: 20, log: false, grid: nil)),
            .init(name: "d", domain: .uniform(lower: 0, upper: 1, grid: nil)),
        ])

    /// A sequential search of `trials` trials on a shifted sphere, as `(history, coordinates)`.
    static func history(trials: Int, seed: UInt64) throws -> [TrialObservation] {
        let strategy = CMAESSearch(options: Hyperparameters())
        let coordinates = UnitCoordinates(space)
        var history: [TrialObservation] = []
        for index in 0..<trials {
            let configuration = try strategy.suggest(
                index: index, in: space, history: history, pending: [], seed: seed)
            let x = coordinates.coordinates(of: configuration) ?? []
            let loss = x.map { ($0 - 0.3) * ($0 - 0.3) }.reduce(0, +)
            history.append(TrialObservation(configuration: configuration, outcome: .completed(loss: loss)))
        }
        return history
    }

    static func same(_ a: CMAES, _ b: CMAES) -> Bool {
        a.generation == b.generation && a.sigma.bitPattern == b.sigma.bitPattern
            && a.mean.elementsEqual(b.mean) { $0.bitPattern == $1.bitPattern }
            && a.covariance.elementsEqual(b.covariance) { $0.bitPattern == $1.bitPattern }
    }

    static let initial = CMAES(mean: [Double](repeating: 0.5, count: 4), sigma: 1.0 / 6)

    static func generations(_ history: [TrialObservation]) -> CMAESGenerations {
        CMAESGenerations(
            history: history, coordinates: UnitCoordinates(space), populationSize: initial.populationSize)
    }

    @Test("replays of growing histories, from the memo, equal replays from scratch bit for bit")
    func growingHistory() throws {
        let history = try Self.history(trials: 90, seed: 11)
        let coordinates = UnitCoordinates(Self.space)
        let memo = CMAESReplayMemo()
        for length in 0...history.count {
            let prefix = Array(history.prefix(length))
            let remembered = memo.state(history: prefix, coordinates: coordinates, from: Self.initial)
            let scratch = Self.initial.replaying(Self.generations(prefix))
            #expect(Self.same(remembered, scratch), "history of \(length) trials")
            #expect(remembered.generation == length / Self.initial.populationSize)
        }
        // Every replay after the first generation started from a stored state.
        #expect(memo.hits >= history.count - Self.initial.populationSize)
    }

    @Test("a history that differs in an early trial is replayed from scratch, not from the stored state")
    func divergingHistory() throws {
        let history = try Self.history(trials: 40, seed: 3)
        let coordinates = UnitCoordinates(Self.space)
        let memo = CMAESReplayMemo()
        _ = memo.state(history: history, coordinates: coordinates, from: Self.initial)
        // The same trials with the first trial's loss made the worst: generation 0 ranks differently.
        var changed = history
        changed[0] = TrialObservation(configuration: history[0].configuration, outcome: .completed(loss: 1e9))
        let hitsBefore = memo.hits
        let remembered = memo.state(history: changed, coordinates: coordinates, from: Self.initial)
        #expect(memo.hits == hitsBefore)
        #expect(Self.same(remembered, Self.initial.replaying(Self.generations(changed))))
        #expect(!Self.same(remembered, Self.initial.replaying(Self.generations(history))))
        // A different initial step size, or another space, never reuses the other search's states either.
        let wider = CMAES(mean: [Double](repeating: 0.5, count: 4), sigma: 0.2)
        let state = memo.state(history: changed, coordinates: coordinates, from: wider)
        #expect(Self.same(state, wider.replaying(Self.generations(changed))))
        var dimensions = Self.space.dimensions
        dimensions[0] = .init(name: "a", domain: .uniform(lower: -5, upper: 6, grid: nil))
        let stretched = UnitCoordinates(SearchSpace(dimensions))
        let other = memo.state(history: changed, coordinates: stretched, from: Self.initial)
        #expect(
            Self.same(
                other,
                Self.initial.replaying(
                    CMAESGenerations(
                        history: changed, coordinates: stretched, populationSize: Self.initial.populationSize))))
        #expect(memo.hits == hitsBefore)
    }

    @Test("histories agree bit for bit: a copied configuration matches, −0 and 0 do not")
    func agreement() throws {
        let history = try Self.history(trials: 12, seed: 2)
        // Rebuilt entries: equal values in new storage.
        let copied = history.map { observation in
            TrialObservation(
                configuration: Configuration(
                    observation.configuration.entries.map { .init(name: $0.name, value: $0.value) }),
                outcome: observation.outcome)
        }
        #expect(CMAESGenerations.historiesAgree(history, copied, upTo: 12))
        var signed = copied
        signed[5] = TrialObservation(configuration: copied[5].configuration, outcome: .completed(loss: 0))
        var unsigned = copied
        unsigned[5] = TrialObservation(configuration: copied[5].configuration, outcome: .completed(loss: -0.0))
        #expect(!CMAESGenerations.historiesAgree(signed, unsigned, upTo: 12))
        #expect(CMAESGenerations.historiesAgree(signed, unsigned, upTo: 5))
        // A prefix's generations extended by the rest are the whole history's.
        let whole = Self.generations(history)
        let extended = CMAESGenerations(
            extending: Self.generations(Array(history.prefix(8))), history: history,
            coordinates: UnitCoordinates(Self.space))
        #expect(extended.trials == whole.trials)
        #expect(extended.solutions.map(\.bitPattern) == whole.solutions.map(\.bitPattern))
    }

    @Test("interleaved searches beyond the capacity still replay exactly")
    func eviction() throws {
        let coordinates = UnitCoordinates(Self.space)
        let histories = try (1...3).map { try Self.history(trials: 30, seed: UInt64($0)) }
        let memo = CMAESReplayMemo(capacity: 2)
        for length in stride(from: 0, through: 30, by: 3) {
            for history in histories {
                let prefix = Array(history.prefix(length))
                #expect(
                    Self.same(
                        memo.state(history: prefix, coordinates: coordinates, from: Self.initial),
                        Self.initial.replaying(Self.generations(prefix))))
            }
        }
    }

    @Test("a configuration outside the space is replayed as the mean and ranked last")
    func foreignConfiguration() throws {
        var history = try Self.history(trials: 16, seed: 5)
        history[2] = TrialObservation(
            configuration: Configuration([.init(name: "a", value: .double(99))]), outcome: .completed(loss: -1))
        let generations = CMAESGenerations(
            history: history, coordinates: UnitCoordinates(Self.space), populationSize: Self.initial.populationSize)
        let lambda = Self.initial.populationSize
        let last = generations.member(lambda - 1, ofGeneration: 0)
        #expect(last.trial == 2 && last.coordinates.allSatisfy(\.isNaN))
        #expect(
            (0..<(lambda - 1)).allSatisfy {
                !generations.member($0, ofGeneration: 0).coordinates.contains(where: \.isNaN)
            })
    }
}
