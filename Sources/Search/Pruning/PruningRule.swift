package import HyperplanCore

/// How unpromising trials are stopped early (`search.pruning`): a rule decides, at a trial's intermediate
/// resources (epochs of an iterative learner, steps a trial command reports), whether it goes on.
///
/// Rules are pure: a decision depends only on the trial's own values so far and the values earlier trials
/// reached at the same resource. The executor gives every fit the values of the trials in its suggestion's
/// history (the trials before i − concurrency + 1, on the same fold), so pruning, like suggesting, never
/// depends on which trial finished first. A new rule is one file plus a line in `PruningRegistry.all`.
package protocol PruningRule: Sendable {
    /// The name used in `search.pruning.type`.
    static var name: String { get }
    static var summary: String { get }
    /// The rule's options besides `type` (`min_resource`, `reduction_factor`, …).
    static var schema: OptionSchema { get }
    /// Whether only completed trials count as competitors (the median rule); otherwise every trial that
    /// reached the resource does (successive halving: pruned trials' values stay in their rung).
    static var comparesWithCompletedTrialsOnly: Bool { get }

    /// A rule from validated options (defaults filled in); `maxResource` is the resource a full trial
    /// reaches (the schedule's epochs), when known.
    init(options: Hyperparameters, maxResource: Int?)

    /// Which group of trials trial `index` competes in (Hyperband's brackets); 0 for rules with one group.
    func bracket(ofTrial index: Int, seed: UInt64) -> Int

    /// Whether `resource` is a point where trial `index` of `bracket` may be stopped.
    func isCheckpoint(_ resource: Int, bracket: Int) -> Bool

    /// Whether to stop a trial at a checkpoint.
    ///
    /// - Parameters:
    ///   - value: the trial's loss at `resource` (lower is better).
    ///   - best: the trial's best loss over the resources it has reported so far.
    ///   - competitors: losses at `resource` of the earlier trials of the same bracket that reached it.
    ///   - completedTrials: how many earlier completed trials there are in the bracket.
    func shouldPrune(value: Double, best: Double, competitors: [Double], completedTrials: Int) -> Bool
}

/// Every registered pruning rule.
package enum PruningRegistry {
    package static let all: [any PruningRule.Type] = [
        MedianPruning.self,
        SuccessiveHalvingPruning.self,
        AsynchronousSuccessiveHalvingPruning.self,
        HyperbandPruning.self,
    ]

    package static func rule(named name: String) -> (any PruningRule.Type)? { all.first { $0.name == name } }

    package static var names: [String] { all.map { $0.name } }
}

/// Options shared by the rules.
enum PruningOptions {
    static func minResource(default value: Int) -> OptionSpec {
        OptionSpec(
            "min_resource", .integer(min: 1, max: 1_000_000), default: .int(value), searchable: false,
            summary: "the first resource (epoch or step) at which a trial may be stopped")
    }

    static func reductionFactor(default value: Int) -> OptionSpec {
        OptionSpec(
            "reduction_factor", .integer(min: 2, max: 100), default: .int(value), searchable: false,
            summary: "η: rungs are min_resource × η^k, and about 1/η of the trials reaching a rung go on")
    }

    static let maxResource = OptionSpec(
        "max_resource", .integer(min: 1, max: 1_000_000), searchable: false,
        summary: "the resource of a full trial; by default the schedule's epochs")
}

/// Successive halving's promotion test, as Optuna's `SuccessiveHalvingPruner` (an implementation of ASHA,
/// Li et al. 2020) applies it: among the n values at a rung (the competitors and the trial's own), the trial
/// goes on when its value is at least as good as the ⌊n/η⌋-th best (the best, when n < η).
enum RungPromotion {
    static func isPromoted(value: Double, competitors: [Double], reductionFactor: Int) -> Bool {
        guard !value.isNaN else { return false }
        var all = competitors.filter { !$0.isNaN }
        all.append(value)
        all.sort()
        let position = max(0, all.count / reductionFactor - 1)
        return value <= all[position]
    }
}
