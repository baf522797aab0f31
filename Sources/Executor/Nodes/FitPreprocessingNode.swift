import Datasets
import ExperimentSpec
import HyperplanCore
import Planner
import Resampling

/// `fit_preprocessing`: `dataset.preprocess` fitted on one fold's training rows (`fold`), or on the whole
/// training split (`nil`), with both row sets transformed.
extension FitPreprocessingNode: NodeKind {
    /// A fold's transformed rows are the run's largest values; once its fits are done they go.
    static var isReleasable: Bool { true }

    func evaluate(_ node: PlanNode, inputs: NodeInputs, in evaluator: NodeEvaluator) throws -> PreparedRows {
        let (train, heldOut) = try rows(inputs, in: evaluator)
        let plan = evaluator.experiment.dataset?.preprocess ?? PreprocessingPlan([])
        let preprocessing = FittedPreprocessing.fit(plan, on: try evaluator.dataset, rows: train)
        return try evaluator.prepared(with: preprocessing, train: train, heldOut: heldOut)
    }

    /// The fitted preprocessing; the transformed rows are computed again from it.
    struct Record: Codable {
        var preprocessing: FittedPreprocessing
    }

    func record(_ prepared: PreparedRows) -> Record { Record(preprocessing: prepared.preprocessing) }

    func restore(_ record: Record, inputs: NodeInputs, in evaluator: NodeEvaluator) -> PreparedRows? {
        guard inputs.isComplete, let (train, heldOut) = try? rows(inputs, in: evaluator) else { return nil }
        return try? evaluator.prepared(with: record.preprocessing, train: train, heldOut: heldOut)
    }

    /// The rows the preprocessing is fitted on, and the held-out rows it is applied to as well.
    private func rows(_ inputs: NodeInputs, in evaluator: NodeEvaluator) throws -> (train: [Int], heldOut: [Int]) {
        if let fold {
            let split = try inputs.split(fold)
            return (split.train, split.validation)
        }
        let rows = try inputs.trainingRows(in: evaluator)
        return (rows.train, rows.test ?? [])
    }
}

/// Feature matrices and targets for one train/held-out pair, transformed with preprocessing fitted on `train`.
struct PreparedRows: Sendable {
    var preprocessing: FittedPreprocessing
    var trainFeatures: Matrix
    var trainTargets: Targets
    var heldOutFeatures: Matrix
    var heldOutTargets: Targets
    /// The dataset rows of `heldOutFeatures`, in order (the test split's rows for the training split's
    /// preprocessing).
    var heldOutRows: [Int]
}

extension NodeEvaluator {
    /// Both row sets transformed with already fitted preprocessing.
    func prepared(with preprocessing: FittedPreprocessing, train: [Int], heldOut: [Int]) throws -> PreparedRows {
        let dataset = try dataset
        return PreparedRows(
            preprocessing: preprocessing,
            trainFeatures: preprocessing.transform(dataset, rows: train),
            trainTargets: dataset.targets.selecting(train),
            heldOutFeatures: preprocessing.transform(dataset, rows: heldOut),
            heldOutTargets: dataset.targets.selecting(heldOut), heldOutRows: heldOut)
    }
}
