import HyperplanCore

/// How configurations are chosen from the search space (`search.strategy`).
///
/// A new strategy is one file with a conforming type plus a line in `SearchStrategyRegistry.all`. The
/// strategies here propose every configuration up front, which lets the planner lay the whole trial DAG
/// out before anything runs. Configuration i must depend only on the seed and i, never on how many
/// configurations are asked for, so that raising `trials` keeps the earlier ones.
public protocol SearchStrategy: Sendable {
    /// The name used in `search.strategy`.
    static var name: String { get }
    static var summary: String { get }
    /// The strategy's own options in the `search` section.
    static var schema: OptionSchema { get }
    /// Whether the strategy can only search finite spaces (every dimension enumerable).
    static var needsFiniteSpace: Bool { get }

    /// A strategy from validated options (defaults filled in).
    init(options: Hyperparameters)

    /// The configurations to evaluate, in trial order.
    ///
    /// - Throws: `SearchError` when the space cannot be searched this way.
    func proposals(for space: SearchSpace, seed: UInt64) throws(SearchError) -> [Configuration]
}

/// Why a space cannot be searched as asked.
public struct SearchError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Every registered search strategy.
public enum SearchStrategyRegistry {
    public static let all: [any SearchStrategy.Type] = [
        GridSearch.self,
        RandomSearch.self,
    ]

    public static func strategy(named name: String) -> (any SearchStrategy.Type)? { all.first { $0.name == name } }

    public static var names: [String] { all.map { $0.name } }
}
