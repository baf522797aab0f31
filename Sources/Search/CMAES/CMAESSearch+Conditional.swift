import HyperplanCore

extension CMAESSearch {
    /// A suggestion in a conditional space: the choices first, uniformly at random from stream
    /// `search/cmaes/<i>/choices` (only those whose condition holds, parents before children); then the ordered
    /// dimensions that exist at that point are sampled from a CMA-ES over them alone, replayed from the trials of
    /// `history` that have exactly those ordered dimensions (the same model block), stream `search/cmaes/<i>`.
    ///
    /// Each block thus runs its own CMA-ES, its generations made of its own trials in trial order; unconditional
    /// ordered dimensions (a schedule shared by every block) belong to every block's CMA-ES. With `margin`, a
    /// block's replay cannot regenerate samples drawn under another trial numbering, so its update uses the
    /// evaluated configurations (as for seed points).
    func conditionalSuggestion(
        index: Int, in space: SearchSpace, history: [TrialObservation], pending: [Configuration], seed: UInt64
    ) -> Configuration {
        let coordinates = UnitCoordinates(space)
        var point = [Double](repeating: .nan, count: space.dimensions.count)
        var choices = SeededGenerator(seed: seed, key: "search/cmaes/\(index)/choices")
        for (dimension, kind) in coordinates.kinds.enumerated() {
            guard case .categorical(let count) = kind, coordinates.activity(at: point)[dimension] else { continue }
            point[dimension] = Double(choices.nextInt(below: count))
        }
        let active = coordinates.activity(at: point)
        let ordered = coordinates.orderedDimensions.filter { active[$0] }
        guard !ordered.isEmpty else { return coordinates.configuration(at: point) }
        let names = ordered.map { space.dimensions[$0].name }
        let nameSet = Set(names)
        let allOrdered = Set(coordinates.orderedDimensions.map { space.dimensions[$0].name })
        // The block's own subspace, unconditional, and the earlier trials that lived in it.
        let subspace = SearchSpace(
            ordered.map { SearchSpace.Dimension(name: space.dimensions[$0].name, domain: space.dimensions[$0].domain) })
        let block = history.compactMap { observation -> TrialObservation? in
            let present = Set(observation.configuration.entries.map(\.name)).intersection(allOrdered)
            guard present == nameSet else { return nil }
            let entries = names.compactMap { name in
                observation.configuration[name].map { Configuration.Entry(name: name, value: $0) }
            }
            return TrialObservation(configuration: Configuration(entries), outcome: observation.outcome)
        }
        let strategy = distribution(
            history: block, coordinates: UnitCoordinates(subspace), seed: seed, lag: pending.count)
        var generator = SeededGenerator(seed: seed, key: "search/cmaes/\(index)")
        let x = sample(from: strategy, using: &generator)
        for (position, dimension) in ordered.enumerated() {
            point[dimension] =
                coordinates.kinds[dimension] == .integer
                ? coordinates.roundedInteger(x[position], dimension: dimension) : x[position]
        }
        return coordinates.configuration(at: point)
    }
}
