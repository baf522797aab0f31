import Analysis
import Foundation
import HyperplanCore
package import ResultBundle

/// What `hyperplan compare` says about two or more bundles: how their experiments differ, their best scores side
/// by side, and, where two were scored on the same folds, whether the difference of their best configurations
/// is distinguishable from fold noise (the corrected resampled t-test of Nadeau and Bengio). The first bundle
/// is the baseline the others are compared with.
package struct BundleComparison: Sendable {
    package let snapshots: [BundleSnapshot]
    let changes: ExperimentChanges
    /// For each bundle after the first: the paired test against the first, or why there is none.
    let pairs: [Pair]
    /// Changed data and tool versions, one sentence each.
    package let warnings: [String]

    struct Pair: Sendable {
        var other: Int
        var test: CorrectedResampledTTest?
        var differences: [Double]
        var reason: String?
    }

    /// The level below which a difference is called distinguishable from fold noise.
    package static let significance = 0.05

    package init(_ snapshots: [BundleSnapshot]) {
        self.snapshots = snapshots
        changes = ExperimentChanges(snapshots)
        var pairs: [Pair] = []
        var warnings: [String] = []
        guard let base = snapshots.first else {
            self.pairs = []
            self.warnings = []
            return
        }
        for (index, other) in snapshots.enumerated().dropFirst() {
            pairs.append(Self.pair(base, other, index: index))
            let label = "bundle \(index + 1) (\(other.directory.lastPathComponent))"
            let (then, now) = (
                base.environment?["dataset_sha256"]?.stringValue, other.environment?["dataset_sha256"]?.stringValue
            )
            if then != now {
                warnings.append(
                    "the data differ: SHA-256 \(then.map { String($0.prefix(12)) } ?? "none") in bundle 1, \(now.map { String($0.prefix(12)) } ?? "none") in \(label)"
                )
            }
            let (v1, v2) = (
                base.environment?["hyperplan_version"]?.stringValue,
                other.environment?["hyperplan_version"]?.stringValue
            )
            if v1 != v2 {
                warnings.append(
                    "the tool versions differ: Hyperplan \(v1 ?? "?") wrote bundle 1, \(v2 ?? "?") wrote \(label)")
            }
            if other.metric != base.metric {
                warnings.append(
                    "the objectives differ: \(base.metric) in bundle 1, \(other.metric) in \(label); scores are compared on \(base.metric) where both have it"
                )
            }
        }
        self.pairs = pairs
        self.warnings = warnings
    }

    static func pair(_ base: BundleSnapshot, _ other: BundleSnapshot, index: Int) -> Pair {
        var pair = Pair(other: index, test: nil, differences: [], reason: nil)
        guard let folds = base.folds, let otherFolds = other.folds else {
            pair.reason = "no paired test: a bundle has no cross-validation folds on record"
            return pair
        }
        guard folds.id == otherFolds.id else {
            pair.reason =
                "no paired test: the folds differ (data, test split, CV scheme or seed changed), so the scores are not paired"
            return pair
        }
        let metric = base.metric
        guard let a = base.bestTrial, let b = other.bestTrial else {
            pair.reason = "no paired test: a bundle has no successful trial"
            return pair
        }
        let left = Dictionary(
            a.folds.map { ($0.fold, $0.validation[metric] ?? nil) }, uniquingKeysWith: { first, _ in first })
        let right = Dictionary(
            b.folds.map { ($0.fold, $0.validation[metric] ?? nil) }, uniquingKeysWith: { first, _ in first })
        var differences: [Double] = []
        for fold in left.keys.sorted() {
            guard let x = left[fold] ?? nil, let y = right[fold] ?? nil else {
                pair.reason = "no paired test: fold \(fold) has no \(metric) in both bundles"
                return pair
            }
            // Positive: the other bundle is better, whatever the goal.
            differences.append(base.goal == .maximize ? y - x : x - y)
        }
        pair.differences = differences
        guard let ratio = folds.testToTrainingRatio,
            let test = CorrectedResampledTTest(differences: differences, testToTrainingRatio: ratio)
        else {
            pair.reason = "no paired test: it needs at least two folds"
            return pair
        }
        pair.test = test
        return pair
    }
}
