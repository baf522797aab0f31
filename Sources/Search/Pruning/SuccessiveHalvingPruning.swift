import Foundation
package import HyperplanCore

/// Successive halving: rungs at min_resource × η^(k + s) (s the `min_early_stopping_rate`); at each rung a
/// trial goes on only when its value is among the best 1/η of the values its rung has seen (`RungPromotion`).
///
/// Every earlier trial's value at the rung counts, including trials stopped there, so a rung's standard
/// only rises. This is the asynchronous rule (ASHA): no trial waits for a rung to fill, which under the
/// executor's logical ordering is also what makes it deterministic. `asha` is the same rule under its
/// other name.
package struct SuccessiveHalvingPruning: PruningRule {
    package static let name = "successive_halving"
    package static let summary = "keep the best 1/η of the trials at each rung min_resource × η^k"
    package static let schema = OptionSchema([
        PruningOptions.minResource(default: 1),
        PruningOptions.reductionFactor(default: 4),
        OptionSpec(
            "min_early_stopping_rate", .integer(min: 0, max: 64), default: .int(0), searchable: false,
            summary: "s: the first rung is min_resource × η^s"),
        PruningOptions.maxResource,
    ])
    package static let comparesWithCompletedTrialsOnly = false

    package var minResource: Int
    package var reductionFactor: Int
    package var minEarlyStoppingRate: Int

    package init(options: Hyperparameters, maxResource: Int?) {
        minResource = options.int("min_resource") ?? 1
        reductionFactor = max(2, options.int("reduction_factor") ?? 4)
        minEarlyStoppingRate = options.int("min_early_stopping_rate") ?? 0
    }

    package func bracket(ofTrial index: Int, seed: UInt64) -> Int { 0 }

    package func isCheckpoint(_ resource: Int, bracket: Int) -> Bool {
        Self.isRung(resource, minResource: minResource, reductionFactor: reductionFactor, rate: minEarlyStoppingRate)
    }

    package func shouldPrune(value: Double, best: Double, competitors: [Double], completedTrials: Int) -> Bool {
        !RungPromotion.isPromoted(value: value, competitors: competitors, reductionFactor: reductionFactor)
    }

    /// Whether `resource` is min_resource × η^(k + rate) for some k ≥ 0.
    static func isRung(_ resource: Int, minResource: Int, reductionFactor: Int, rate: Int) -> Bool {
        var rung = minResource
        for _ in 0..<rate {
            let (next, overflow) = rung.multipliedReportingOverflow(by: reductionFactor)
            if overflow { return false }
            rung = next
        }
        while rung < resource {
            let (next, overflow) = rung.multipliedReportingOverflow(by: reductionFactor)
            if overflow { return false }
            rung = next
        }
        return rung == resource
    }
}

/// `asha`: the same rule as `successive_halving` (which is already asynchronous), under the name of the
/// paper that introduced it.
package struct AsynchronousSuccessiveHalvingPruning: PruningRule {
    package static let name = "asha"
    package static let summary = "asynchronous successive halving; the same rule as successive_halving"
    package static let schema = SuccessiveHalvingPruning.schema
    package static let comparesWithCompletedTrialsOnly = false

    var rule: SuccessiveHalvingPruning

    package init(options: Hyperparameters, maxResource: Int?) {
        rule = SuccessiveHalvingPruning(options: options, maxResource: maxResource)
    }

    package func bracket(ofTrial index: Int, seed: UInt64) -> Int { 0 }

    package func isCheckpoint(_ resource: Int, bracket: Int) -> Bool { rule.isCheckpoint(resource, bracket: bracket) }

    package func shouldPrune(value: Double, best: Double, competitors: [Double], completedTrials: Int) -> Bool {
        rule.shouldPrune(value: value, best: best, competitors: competitors, completedTrials: completedTrials)
    }
}
