import ExperimentSpec
import HyperplanCore
import Planner

/// `aggregate`: one configuration's fold results combined into its trial result (mean and spread of every
/// metric, the trial's status).
extension AggregateNode: NodeKind {
    func evaluate(_ node: PlanNode, inputs: NodeInputs, in evaluator: NodeEvaluator) -> TrialResult {
        combined(inputs, in: evaluator)
    }

    private func combined(_ inputs: NodeInputs, in evaluator: NodeEvaluator) -> TrialResult {
        let entry = inputs.optional(SuggestNode.self)?.trial ?? evaluator.trials[trial]
        return TrialResult(
            trial: trial, configuration: entry.configuration, hyperparameters: entry.hyperparameters,
            schedule: entry.schedule, folds: inputs.all(FitScoreNode.self),
            metrics: evaluator.experiment.search.metrics)
    }

    /// Derived from the folds: recorded for `hyperplan status`, computed again on resume.
    func record(_ result: TrialResult) -> TrialOutcomeRecord {
        TrialOutcomeRecord(trial: result.trial, status: result.outcome, validation: result.validation)
    }

    func restore(_ record: TrialOutcomeRecord, inputs: NodeInputs, in evaluator: NodeEvaluator) -> TrialResult? {
        guard inputs.isComplete else { return nil }
        return combined(inputs, in: evaluator)
    }
}
