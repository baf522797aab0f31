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
/// the same distribution, which is what lets `CMAESReplayMemo` reuse a replay without changing any result.
package struct CMAESGenerations: Sendable {
    /// n, the number of ordered (continuous and integer) dimensions.
    package let dimension: Int
    /// λ, the trials per generation.
    package let populationSize: Int
    /// count × λ × n coordinates, generation by generation, each generation best first.
    package let solutions: [Double]

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
        var start = 0
        while start < complete {
            let members = (start..<(start + populationSize)).map { trial -> (TrialRanking, [Double]?) in
                let observation = history[trial]
                guard let all = coordinates.coordinates(of: observation.configuration) else {
                    return (TrialRanking(.failed, trial: trial), nil)
                }
                return (TrialRanking(observation.outcome, trial: trial), ordered.map { all[$0] })
            }
            for (_, x) in members.sorted(by: { $0.0 < $1.0 }) {
                if let x { solutions += x } else { solutions += repeatElement(Double.nan, count: n) }
            }
            start += populationSize
        }
        self.solutions = solutions
    }

    /// The number of complete generations.
    package var count: Int {
        let stride = populationSize * dimension
        return stride > 0 ? solutions.count / stride : 0
    }

    /// Generation `generation`'s members, best first, with NaN members replaced by `mean`.
    package func members(ofGeneration generation: Int, mean: [Double]) -> [[Double]] {
        let n = dimension
        let base = generation * populationSize * n
        return (0..<populationSize).map { member in
            let offset = base + member * n
            let x = Array(solutions[offset..<(offset + n)])
            return x.contains(where: \.isNaN) ? mean : x
        }
    }

    /// Whether the first `generations` generations of `self` and `other` are the same, bit for bit (so that −0
    /// and 0 differ, and a NaN equals itself).
    ///
    /// - Complexity: O(generations λ n).
    package func sharesGenerations(with other: CMAESGenerations, upTo generations: Int) -> Bool {
        guard dimension == other.dimension, populationSize == other.populationSize, generations <= count,
            generations <= other.count
        else { return false }
        let length = generations * populationSize * dimension
        return solutions.withUnsafeBufferPointer { mine in
            other.solutions.withUnsafeBufferPointer { theirs in
                for index in 0..<length where mine[index].bitPattern != theirs[index].bitPattern { return false }
                return true
            }
        }
    }
}
