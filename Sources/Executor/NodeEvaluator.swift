import Datasets
import ExperimentSpec
import Foundation
import HyperplanCore
import Learners
import Metrics
import Planner

/// What every node kind computes from besides its parents' outputs: the experiment, its data, the planned
/// trials and the workspace, with the helpers several kinds share. Each kind's own work is in `Nodes/`.
struct NodeEvaluator: Sendable {
    let experiment: Experiment
    /// The data; `nil` only for a trial command without a dataset, whose graph has no data nodes.
    let dataSet: SupervisedDataset?
    let trials: [TrialGraph.Trial]
    /// Where trial commands get their folders and fold files (the bundle).
    let workspace: URL
    /// Hands the run's outcome, assembled from the `write_bundle` node's inputs, to the bundle sink.
    var writeBundle: (@Sendable (NodeInputs) async throws -> Void)?

    init(experiment: Experiment, dataSet: SupervisedDataset?, trials: [TrialGraph.Trial], workspace: URL) {
        self.experiment = experiment
        self.dataSet = dataSet
        self.trials = trials
        self.workspace = workspace
    }

    /// The data, for nodes that only exist when there is some.
    var dataset: SupervisedDataset {
        get throws { try required(dataSet, "the dataset") }
    }

    func required<Value>(_ value: Value?, _ what: String) throws -> Value {
        guard let value else { throw RunFailure(message: "internal error: \(what) is missing") }
        return value
    }

    /// Failures that end the run (as opposed to a failed trial, which is recorded and skipped).
    struct RunFailure: Error, Sendable, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// The node's random generator: the experiment's seed keyed by the node's ID.
    func generator(for node: PlanNode) -> SeededGenerator {
        SeededGenerator(seed: experiment.seed, key: node.id.hex)
    }

    /// The learner of a trial: its model block's type with its hyperparameters.
    func makeLearner(_ trial: TrialGraph.Trial) throws(RunFailure) -> any Learner {
        let type = experiment.model.type(for: trial.configuration)
        guard let learnerType = LearnerRegistry.learner(named: type) else {
            throw RunFailure(message: "unknown model type '\(type)'")
        }
        return learnerType.init(hyperparameters: trial.hyperparameters, task: experiment.dataset?.task ?? .regression)
    }

    func scores(of model: any FittedModel, features: Matrix, targets: Targets) -> [String: Double] {
        guard features.rows > 0 else { return [:] }
        return scores(of: model.predict(features), targets: targets)
    }

    /// Every metric of the search on predictions of rows whose true targets are `targets`.
    func scores(of predictions: Predictions, targets: Targets) -> [String: Double] {
        guard predictions.count > 0 else { return [:] }
        var result: [String: Double] = [:]
        for name in experiment.search.metrics {
            guard let metric = MetricRegistry.metric(named: name) else { continue }
            result[name] = metric.score(truth: targets, predictions: predictions)
        }
        return result
    }
}
