import ExperimentSpec
import HyperplanCore
import Planner

/// `select_best`: the trials ranked by the search metric, and the best one.
extension SelectBestNode: NodeKind {
    func evaluate(_ node: PlanNode, inputs: NodeInputs, in evaluator: NodeEvaluator) -> Selection {
        selected(inputs, in: evaluator)
    }

    private func selected(_ inputs: NodeInputs, in evaluator: NodeEvaluator) -> Selection {
        Selection(
            trials: inputs.all(AggregateNode.self), metric: evaluator.experiment.search.metric,
            goal: evaluator.experiment.search.goal)
    }

    /// The best trial's position among the selection's trials, `null` when none succeeded.
    struct Record: Codable {
        @ExplicitNull var best: Int?
    }

    /// Derived from the trials: computed again on resume.
    func record(_ selection: Selection) -> Record { Record(best: selection.best) }

    func restore(_ record: Record, inputs: NodeInputs, in evaluator: NodeEvaluator) -> Selection? {
        guard inputs.isComplete else { return nil }
        return selected(inputs, in: evaluator)
    }
}
