import Datasets
import ExperimentSpec
import HyperplanCore
import Planner
import Resampling

/// `make_folds`: the cross-validation splits of the training rows, in dataset row indices.
extension MakeFoldsNode: NodeKind {
    func evaluate(_ node: PlanNode, inputs: NodeInputs, in evaluator: NodeEvaluator) throws -> [Split] {
        let dataset = try evaluator.dataset
        let cv = try evaluator.required(evaluator.experiment.cv, "the cross-validation scheme")
        guard let schemeType = ResamplingRegistry.scheme(named: cv.scheme) else {
            throw NodeEvaluator.RunFailure(message: "unknown CV scheme '\(cv.scheme)'")
        }
        let scheme = schemeType.init(options: cv.options)
        let rows = try inputs.trainingRows(in: evaluator).train
        let strata = dataset.classLabels.map { labels in rows.map { labels[$0] } }
        var generator = evaluator.generator(for: node)
        do {
            let splits = try scheme.splits(rowCount: rows.count, strata: strata, generator: &generator)
            return splits.map { $0.mapped(through: rows) }
        } catch {
            throw NodeEvaluator.RunFailure(message: "cannot make the cross-validation folds: \(error.message)")
        }
    }

    /// Only each fold's validation rows: a fold's training rows are the others, in order.
    struct Record: Codable {
        var validation: [[Int]]
    }

    func record(_ splits: [Split]) -> Record { Record(validation: splits.map(\.validation)) }

    func restore(_ record: Record, inputs: NodeInputs, in evaluator: NodeEvaluator) -> [Split]? {
        guard inputs.isComplete, let rows = try? inputs.trainingRows(in: evaluator).train else { return nil }
        return record.validation.map { validation -> Split in
            let held = Set(validation)
            return Split(train: rows.filter { !held.contains($0) }, validation: validation)
        }
    }
}

extension NodeInputs {
    /// Fold `fold`'s split from the `make_folds` parent.
    func split(_ fold: Int) throws -> Split {
        let splits = try required(MakeFoldsNode.self)
        guard splits.indices.contains(fold) else {
            throw NodeEvaluator.RunFailure(message: "internal error: fold \(fold) has no split")
        }
        return splits[fold]
    }
}
