package import HyperplanCore

/// The first `trials` points of a (by default scrambled) Sobol' sequence over the unit cube of the space, one
/// coordinate per dimension, each mapped to a value with `Domain.value(atUnit:)`.
///
/// Trial i is point i of the sequence, so raising `trials` keeps the earlier configurations. The sequence's
/// balance properties (every 2ᵐ prefix has one point in each of 2ᵐ equal slices of every dimension) hold for
/// powers of two, so 16, 32 or 64 trials cover the space more evenly than 20, 40 or 50. With `scramble: true`
/// the points are Owen's LMS+shift scrambling drawn from the experiment's seed (`SobolSequence`); with
/// `scramble: false` they are the plain sequence, the same for every seed, and trial 0 is the origin: every
/// dimension at its lower end (its first choice). That first point is kept, as SciPy keeps it: dropping it
/// would break the balance of every 2ᵐ prefix (Owen, "On dropping the first Sobol' point", 2020).
package struct SobolSearch: PlannedSearch {
    package static let name = "sobol"
    package static let summary = "a scrambled Sobol' low-discrepancy sequence over the space"
    package static let schema = OptionSchema([
        OptionSpec(
            "trials", .integer(min: 1, max: 1_000_000), default: .int(20), searchable: false,
            summary: "number of configurations: the first trials points of the sequence (powers of 2 balance best)"),
        OptionSpec(
            "scramble", .boolean, default: .bool(true), searchable: false,
            summary: "scramble the sequence from the seed (LMS + digital shift); false gives the plain sequence"),
    ])
    package static let needsFiniteSpace = false

    package var trials: Int
    package var scramble: Bool

    package init(options: Hyperparameters) {
        trials = options.int("trials") ?? 20
        scramble = options.bool("scramble") ?? true
    }

    package init(trials: Int, scramble: Bool = true) {
        self.trials = trials
        self.scramble = scramble
    }

    /// The points' values, trial i from point i of the sequence.
    ///
    /// - Throws: `SearchError` when the space has more than 1111 dimensions.
    /// - Complexity: O(trials · dimensions), plus O(dimensions · 30²) to scramble.
    package func proposals(for space: SearchSpace, seed: UInt64) throws(SearchError) -> [Configuration] {
        guard space.dimensions.count <= SobolSequence.maximumDimensions else {
            throw SearchError(
                "strategy 'sobol' searches at most \(SobolSequence.maximumDimensions) hyperparameters, "
                    + "not \(space.dimensions.count)")
        }
        let sequence = try SobolSequence(
            dimensions: space.dimensions.count, scrambleSeed: scramble ? seed : nil)
        return try sequence.points(count: trials).configurations(in: space)
    }
}
