import ExperimentSpec
import HyperplanCore
import Search

/// `suggest`: asks an adaptive search strategy for trial `trial`'s configuration, from the outcomes of the
/// trials before it in logical order (and carries that history for pruning).
package struct SuggestNode: NodeTask {
    package static let kind = "suggest"
    package var trial: Int

    package init(trial: Int) { self.trial = trial }

    package var label: String { "\(Self.kind)[trial \(trial)]" }
}

/// `fit_score`: fits one configuration on one fold and scores it on the fold's training and validation rows.
package struct FitScoreNode: NodeTask {
    package static let kind = "fit_score"
    package var trial: Int
    package var fold: Int

    package init(trial: Int, fold: Int) { self.trial = trial; self.fold = fold }

    package var label: String { "\(Self.kind)[trial \(trial), fold \(fold)]" }
}

/// `aggregate`: combines one configuration's fold scores.
package struct AggregateNode: NodeTask {
    package static let kind = "aggregate"
    package var trial: Int

    package init(trial: Int) { self.trial = trial }

    package var label: String { "\(Self.kind)[trial \(trial)]" }
}

extension PlanBuilder {
    /// Each trial's nodes: its `suggest` node when sequenced, a `fit_score` per fold, and its `aggregate`.
    /// Returns the aggregates in trial order.
    mutating func addTrialNodes(_ plan: TrialPlan, data: DataNodes) -> [PlanNode] {
        var aggregates: [PlanNode] = []
        var suggestions: [PlanNode] = []
        for trial in plan.trials {
            // Adaptive: the configuration comes from the trial's suggest node, which waits for the outcome of
            // trial i − concurrency (and, through the previous suggestion, of every trial before it).
            var suggestion: PlanNode?
            if let sequenced = plan.sequenced {
                let index = trial.index
                let parents =
                    (suggestions.last.map { [$0] } ?? [])
                    + (index >= sequenced.concurrency ? [aggregates[index - sequenced.concurrency]] : [])
                let node = add(
                    SuggestNode(trial: index),
                    suggestInputs(
                        trial: trial, concurrency: sequenced.concurrency, planned: !sequenced.suggestsConfigurations),
                    parents)
                suggestions.append(node)
                suggestion = node
            }
            let fits = (0..<data.foldCount).map { fold in
                add(
                    FitScoreNode(trial: trial.index, fold: fold), fitInputs(trial, fold: fold),
                    (data.foldInputs.isEmpty ? [] : [data.foldInputs[fold]]) + (suggestion.map { [$0] } ?? []))
            }
            aggregates.append(
                add(
                    AggregateNode(trial: trial.index),
                    .object([
                        "configuration": plan.sequenced?.suggestsConfigurations == true
                            ? .null : trial.configuration.json
                    ]),
                    fits + (suggestion.map { [$0] } ?? [])))
        }
        return aggregates
    }

    /// What a fit computes from besides its parents: the model, its hyperparameters and schedule, the
    /// metrics, the fold, the seed, and a command's definition.
    private func fitInputs(_ trial: TrialGraph.Trial, fold: Int) -> JSONValue {
        var inputs: [String: JSONValue] = [
            "model": .string(experiment.model.type(for: trial.configuration)),
            "hyperparameters": trial.hyperparameters.json,
            "metrics": metrics, "fold": .int(fold), "seed": seed,
        ]
        if let schedule = trial.schedule { inputs["schedule"] = schedule.json }
        if let command = experiment.model.command { inputs["command"] = command.json }
        return .object(inputs)
    }

    /// What a suggestion computes from besides its parents: everything that decides the strategy's answer
    /// and the pruning of the trial, except `trials`, so that raising `trials` keeps every earlier suggestion
    /// (and its trial's fits). A planned trial's suggestion is its configuration.
    private func suggestInputs(trial: TrialGraph.Trial, concurrency: Int, planned: Bool) -> JSONValue {
        var inputs: [String: JSONValue] = [
            "strategy": .string(experiment.search.strategy), "seed": seed,
            "trial": .int(trial.index), "concurrency": .int(concurrency),
            "metric": .string(experiment.search.metric), "goal": .string(experiment.search.goal.rawValue),
        ]
        if planned {
            inputs["configuration"] = trial.configuration.json
        } else {
            var options = experiment.search.options
            options["trials"] = nil
            inputs["options"] = options.json
            inputs["space"] = experiment.space.json
        }
        if let pruning = experiment.search.pruning {
            inputs["pruning"] = .object(["rule": .string(pruning.rule), "options": pruning.options.json])
        }
        return .object(inputs)
    }
}
