import Datasets
import HyperplanCore
import Planner

/// `load_data`: the experiment's dataset, read and encoded before the run (the node stands for it in the DAG).
struct LoadDataNode: NodeKind {
    func evaluate(_ node: PlanNode, inputs: NodeInputs, in evaluator: NodeEvaluator) throws -> SupervisedDataset {
        try evaluator.dataset
    }

    func record(_ dataset: SupervisedDataset) -> JSONValue {
        .object(["rows": .int(dataset.rowCount)])
    }

    func restore(_ record: JSONValue, inputs: NodeInputs, in evaluator: NodeEvaluator) -> SupervisedDataset? {
        guard let dataset = evaluator.dataSet, record["rows"]?.intValue == dataset.rowCount else { return nil }
        return dataset
    }
}
