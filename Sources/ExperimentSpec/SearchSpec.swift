package import HyperplanCore
package import Search

/// How the space is searched and what is optimised.
package struct SearchSpec: Sendable {
    /// `search.strategy`, a name in `SearchStrategyRegistry`.
    package var strategy: String
    package var options: Hyperparameters
    /// The objective metric.
    package var metric: String
    /// Every metric recorded, the objective first.
    package var metrics: [String]
    package var goal: OptimizationGoal
    /// `search.pruning`, when trials may be stopped part-way.
    package var pruning: PruningSpec? = nil
    /// `search.concurrency`: how many trials run at once in the logical order that adaptive strategies and
    /// pruning see (trial i sees the outcomes of trials before i − concurrency + 1).
    package var concurrency: Int = SearchConcurrency.default
    /// `search.seed_points`: configurations evaluated first, in order.
    package var seedPoints: [Configuration] = []
    /// `search.stop_when.metric_reaches`: no trial starts once an earlier one reached this objective.
    package var stopWhen: Double? = nil
    /// `search.patience`: no trial starts once this many trials in a row brought no improvement.
    package var patience: Int? = nil

    /// Whether trials are suggested or judged while the search runs (an adaptive strategy, pruning, a stopping
    /// condition), so that the plan has a `suggest` node per trial.
    package var isSequenced: Bool {
        pruning != nil || stopWhen != nil || patience != nil
            || SearchStrategyRegistry.strategy(named: strategy).map { $0 is any AdaptiveSearch.Type } == true
    }
}

/// `search.pruning`: the rule (a name in `PruningRegistry`) and its options, defaults filled in
/// (`max_resource` defaults to the schedule's epochs when the file fixes them).
package struct PruningSpec: Sendable {
    package var rule: String
    package var options: Hyperparameters

    /// The rule itself.
    package var pruningRule: (any PruningRule)? {
        PruningRegistry.rule(named: rule).map { $0.init(options: options, maxResource: options.int("max_resource")) }
    }
}

extension SearchSpec {
    /// The `search` section as written to `resolved.json` and hashed into the experiment's identity: the
    /// strategy's options and the search's own keys, the sequencing ones only when they apply, so that
    /// experiments without them keep their identity.
    package var json: JSONValue {
        var settings: [String: JSONValue] = [
            "strategy": .string(strategy),
            "metric": .string(metric),
            "metrics": .array(metrics.map(JSONValue.string)),
            "goal": .string(goal.rawValue),
        ]
        if isSequenced { settings["concurrency"] = .int(concurrency) }
        if let pruning {
            settings["pruning"] = .object(["type": .string(pruning.rule), "options": pruning.options.json])
        }
        if !seedPoints.isEmpty { settings["seed_points"] = .array(seedPoints.map(\.json)) }
        if let stopWhen { settings["stop_when"] = .object(["metric_reaches": .double(stopWhen)]) }
        if let patience { settings["patience"] = .int(patience) }
        return .object(options.values.mapValues(\.json).merging(settings) { $1 })
    }
}
