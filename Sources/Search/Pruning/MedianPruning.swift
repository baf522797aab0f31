package import HyperplanCore

/// Stops a trial whose best value so far is worse than the median of the completed trials' values at the
/// same resource (Optuna's `MedianPruner`): after `startup_trials` completed trials, from `min_resource` on,
/// every `interval` resources.
package struct MedianPruning: PruningRule {
    package static let name = "median"
    package static let summary = "stop a trial whose best value so far is worse than the completed trials' median"
    package static let schema = OptionSchema([
        PruningOptions.minResource(default: 1),
        OptionSpec(
            "startup_trials", .integer(min: 0, max: 1_000_000), default: .int(5), searchable: false,
            summary: "no trial is stopped until this many trials have completed"),
        OptionSpec(
            "interval", .integer(min: 1, max: 1_000_000), default: .int(1), searchable: false,
            summary: "check every interval resources from min_resource on"),
        PruningOptions.maxResource,
    ])
    package static let comparesWithCompletedTrialsOnly = true

    package var minResource: Int
    package var startupTrials: Int
    package var interval: Int

    package init(options: Hyperparameters, maxResource: Int?) {
        minResource = options.int("min_resource") ?? 1
        startupTrials = options.int("startup_trials") ?? 5
        interval = max(1, options.int("interval") ?? 1)
    }

    package func bracket(ofTrial index: Int, seed: UInt64) -> Int { 0 }

    package func isCheckpoint(_ resource: Int, bracket: Int) -> Bool {
        resource >= minResource && (resource - minResource) % interval == 0
    }

    package func shouldPrune(value: Double, best: Double, competitors: [Double], completedTrials: Int) -> Bool {
        guard completedTrials >= startupTrials else { return false }
        let values = competitors.filter { !$0.isNaN }.sorted()
        guard !values.isEmpty else { return false }
        guard !best.isNaN else { return true }
        let middle = values.count / 2
        let median = values.count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2
        return best > median
    }
}
