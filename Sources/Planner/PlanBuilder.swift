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

    mutating func add(_ task: any NodeTask, _ inputs: JSONValue, _ parents: [PlanNode]) -> PlanNode {
        let node = PlanNode(task: task, inputs: inputs, parents: parents.map(\.id))
        nodes.append(node)
        return node
    }

    var seed: JSONValue { .string(String(experiment.seed)) }

    var metrics: JSONValue { .array(experiment.search.metrics.map(JSONValue.string)) }

    /// Whether `dataset.preprocess` has steps (a trial command then gets preprocessed fold files).
    var preprocessed: Bool { experiment.dataset.map { !$0.preprocess.steps.isEmpty } ?? false }
}
