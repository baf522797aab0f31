package import HyperplanCore

/// How configurations are chosen from the search space (`search.strategy`).
///
/// A new strategy is one file with a type conforming to `PlannedSearch` or `AdaptiveSearch` plus a line in
/// `SearchStrategyRegistry.all`.
package protocol SearchStrategy: Sendable {
    /// The name used in `search.strategy`.
    static var name: String { get }
    static var summary: String { get }
    /// The strategy's own options in the `search` section.
    static var schema: OptionSchema { get }
    /// Whether the strategy can only search finite spaces (every dimension enumerable).
    static var needsFiniteSpace: Bool { get }

    /// A strategy from validated options (defaults filled in).
    init(options: Hyperparameters)
}

/// A strategy that proposes every configuration up front, which lets the planner lay the whole trial DAG out
/// before anything runs. Configuration i must depend only on the seed and i, never on how many
/// configurations are asked for, so that raising `trials` keeps the earlier ones (or the strategy's
/// documentation says why it cannot, as a Latin hypercube cannot).
package protocol PlannedSearch: SearchStrategy {
    /// The configurations to evaluate, in trial order.
    ///
    /// - Throws: `SearchError` when the space cannot be searched this way.
    func proposals(for space: SearchSpace, seed: UInt64) throws(SearchError) -> [Configuration]
}

/// A strategy that learns from finished trials: each suggestion depends on the outcomes before it.
///
/// Results never depend on timing. With logical concurrency c, trial i is suggested from the outcomes of
/// trials 0 ..< max(0, i − c + 1), in trial order, and the configurations of the trials after those up to
/// i − 1, which are pending (suggested, outcome not yet counted). The executor may finish trials in any order;
/// it holds suggestion i back until its history is complete. `suggest` must be a pure function of its
/// arguments: randomness from `SeededGenerator(seed:key:)` streams keyed by `index`.
package protocol AdaptiveSearch: SearchStrategy {
    /// How many trials to run.
    var trials: Int { get }

    /// The configuration of trial `index`.
    ///
    /// - Parameters:
    ///   - history: the outcomes of trials 0 ..< history.count, in trial order.
    ///   - pending: the configurations of trials history.count ..< index.
    /// - Throws: `SearchError` when the space cannot be searched this way.
    func suggest(
        index: Int, in space: SearchSpace, history: [TrialObservation], pending: [Configuration], seed: UInt64
    ) throws(SearchError) -> Configuration
}

/// What an adaptive strategy sees of one earlier trial.
package struct TrialObservation: Sendable, Hashable {
    package enum Outcome: Sendable, Hashable {
        /// The trial's objective, oriented so that lower is better (a maximised metric is negated).
        case completed(loss: Double)
        /// The trial failed (an exception, NaN, a timeout): no information about its configuration's quality.
        case failed
        /// Stopped early by pruning after `resource` units, with the last intermediate loss, if any.
        case pruned(loss: Double?, resource: Int)
    }

    package var configuration: Configuration
    package var outcome: Outcome

    package init(configuration: Configuration, outcome: Outcome) {
        self.configuration = configuration
        self.outcome = outcome
    }

    /// The loss of a completed trial.
    package var loss: Double? {
        if case .completed(let loss) = outcome { return loss }
        return nil
    }
}

/// Why a space cannot be searched as asked.
package struct SearchError: Error, Sendable, Hashable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}

/// Every registered search strategy.
package enum SearchStrategyRegistry {
    package static let all: [any SearchStrategy.Type] = [
        GridSearch.self,
        RandomSearch.self,
        SobolSearch.self,
        LatinHypercubeSearch.self,
        TPESearch.self,
        GeneticSearch.self,
        CMAESSearch.self,
        BayesianSearch.self,
    ]

    package static func strategy(named name: String) -> (any SearchStrategy.Type)? { all.first { $0.name == name } }

    package static var names: [String] { all.map { $0.name } }
}

/// The logical concurrency of sequenced searches (`search.concurrency`).
package enum SearchConcurrency {
    /// Trial i is suggested (and judged by pruning) from the outcomes of trials before i − 4 + 1.
    package static let `default` = 4
}
