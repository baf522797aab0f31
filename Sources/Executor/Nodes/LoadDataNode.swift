import Datasets
import HyperplanCore
import Planner

/// `load_data`: the experiment's dataset, read and encoded before the run (the node stands for it in the DAG).
extension LoadDataNode: NodeKind {
    func evaluate(_ node: PlanNode, inputs: NodeInputs, in evaluator: NodeEvaluator) throws -> SupervisedDataset {
        try evaluator.dataset
    }

    /// The number of rows, checked against the dataset loaded for the run.
    struct Record: Codable {
        var rows: Int
    }

    func record(_ dataset: SupervisedDataset) -> Record { Record(rows: dataset.rowCount) }

    func restore(_ record: Record, inputs: NodeInputs, in evaluator: NodeEvaluator) -> SupervisedDataset? {
        guard let dataset = evaluator.dataSet, record.rows == dataset.rowCount else { return nil }
        return dataset
    }
}
