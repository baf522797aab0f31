import Foundation
package import HyperplanCore

/// Hyperband (Li et al. 2018) over successive halving: brackets b = 0 … B − 1 with
/// B = ⌊log_η(max_resource / min_resource)⌋ + 1, bracket b running successive halving from rung
/// min_resource × η^b, so the brackets trade many cheaply judged trials against few patiently judged ones.
///
/// Each trial belongs to one bracket, drawn from its own seeded stream with probability proportional to the
/// bracket's budget ⌈B · η^(B−1−b) / (B − b)⌉ (the weights of Optuna's `HyperbandPruner`), and competes only
/// with the earlier trials of its bracket.
package struct HyperbandPruning: PruningRule {
    package static let name = "hyperband"
    package static let summary = "successive halving in brackets of different patience"
    package static let schema = OptionSchema([
        PruningOptions.minResource(default: 1),
        PruningOptions.reductionFactor(default: 3),
        PruningOptions.maxResource,
    ])
    package static let comparesWithCompletedTrialsOnly = false

    package var minResource: Int
    package var reductionFactor: Int
    package var bracketCount: Int

    package init(options: Hyperparameters, maxResource: Int?) {
        minResource = options.int("min_resource") ?? 1
        reductionFactor = max(2, options.int("reduction_factor") ?? 3)
        let top = options.int("max_resource") ?? maxResource ?? minResource
        var count = 1
        var rung = minResource
        while rung <= top / reductionFactor {
            rung *= reductionFactor
            count += 1
        }
        bracketCount = count
    }

    /// The bracket budgets, ⌈B · η^(B−1−b) / (B − b)⌉.
    var budgets: [Double] {
        (0..<bracketCount).map { bracket in
            let s = bracketCount - 1 - bracket
            return (Double(bracketCount) * pow(Double(reductionFactor), Double(s)) / Double(s + 1)).rounded(.up)
        }
    }

    package func bracket(ofTrial index: Int, seed: UInt64) -> Int {
        let weights = budgets
        var generator = SeededGenerator(seed: seed, key: "pruning/hyperband/\(index)")
        var draw = generator.nextUnitInterval() * weights.reduce(0, +)
        for (bracket, weight) in weights.enumerated() {
            if draw < weight { return bracket }
            draw -= weight
        }
        return bracketCount - 1
    }

    package func isCheckpoint(_ resource: Int, bracket: Int) -> Bool {
        SuccessiveHalvingPruning.isRung(
            resource, minResource: minResource, reductionFactor: reductionFactor, rate: bracket)
    }

    package func shouldPrune(value: Double, best: Double, competitors: [Double], completedTrials: Int) -> Bool {
        !RungPromotion.isPromoted(value: value, competitors: competitors, reductionFactor: reductionFactor)
    }
}
