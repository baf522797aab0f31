import HyperplanCore
import Planner

/// `select_best`: the trials ranked by the search metric, and the best one.
struct SelectBestNode: NodeKind {
    func evaluate(_ node: PlanNode, inputs: NodeInputs, in evaluator: NodeEvaluator) -> Selection {
        selected(inputs, in: evaluator)
    }

    private func selected(_ inputs: NodeInputs, in evaluator: NodeEvaluator) -> Selection {
        Selection(
            trials: inputs.all(AggregateNode.self), metric: evaluator.experiment.search.metric,
            goal: evaluator.experiment.search.goal)
    }

    /// Derived from the trials: computed again on resume.
    func record(_ selection: Selection) -> JSONValue {
        .object(["best": selection.best.map(JSONValue.int) ?? .null])
    }

    func restore(_ record: JSONValue, inputs: NodeInputs, in evaluator: NodeEvaluator) -> Selection? {
        guard inputs.isComplete else { return nil }
        return selected(inputs, in: evaluator)
    }
}
