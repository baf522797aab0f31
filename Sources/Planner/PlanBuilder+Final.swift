import Datasets
import ExperimentSpec
import HyperplanCore

/// `select_best`: ranks the configurations and picks the best.
package struct SelectBestNode: NodeTask {
    package static let kind = "select_best"

    package init() {}
}

/// `refit`: fits the best configuration on the whole training split.
package struct RefitNode: NodeTask {
    package static let kind = "refit"

    package init() {}
}

/// `evaluate_test`: scores the refitted model on the test split.
package struct EvaluateTestNode: NodeTask {
    package static let kind = "evaluate_test"

    package init() {}
}

/// `write_bundle`: writes the result bundle.
package struct WriteBundleNode: NodeTask {
    package static let kind = "write_bundle"

    package init() {}
}

extension PlanBuilder {
    /// `select_best`, then the best configuration refitted on the training split (`refit`, with
    /// `fit_preprocessing` or `export_fold` of the whole split) and tested (`evaluate_test`), then
    /// `write_bundle`. A command without a test split has nothing to be run on: its trials are the result.
    mutating func addFinalNodes(aggregates: [PlanNode], data: DataNodes) {
        let select = add(
            SelectBestNode(),
            .object(["metric": .string(experiment.search.metric), "goal": .string(experiment.search.goal.rawValue)]),
            aggregates)
        var bundleParents = [select]
        let command = experiment.model.command
        if let dataset = experiment.dataset, let training = data.training, command == nil || dataset.testSize != nil {
            let fullPrepared =
                command == nil || preprocessed
                ? add(FitPreprocessingNode(fold: nil), .object(["steps": dataset.preprocess.json]), [training]) : nil
            let fullInput =
                command == nil
                ? (fullPrepared ?? training)
                : add(
                    ExportFoldNode(fold: nil), .object(["preprocessed": .bool(preprocessed)]),
                    [fullPrepared ?? training])
            var refitInputs: [String: JSONValue] = ["model": .string(experiment.model.type), "seed": seed]
            if let command { refitInputs["command"] = command.json }
            let refit = add(RefitNode(), .object(refitInputs), [select, fullInput])
            bundleParents.append(refit)
            if dataset.testSize != nil {
                bundleParents.append(add(EvaluateTestNode(), .object(["metrics": metrics]), [refit, fullInput]))
            }
        }
        _ = add(WriteBundleNode(), .object(["experiment": .string(experiment.identity.hex)]), bundleParents)
    }
}
