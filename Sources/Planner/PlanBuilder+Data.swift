import Datasets
import ExperimentSpec
import HyperplanCore
import Resampling

/// `load_data`: reads the dataset and encodes the target.
package struct LoadDataNode: NodeTask {
    package static let kind = "load_data"

    package init() {}
}

/// `split_test`: holds out the final test split.
package struct SplitTestNode: NodeTask {
    package static let kind = "split_test"

    package init() {}
}

/// `make_folds`: splits the training rows into cross-validation folds.
package struct MakeFoldsNode: NodeTask {
    package static let kind = "make_folds"

    package init() {}
}

/// `fit_preprocessing`: fits preprocessing on one fold's training rows (`fold`), or on the whole training
/// split (`nil`).
package struct FitPreprocessingNode: NodeTask {
    package static let kind = "fit_preprocessing"
    package var fold: Int?

    package init(fold: Int?) { self.fold = fold }

    package var label: String { fold.map { "\(Self.kind)[fold \($0)]" } ?? "\(Self.kind)[training split]" }
}

/// `export_fold`: writes one fold's training and validation rows (`fold`), or the training and test split
/// (`nil`), as CSV files for a trial command.
package struct ExportFoldNode: NodeTask {
    package static let kind = "export_fold"
    package var fold: Int?

    package init(fold: Int?) { self.fold = fold }

    package var label: String {
        fold.map { "\(Self.kind)[fold \($0)]" } ?? "\(Self.kind)[training and test split]"
    }
}

extension PlanBuilder {
    /// `load_data`, `split_test`, `make_folds` and per fold `fit_preprocessing` (learners, or a command with
    /// preprocessing) and `export_fold` (a command): shared by every configuration.
    mutating func addDataNodes() throws(Planner.PlanError) -> DataNodes {
        guard let dataset = experiment.dataset, let cv = experiment.cv else { return DataNodes() }
        guard let scheme = ResamplingRegistry.scheme(named: cv.scheme) else {
            throw Planner.PlanError(message: "unknown CV scheme '\(cv.scheme)'")
        }
        var data = DataNodes()
        data.foldCount = scheme.init(options: cv.options).splitCount
        let load = add(
            LoadDataNode(),
            .object([
                "source": .string(dataset.source.description), "sha256": .string(dataset.sha256.hex),
                "target": .string(dataset.target), "features": .array(dataset.features.map(JSONValue.string)),
                "task": .string(dataset.task.rawValue),
            ]), [])
        var training = load
        if let testSize = dataset.testSize {
            training = add(SplitTestNode(), .object(["test_size": testSize.json, "seed": seed]), [load])
        }
        data.training = training
        let folds = add(
            MakeFoldsNode(), .object(["scheme": .string(cv.scheme), "options": cv.options.json, "seed": seed]),
            [training])
        // A trial command gets the fold's rows as files: raw, or with `dataset.preprocess` fitted on the
        // fold's training rows and applied to both files.
        let command = experiment.model.command
        let preprocessed = preprocessed
        data.foldInputs = (0..<data.foldCount).map { fold in
            let prepared =
                command == nil || preprocessed
                ? add(
                    FitPreprocessingNode(fold: fold), .object(["steps": dataset.preprocess.json, "fold": .int(fold)]),
                    [folds]) : nil
            guard command != nil else { return prepared ?? folds }
            return add(
                ExportFoldNode(fold: fold), .object(["fold": .int(fold), "preprocessed": .bool(preprocessed)]),
                [prepared ?? folds])
        }
        return data
    }

}
