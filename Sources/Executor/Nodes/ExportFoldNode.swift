import Foundation
import HyperplanCore
import Planner
import Resampling

/// `export_fold`: a fold's rows (`fold`), or the training and test split (`nil`), written as CSV files for a
/// trial command: transformed by the parent's fitted preprocessing when there is one (`dataset.preprocess`),
/// else as read.
extension ExportFoldNode: NodeKind {
    func evaluate(_ node: PlanNode, inputs: NodeInputs, in evaluator: NodeEvaluator) throws -> ExportedFold {
        let directory = evaluator.workspace.appendingPathComponent(fold.map { "folds/fold-\($0)" } ?? "folds/test")
        let heldOutName = fold == nil ? "test" : "validation"
        if let prepared = inputs.optional(FitPreprocessingNode.self) {
            return try FoldExport.write(
                prepared, dataset: try evaluator.dataset, to: directory, heldOutName: heldOutName)
        }
        let (train, heldOut): ([Int], [Int])
        if let fold {
            let split = try inputs.split(fold)
            (train, heldOut) = (split.train, split.validation)
        } else {
            let rows = try inputs.trainingRows(in: evaluator)
            (train, heldOut) = (rows.train, rows.test ?? [])
        }
        return try FoldExport.write(
            try evaluator.dataset, train: train, heldOut: heldOut, to: directory, heldOutName: heldOutName)
    }

    /// Where the files were: `train` and `held_out` paths.
    struct Record: Codable {
        var train: String
        var heldOut: String
    }

    /// The files are written again when needed (never restored).
    func record(_ files: ExportedFold) -> Record { Record(train: files.train.path, heldOut: files.heldOut.path) }
}
