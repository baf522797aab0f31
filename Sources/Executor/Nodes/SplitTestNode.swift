import Datasets
import ExperimentSpec
import HyperplanCore
import Planner
import Resampling

/// The rows the search uses, and the held-out test rows when there is a test split.
struct TrainingRows: Sendable {
    var train: [Int]
    var test: [Int]?

    /// Every row of `dataset`, for a graph without a test split.
    static func all(of dataset: SupervisedDataset) -> TrainingRows {
        TrainingRows(train: Array(0..<dataset.rowCount), test: nil)
    }
}

/// `split_test`: holds out the final test split (`dataset.test_size`), stratified for classification.
extension SplitTestNode: NodeKind {
    func evaluate(_ node: PlanNode, inputs: NodeInputs, in evaluator: NodeEvaluator) throws -> TrainingRows {
        let dataset = try evaluator.dataset
        guard let size = evaluator.experiment.dataset?.testSize else { return .all(of: dataset) }
        var generator = evaluator.generator(for: node)
        do {
            let split = try TestSplitter.split(
                rowCount: dataset.rowCount, size: size, strata: dataset.classLabels, generator: &generator)
            return TrainingRows(train: split.train, test: split.test)
        } catch {
            throw NodeEvaluator.RunFailure(message: "cannot split off the test set: \(error.message)")
        }
    }

    /// The rows on each side; `test` is `null` without a test split.
    struct Record: Codable {
        var train: [Int]
        @ExplicitNull var test: [Int]?
    }

    func record(_ rows: TrainingRows) -> Record { Record(train: rows.train, test: rows.test) }

    func restore(_ record: Record, inputs: NodeInputs, in evaluator: NodeEvaluator) -> TrainingRows? {
        TrainingRows(train: record.train, test: record.test)
    }
}

extension NodeInputs {
    /// The training rows from a `split_test` parent, or every row when the graph has no test split.
    func trainingRows(in evaluator: NodeEvaluator) throws -> TrainingRows {
        try optional(SplitTestNode.self) ?? .all(of: evaluator.dataset)
    }
}
