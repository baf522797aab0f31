import Datasets
import ExperimentSpec
import HyperplanCore
import Resampling

/// Builds a trial graph's nodes stage by stage, in topological order: each node's ID hashes its parents'.
struct PlanBuilder {
    let experiment: Experiment
    private(set) var nodes: [PlanNode] = []

    init(experiment: Experiment) { self.experiment = experiment }

    /// What the data stage leaves for the later ones.
    struct DataNodes {
        /// Per fold, what a fit starts from: fitted preprocessing, or for a command the fold's CSV files (or
        /// the folds themselves); empty without a dataset.
        var foldInputs: [PlanNode] = []
        /// The training rows' node (`split_test`, or `load_data` without a test split).
        var training: PlanNode?
        var foldCount = 1
    }

    mutating func add(_ task: NodeTask, _ inputs: JSONValue, _ parents: [PlanNode]) -> PlanNode {
        let node = PlanNode(task: task, inputs: inputs, parents: parents.map(\.id))
        nodes.append(node)
        return node
    }

    var seed: JSONValue { .string(String(experiment.seed)) }

    var metrics: JSONValue { .array(experiment.search.metrics.map(JSONValue.string)) }

    /// Whether `dataset.preprocess` has steps (a trial command then gets preprocessed fold files).
    var preprocessed: Bool { experiment.dataset.map { !$0.preprocess.steps.isEmpty } ?? false }

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
            .loadData,
            .object([
                "source": .string(dataset.source.description), "sha256": .string(dataset.sha256.hex),
                "target": .string(dataset.target), "features": .array(dataset.features.map(JSONValue.string)),
                "task": .string(dataset.task.rawValue),
            ]), [])
        var training = load
        if let testSize = dataset.testSize {
            training = add(.splitTest, .object(["test_size": testSize.json, "seed": seed]), [load])
        }
        data.training = training
        let folds = add(
            .makeFolds, .object(["scheme": .string(cv.scheme), "options": cv.options.json, "seed": seed]), [training])
        // A trial command gets the fold's rows as files: raw, or with `dataset.preprocess` fitted on the
        // fold's training rows and applied to both files.
        let command = experiment.model.command
        let preprocessed = preprocessed
        data.foldInputs = (0..<data.foldCount).map { fold in
            let prepared =
                command == nil || preprocessed
                ? add(
                    .fitPreprocessing(fold: fold), .object(["steps": dataset.preprocess.json, "fold": .int(fold)]),
                    [folds]) : nil
            guard command != nil else { return prepared ?? folds }
            return add(
                .exportFold(fold: fold), .object(["fold": .int(fold), "preprocessed": .bool(preprocessed)]),
                [prepared ?? folds])
        }
        return data
    }

    /// `select_best`, then the best configuration refitted on the training split (`refit`, with
    /// `fit_preprocessing` or `export_fold` of the whole split) and tested (`evaluate_test`), then
    /// `write_bundle`. A command without a test split has nothing to be run on: its trials are the result.
    mutating func addFinalNodes(aggregates: [PlanNode], data: DataNodes) {
        let select = add(
            .selectBest,
            .object(["metric": .string(experiment.search.metric), "goal": .string(experiment.search.goal.rawValue)]),
            aggregates)
        var bundleParents = [select]
        let command = experiment.model.command
        if let dataset = experiment.dataset, let training = data.training, command == nil || dataset.testSize != nil {
            let fullPrepared =
                command == nil || preprocessed
                ? add(.fitPreprocessing(fold: nil), .object(["steps": dataset.preprocess.json]), [training]) : nil
            let fullInput =
                command == nil
                ? (fullPrepared ?? training)
                : add(
                    .exportFold(fold: nil), .object(["preprocessed": .bool(preprocessed)]), [fullPrepared ?? training])
            var refitInputs: [String: JSONValue] = ["model": .string(experiment.model.type), "seed": seed]
            if let command { refitInputs["command"] = command.json }
            let refit = add(.refit, .object(refitInputs), [select, fullInput])
            bundleParents.append(refit)
            if dataset.testSize != nil {
                bundleParents.append(add(.evaluateTest, .object(["metrics": metrics]), [refit, fullInput]))
            }
        }
        _ = add(.writeBundle, .object(["experiment": .string(experiment.identity.hex)]), bundleParents)
    }
}
