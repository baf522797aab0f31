package import HyperplanCore

/// A Latin hypercube of `trials` points over the unit cube of the space, one coordinate per dimension, each mapped
/// to a value with `Domain.value(atUnit:)`: along every dimension, each of `trials` equal slices of its unit
/// interval holds exactly one configuration (`LatinHypercube`).
///
/// A Latin hypercube depends on `trials`: every coordinate is placed among `trials` slices, so raising `trials`
/// gives a new design that shares no configuration with the old one, and the content-addressed cache can reuse
/// none of the earlier trials. That is inherent to the method; `sobol` keeps its earlier points.
///
/// Along an integer or categorical dimension of c values, slices map onto values in order, so each value gets
/// `trials`/c configurations when c divides `trials`; otherwise ⌊trials/c⌋ or ⌈trials/c⌉ when centered, and at
/// most one fewer or more with random positions (a slice straddling two values' shares gives its point to one).
/// `optimization: maximin` draws `candidates` designs from the seed and keeps the one whose two closest
/// configurations are farthest apart in unit coordinates (candidate 0 is the `none` design).
package struct LatinHypercubeSearch: PlannedSearch {
    package static let name = "latin_hypercube"
    package static let summary = "a Latin hypercube: every dimension cut into trials slices, one configuration each"
    package static let schema = OptionSchema([
        OptionSpec(
            "trials", .integer(min: 1, max: 1_000_000), default: .int(20), searchable: false,
            summary: "number of configurations, and of slices per dimension (changing it changes every point)"),
        OptionSpec(
            "centered", .boolean, default: .bool(false), searchable: false,
            summary: "place each point at the centre of its slice instead of at a random position in it"),
        OptionSpec(
            "optimization", .enumeration(["none", "maximin"]), default: .string("none"), searchable: false,
            summary: "maximin: keep, of 'candidates' designs, the one whose closest two points are farthest apart"),
        OptionSpec(
            "candidates", .integer(min: 1, max: 10_000), default: .int(20), searchable: false,
            summary: "number of designs compared by optimization 'maximin'"),
    ])
    package static let needsFiniteSpace = false
    /// The most squared-difference terms `maximin` may compute (candidates · trials(trials − 1)/2 · dimensions),
    /// so that planning stays interactive.
    package static let maximinWorkLimit = 1_000_000_000

    /// How the design is chosen among seeded candidates.
    package enum Optimization: String, Sendable, Hashable {
        /// The first candidate.
        case none
        /// The candidate with the largest smallest distance between two points.
        case maximin
    }

    package var trials: Int
    package var centered: Bool
    package var optimization: Optimization
    package var candidates: Int

    package init(options: Hyperparameters) {
        trials = options.int("trials") ?? 20
        centered = options.bool("centered") ?? false
        optimization = Optimization(rawValue: options.string("optimization") ?? "none") ?? .none
        candidates = options.int("candidates") ?? 20
    }

    package init(trials: Int, centered: Bool = false, optimization: Optimization = .none, candidates: Int = 20) {
        self.trials = trials
        self.centered = centered
        self.optimization = optimization
        self.candidates = candidates
    }

    /// The design's values, in the order of the design's points.
    ///
    /// - Throws: `SearchError` when `maximin` would compute more than `maximinWorkLimit` distance terms.
    /// - Complexity: O(trials · dimensions); with `maximin`, O(candidates · trials² · dimensions) at worst.
    package func proposals(for space: SearchSpace, seed: UInt64) throws(SearchError) -> [Configuration] {
        let dimensions = space.dimensions.count
        switch optimization {
        case .none:
            return LatinHypercube.design(count: trials, dimensions: dimensions, centered: centered, seed: seed)
                .configurations(in: space)
        case .maximin:
            let work = LatinHypercube.maximinWork(count: trials, dimensions: dimensions, candidates: candidates)
            guard work <= LatinHypercubeSearch.maximinWorkLimit else {
                throw SearchError(
                    "optimization 'maximin' would compare \(candidates) designs of \(trials) points in "
                        + "\(dimensions) dimensions, more than \(LatinHypercubeSearch.maximinWorkLimit) distance "
                        + "terms; lower 'candidates' or 'trials', or use optimization 'none'")
            }
            return LatinHypercube.maximinDesign(
                count: trials, dimensions: dimensions, centered: centered, seed: seed, candidates: candidates
            ).configurations(in: space)
        }
    }
}
