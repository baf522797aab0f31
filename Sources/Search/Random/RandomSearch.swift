package import HyperplanCore

/// Independent uniform draws from every dimension (log-uniform for log domains); a conditional dimension is
/// drawn only when its condition holds.
///
/// Trial i draws from the stream `search/random/i` of the experiment's seed, so it is the same whatever
/// `trials` is and whichever trials run first.
package struct RandomSearch: PlannedSearch {
    package static let name = "random"
    package static let summary = "independent random draws from every dimension"
    package static let schema = OptionSchema([
        OptionSpec(
            "trials", .integer(min: 1, max: 1_000_000), default: .int(20), searchable: false,
            summary: "number of configurations to draw")
    ])
    package static let needsFiniteSpace = false

    package var trials: Int

    package init(options: Hyperparameters) { trials = options.int("trials") ?? 20 }

    package func proposals(for space: SearchSpace, seed: UInt64) throws(SearchError) -> [Configuration] {
        (0..<trials).map { trial in
            var generator = SeededGenerator(seed: seed, key: "search/random/\(trial)")
            return space.sample(using: &generator)
        }
    }
}
