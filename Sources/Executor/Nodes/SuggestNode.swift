import ExperimentSpec
package import HyperplanCore
import Planner
import Search

/// `suggest`: trial `trial`'s configuration, asked of an adaptive search strategy (or, for a planned one
/// sequenced for pruning, the planned configuration). Its parents are the previous suggestion and the outcome
/// of trial `trial` − concurrency, so the history grows by one outcome per suggestion and never depends on
/// which trials finished first.
extension SuggestNode: NodeKind {
    func evaluate(_ node: PlanNode, inputs: NodeInputs, in evaluator: NodeEvaluator) throws -> TrialSuggestion {
        try evaluator.suggest(trial: trial, inputs: inputs)
    }

    /// The configuration; the history is rebuilt from the restored parents.
    func record(_ suggestion: TrialSuggestion) -> SuggestionRecord {
        SuggestionRecord(
            trial: suggestion.trial.index, configuration: suggestion.trial.configuration.json.objectValue ?? [:])
    }

    func restore(_ record: SuggestionRecord, inputs: NodeInputs, in evaluator: NodeEvaluator) -> TrialSuggestion? {
        evaluator.restoreSuggestion(trial: trial, record: record, inputs: inputs)
    }
}

/// The `suggest` node's journal record: the trial and the configuration chosen for it (dimension name → value),
/// read back on resume and by readers of a partial bundle, which has no `trials.jsonl` to name configurations.
package struct SuggestionRecord: Codable, Sendable, Hashable {
    package var trial: Int
    package var configuration: [String: JSONValue]

    /// The record of `trial`'s `configuration`.
    package init(trial: Int, configuration: [String: JSONValue]) {
        self.trial = trial
        self.configuration = configuration
    }
}

extension NodeEvaluator {
    /// Suggests trial `index`'s configuration from the previous suggestion and the parent outcome.
    fileprivate func suggest(trial index: Int, inputs: NodeInputs) throws -> TrialSuggestion {
        let (history, recent) = try suggestionContext(trial: index, inputs: inputs)
        if let reason = stopReason(history: history, inputs: inputs) {
            // The search is over: the trial keeps its place in the order but is not run.
            let configuration = trials.indices.contains(index) ? trials[index].configuration : Configuration()
            var suggestion = made(configuration, trial: index, history: history, recent: recent)
            suggestion.stopReason = reason
            return suggestion
        }
        guard let strategyType = SearchStrategyRegistry.strategy(named: experiment.search.strategy) else {
            throw RunFailure(message: "internal error: unknown search strategy '\(experiment.search.strategy)'")
        }
        guard let strategy = strategyType.init(options: experiment.search.options) as? any AdaptiveSearch else {
            // A planned trial sequenced for pruning: its configuration is the planned one.
            guard trials.indices.contains(index) else {
                throw RunFailure(message: "internal error: trial \(index) is not planned")
            }
            return made(trials[index].configuration, trial: index, history: history, recent: recent)
        }
        if index < experiment.search.seedPoints.count {
            // `search.seed_points` come before the strategy's own suggestions (a planned strategy has them at
            // the head of its plan).
            return made(experiment.search.seedPoints[index], trial: index, history: history, recent: recent)
        }
        let configuration: Configuration
        do {
            configuration = try strategy.suggest(
                index: index, in: experiment.space, history: history?.observations ?? [], pending: recent,
                seed: experiment.seed)
        } catch {
            throw RunFailure(message: "the search strategy could not suggest trial \(index): \(error.message)")
        }
        return made(configuration, trial: index, history: history, recent: recent)
    }

    /// A suggestion restored from its journal record (the configuration), without asking the strategy again;
    /// `nil` when a parent is missing or the record does not fit the search space.
    fileprivate func restoreSuggestion(
        trial index: Int, record: SuggestionRecord, inputs: NodeInputs
    ) -> TrialSuggestion? {
        let values = record.configuration
        guard inputs.isComplete, let (history, recent) = try? suggestionContext(trial: index, inputs: inputs)
        else { return nil }
        var entries: [Configuration.Entry] = []
        for dimension in experiment.space.dimensions {
            // A conditional dimension the configuration does not have is absent from the record.
            guard let json = values[dimension.name] else { continue }
            guard let value = Self.value(json, in: dimension.domain) else { return nil }
            entries.append(Configuration.Entry(name: dimension.name, value: value))
        }
        let configuration = Configuration(entries)
        guard entries.count == values.count, experiment.space.problem(with: configuration) == nil else { return nil }
        var suggestion = made(configuration, trial: index, history: history, recent: recent)
        suggestion.stopReason = stopReason(history: history, inputs: inputs)
        return suggestion
    }

