import HyperplanCore

/// A replay of CMA-ES generations in progress: the distribution after `count` generations and, with margin,
/// the few before it that the coming generations' trials were sampled from.
///
/// Plain CMA-ES tells its update the evaluated configurations, which the history holds. CMA-ES with margin
/// tells it the unencoded samples, which the history does not hold; `CMAESResampling` regenerates them, from
/// the distribution each trial was sampled from. With a lag of L trials (concurrency − 1), trial i was sampled
/// after ⌊max(0, i − L)/λ⌋ generations, at most ⌈L/λ⌉ before its own generation, so that many earlier states
/// are kept.
package struct CMAESReplay: Sendable {
    /// The states after `count − states.count + 1 ... count` generations, oldest first.
    package private(set) var states: [CMAES]
    /// The number of generations applied.
    package private(set) var count = 0
    /// How many states are kept.
    let window: Int

    package init(initial: CMAES, resampling: CMAESResampling?) {
        states = [initial]
        let lambda = max(1, initial.populationSize)
        window = 1 + (resampling.map { ($0.lag + lambda - 1) / lambda } ?? 0)
    }

    /// The distribution after every generation applied.
    package var current: CMAES { states[states.count - 1] }

    /// The state after `generations` generations, if it is still kept.
    func state(after generations: Int) -> CMAES? {
        let position = states.count - 1 - (count - generations)
        return states.indices.contains(position) ? states[position] : nil
    }

    /// Applies generations `count ..< generations.count`.
    ///
    /// - Complexity: O(λn² + n³) per generation, plus, with `resampling`, O(λ · (10n + 1) · n²) at worst to
    ///   regenerate the samples.
    package mutating func apply(_ generations: CMAESGenerations, resampling: CMAESResampling?) {
        let n = generations.dimension, lambda = generations.populationSize
        guard n == current.dimension, lambda == current.populationSize else { return }
        while count < generations.count {
            var next = current
            let solutions = (0..<lambda).map { rank -> [Double] in
                let (trial, evaluated) = generations.member(rank, ofGeneration: count)
                if evaluated.contains(where: \.isNaN) { return next.mean }
                guard let resampling, let source = state(after: resampling.generation(sampling: trial, lambda))
                else { return evaluated }
                return resampling.tellPoint(trial: trial, evaluated: evaluated, sampledFrom: source)
            }
            next.update(sortedSolutions: solutions)
            states.append(next)
            if states.count > window { states.removeFirst(states.count - window) }
            count += 1
        }
    }
}

/// How the trials of a search with margin were sampled, so that a replay can regenerate their unencoded samples:
/// trial i drew from stream `search/cmaes/<i>` of `seed` the sample that `CMAESSearch` turned into its
/// configuration, after ⌊max(0, i − lag)/λ⌋ generations.
///
/// A regenerated sample is used only when it makes exactly the evaluated configuration again (same ordered
/// coordinates, bit for bit); a trial that was not sampled that way (a seed point, an edited experiment, another
/// concurrency) is told its evaluated coordinates, as in plain CMA-ES.
package struct CMAESResampling: Sendable {
    package let coordinates: UnitCoordinates
    package let seed: UInt64
    /// L: how many trials each suggestion runs ahead of the history (concurrency − 1).
    package let lag: Int

    package init(coordinates: UnitCoordinates, seed: UInt64, lag: Int) {
        self.coordinates = coordinates
        self.seed = seed
        self.lag = max(0, lag)
    }

    /// The number of generations before trial `trial`'s sample.
    func generation(sampling trial: Int, _ lambda: Int) -> Int { max(0, trial - lag) / max(1, lambda) }

    /// The point trial `trial` would have been told had it been sampled from `state`, if that sample makes
    /// `evaluated` again; `evaluated` otherwise.
    package func tellPoint(trial: Int, evaluated: [Double], sampledFrom state: CMAES) -> [Double] {
        var generator = SeededGenerator(seed: seed, key: "search/cmaes/\(trial)")
        let (tell, point) = state.sample(using: &generator)
        return evaluatedCoordinates(of: point) == evaluated.map(\.bitPattern) ? tell : evaluated
    }

    /// The bit patterns of the ordered coordinates of the configuration `CMAESSearch` makes of `point`.
    func evaluatedCoordinates(of point: [Double]) -> [UInt64]? {
        let ordered = coordinates.orderedDimensions
        var full = [Double](repeating: 0, count: coordinates.kinds.count)
        for (position, dimension) in ordered.enumerated() {
            full[dimension] =
                coordinates.kinds[dimension] == .integer
                ? coordinates.roundedInteger(point[position], dimension: dimension) : point[position]
        }
        guard let all = coordinates.coordinates(of: coordinates.configuration(at: full)) else { return nil }
        return ordered.map { all[$0].bitPattern }
    }

    /// Whether `other` regenerates the same samples (the same space, seed and lag).
    func isSame(as other: CMAESResampling) -> Bool {
        seed == other.seed && lag == other.lag && coordinates.space == other.coordinates.space
    }
}
