import HyperplanCore

/// The ranked solutions of every complete generation of a history: all that a CMA-ES replay reads from it.
///
/// Generation k is trials kλ ..< (k+1)λ; a generation is complete when all λ of its trials are in the history.
/// Its members are ranked by `TrialRanking` (completed by loss, then pruned, then failed) and stored best first
/// as the ordered coordinates of their evaluated configurations. A member whose configuration is not a point of
/// the space (the experiment changed under a resumed run) is stored as n NaNs and ranked as a failure; the
/// replay substitutes the distribution's mean at that generation for it.
///
/// Two histories with equal `CMAESGenerations` (bit for bit, see `sharesGenerations(with:upTo:)`) replay to
/// the same distribution (with margin, given the same `CMAESResampling`), which is what lets `CMAESReplayMemo`
/// reuse a replay without changing any result.
package struct CMAESGenerations: Sendable {
    /// n, the number of ordered (continuous and integer) dimensions.
    package let dimension: Int
    /// λ, the trials per generation.
    package let populationSize: Int
    /// count × λ × n coordinates, generation by generation, each generation best first.
    package let solutions: [Double]
    /// count × λ trial indices, in the order of `solutions`.
    package let trials: [Int]

    /// The complete generations of `history`.
    ///
    /// - Complexity: O(h n + h log λ) for a history of h trials.
    package init(history: [TrialObservation], coordinates: UnitCoordinates, populationSize: Int) {
        let ordered = coordinates.orderedDimensions
        let n = ordered.count
        dimension = n
        self.populationSize = populationSize
        let complete = populationSize > 0 ? history.count / populationSize * populationSize : 0
        var solutions: [Double] = []
        solutions.reserveCapacity(complete * n)
        var trials: [Int] = []
        trials.reserveCapacity(complete)
        var start = 0
        while start < complete {
            let members = (start..<(start + populationSize)).map { trial -> (TrialRanking, [Double]?) in
                let observation = history[trial]
                guard let all = coordinates.coordinates(of: observation.configuration) else {
                    return (TrialRanking(.failed, trial: trial), nil)
                }
                return (TrialRanking(observation.outcome, trial: trial), ordered.map { all[$0] })
            }
            for (ranking, x) in members.sorted(by: { $0.0 < $1.0 }) {
                if let x { solutions += x } else { solutions += repeatElement(Double.nan, count: n) }
                trials.append(ranking.trial)
            }
            start += populationSize
        }
        self.solutions = solutions
        self.trials = trials
    }

    /// The number of complete generations.
    package var count: Int {
        let stride = populationSize * dimension
        return stride > 0 ? solutions.count / stride : 0
    }

    /// The member of rank `rank` (0 the best) of generation `generation`: its trial and its coordinates (NaN
    /// when its configuration is not a point of the space).
    package func member(_ rank: Int, ofGeneration generation: Int) -> (trial: Int, coordinates: [Double]) {
        let index = generation * populationSize + rank
        return (trials[index], Array(solutions[(index * dimension)..<((index + 1) * dimension)]))
    }

    /// Whether the first `generations` generations of `self` and `other` are the same: the same trials in the
    /// same ranks, with the same coordinates bit for bit (so that −0 and 0 differ, and a NaN equals itself).
    ///
    /// - Complexity: O(generations λ n).
    package func sharesGenerations(with other: CMAESGenerations, upTo generations: Int) -> Bool {
        guard dimension == other.dimension, populationSize == other.populationSize, generations <= count,
            generations <= other.count
        else { return false }
        let length = generations * populationSize * dimension
        guard
            trials.prefix(generations * populationSize).elementsEqual(other.trials.prefix(generations * populationSize))
        else { return false }
        return solutions.withUnsafeBufferPointer { mine in
            other.solutions.withUnsafeBufferPointer { theirs in
                for index in 0..<length where mine[index].bitPattern != theirs[index].bitPattern { return false }
                return true
            }
        }
    }
}

extension CMAESGenerations {
    /// `prefix`'s generations followed by those of `history` after them: the same value as
    /// `CMAESGenerations(history:coordinates:populationSize:)` when `prefix` was made from the first
    /// `prefix.count` generations of the same history and the same coordinates.
    ///
    /// - Complexity: O((h − p) n) for p trials in `prefix`.
    package init(extending prefix: CMAESGenerations, history: [TrialObservation], coordinates: UnitCoordinates) {
        let lambda = prefix.populationSize
        let known = prefix.count * lambda
        let rest = CMAESGenerations(
            history: Array(history.dropFirst(known)), coordinates: coordinates, populationSize: lambda)
        dimension = prefix.dimension
        populationSize = lambda
        solutions = prefix.solutions + rest.solutions
        trials = prefix.trials + rest.trials.map { $0 + known }
    }

    /// Whether two histories agree on their first `count` trials bit for bit: the same configurations (names,
    /// and values with reals compared by their bits) and the same outcomes (losses by their bits).
    ///
    /// - Complexity: O(count) when the configurations share storage, as a growing history's do; O(count · n)
    ///   otherwise.
    package static func historiesAgree(_ a: [TrialObservation], _ b: [TrialObservation], upTo count: Int) -> Bool {
        guard a.count >= count, b.count >= count else { return false }
        for index in 0..<count where !same(a[index], b[index]) { return false }
        return true
    }

    static func same(_ a: TrialObservation, _ b: TrialObservation) -> Bool {
        switch (a.outcome, b.outcome) {
        case (.completed(let x), .completed(let y)): guard x.bitPattern == y.bitPattern else { return false }
        case (.failed, .failed): break
        case (.pruned(let x, let r), .pruned(let y, let s)):
            guard r == s, x?.bitPattern == y?.bitPattern else { return false }
        default: return false
        }
        let left = a.configuration.entries, right = b.configuration.entries
        guard left.count == right.count else { return false }
        let shared = left.withUnsafeBufferPointer { l in
            right.withUnsafeBufferPointer { r in l.baseAddress == r.baseAddress }
        }
        return shared || zip(left, right).allSatisfy { $0.name == $1.name && same($0.value, $1.value) }
    }

    static func same(_ a: ParameterValue, _ b: ParameterValue) -> Bool {
        switch (a, b) {
        case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.double, _), (.list, _): return false
        default: return a == b
        }
    }
}