    private func made(
        _ configuration: Configuration, trial index: Int, history: ObservationHistory?, recent: [Configuration]
    )
        -> TrialSuggestion
    {
        let trial = TrialGraph.Trial(
            index: index, configuration: configuration,
            hyperparameters: experiment.model.hyperparameters(for: configuration),
            schedule: experiment.scheduleOptions(for: configuration), proposals: 1)
        return TrialSuggestion(trial: trial, history: history, recent: recent + [configuration])
    }

    /// The outcomes before trial `index` − concurrency + 1 and the configurations suggested after them.
    private func suggestionContext(trial index: Int, inputs: NodeInputs) throws -> (
        ObservationHistory?, [Configuration]
    ) {
        let previous = inputs.optional(SuggestNode.self)
        let outcome = inputs.optional(AggregateNode.self)
        var history = previous?.history
        var recent = previous?.recent ?? []
        if let outcome {
            let metric = experiment.search.metric, goal = experiment.search.goal
            let curves = outcome.folds.map { LossCurve($0, metric: metric, goal: goal) }
            history = ObservationHistory(
                previous: history, observation: outcome.observation(metric: metric, goal: goal, curves: curves),
                bracket: pruningRule?.bracket(ofTrial: outcome.trial, seed: experiment.seed) ?? 0, curves: curves)
            recent.removeFirst(min(1, recent.count))
        }
        guard (history?.count ?? 0) + recent.count == index else {
            throw RunFailure(message: "internal error: trial \(index)'s suggestion has an incomplete history")
        }
        return (history, recent)
    }

    /// Why no further trial runs: an earlier suggestion had stopped, an outcome in the history reached
    /// `search.stop_when`, or the last `search.patience` outcomes brought no improvement.
    private func stopReason(history: ObservationHistory?, inputs: NodeInputs) -> String? {
        if let reason = inputs.optional(SuggestNode.self)?.stopReason { return reason }
        guard let history, experiment.search.stopWhen != nil || experiment.search.patience != nil else { return nil }
        let goal = experiment.search.goal, metric = experiment.search.metric
        let observations = history.observations
        var best: (trial: Int, loss: Double)?
        for (trial, observation) in observations.enumerated() {
            guard let loss = observation.loss else { continue }
            if best.map({ loss < $0.loss }) ?? true { best = (trial, loss) }
        }
        if let target = experiment.search.stopWhen, let best {
            let value = goal == .maximize ? -best.loss : best.loss
            if goal == .maximize ? value >= target : value <= target {
                return "trial \(best.trial) reached \(metric) \(value) (search.stop_when: \(target))"
            }
        }
        if let patience = experiment.search.patience {
            let since = observations.count - 1 - (best?.trial ?? -1)
            if since >= patience {
                return best.map {
                    "no improvement in \(since) trials since trial \($0.trial) (search.patience: \(patience))"
                }
                    ?? "no trial succeeded in \(since) trials (search.patience: \(patience))"
            }
        }
        return nil
    }

    /// The experiment's pruning rule, if it prunes.
    var pruningRule: (any PruningRule)? { experiment.search.pruning?.pruningRule }

    /// The judge that decides whether a fit of `suggestion`'s trial on `fold` stops early; `nil` without pruning.
    func pruningJudge(_ suggestion: TrialSuggestion?, fold: Int) -> PruningJudge? {
        guard let suggestion, let rule = pruningRule else { return nil }
        return PruningJudge(
            rule: rule, bracket: rule.bracket(ofTrial: suggestion.trial.index, seed: experiment.seed),
            history: suggestion.history, fold: fold, goal: experiment.search.goal)
    }

    /// A recorded value read back with the type its domain gives it (a JSON `1` is the real 1.0 of a uniform
    /// domain), so a restored configuration equals the suggested one.
    static func value(_ json: JSONValue, in domain: Domain) -> ParameterValue? {
        switch domain {
        case .choice(let values):
            return values.first { candidate in
                if let x = candidate.doubleValue, let y = json.doubleValue, candidate.boolValue == nil { return x == y }
                return candidate.json == json
            }
        case .uniform, .logUniform:
            return json.doubleValue.map(ParameterValue.double)
        case .integer:
            return json.intValue.map(ParameterValue.int)
        }
    }
}
