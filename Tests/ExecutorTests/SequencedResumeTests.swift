import Executor
import ExperimentSpec
import Foundation
import HyperplanCore
import Planner
import ResultBundle
import Synchronization
import Testing

/// A run resumed from any prefix of its journal writes the same bundle as an uninterrupted run, for adaptive
/// strategies and pruning too: suggestions are restored from their records, and the ones not recorded are
/// suggested again from the same history.
@Suite("Resuming sequenced searches")
struct SequencedResumeTests {
    /// Records journal entries in the order nodes finish.
    final class Recorder: NodeRecorder {
        let records = Mutex<[(ContentHash, JSONValue)]>([])
        func record(_ node: PlanNode, output: JSONValue) { records.withLock { $0.append((node.id, output)) } }
    }

    static func run(_ yaml: String, journal: [ContentHash: JSONValue], recorder: Recorder?) async throws
        -> [String: Data]
    {
        let loaded = try PipelineHarness.load(yaml)
        let graph = try Planner.plan(loaded.experiment)
        let root = try PipelineHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = BundleLayout(
            root: root, experimentName: loaded.experiment.name, identity: loaded.experiment.identity)
        let sink = BundleWriter(
            layout: layout, experimentText: yaml, experimentPath: "experiment.yaml",
            environment: EnvironmentRecord.current(experimentPath: "experiment.yaml", datasetSHA256: nil))
        var options = ExperimentRunner.Options(jobs: 3, journal: journal, recorder: recorder)
        options.workspace = root
        _ = try await ExperimentRunner.run(loaded, graph: graph, options: options, sink: sink)
        var files: [String: Data] = [:]
        for file in BundleLayout.File.allCases where file.isDeterministic {
            // predictions.csv exists only with a test split.
            if !file.isAlwaysWritten, !FileManager.default.fileExists(atPath: layout.url(file).path) { continue }
            files[file.rawValue] = try Data(contentsOf: layout.url(file))
        }
        return files
    }

    @Test(
        "any prefix of the journal resumes to identical result files",
        arguments: [
            """
            name: resume-tpe
            seed: 9
            model: {type: benchmark_function, function: branin}
            search: {strategy: tpe, trials: 30, initial_trials: 5, concurrency: 2}
            """,
            """
            name: resume-pruned
            seed: 3
            dataset: {source: builtin:iris, preprocess: [standardize]}
            model: {type: logistic_regression, solver: sgd}
            schedule:
              epochs: 9
              learning_rate: {loguniform: [1.0e-6, 0.1]}
            cv: {folds: 3}
            search:
              strategy: cmaes
              trials: 12
              metric: log_loss
              concurrency: 2
              pruning: {type: successive_halving, min_resource: 1, reduction_factor: 3}
            """,
            // A choice of models: restored suggestions hold only their block's hyperparameters.
            """
            name: resume-choice
            seed: 5
            dataset: {source: builtin:iris, preprocess: [standardize]}
            model:
              choice:
                - {type: knn, n_neighbors: {int: [1, 40]}}
                - {type: logistic_regression, C: {loguniform: [0.001, 100]}}
                - {type: mlp, hidden_layers: [4]}
            schedule:
              epochs: 4
              optimizer: {type: {choice: [sgd, adam]}, beta1: {uniform: [0.8, 0.99]}}
            cv: {folds: 3}
            search: {strategy: tpe, trials: 16, initial_trials: 4, concurrency: 2, metric: accuracy}
            """,
            """
            name: resume-cmaes-margin
            seed: 5
            dataset: {source: builtin:iris}
            model: {type: decision_tree, max_depth: {int: [1, 10]}, min_samples_leaf: {int: [1, 20]}}
            cv: {folds: 3}
            search: {strategy: cmaes, trials: 18, margin: true, metric: accuracy, concurrency: 3}
            """,
        ])
    func resumeFromPrefixes(_ yaml: String) async throws {
        let recorder = Recorder()
        let reference = try await Self.run(yaml, journal: [:], recorder: recorder)
        let records = recorder.records.withLock { $0 }
        #expect(records.count > 20)
        for share in [0.1, 0.4, 0.8] {
            let prefix = records.prefix(Int(Double(records.count) * share))
            let journal = Dictionary(prefix.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
            let resumed = try await Self.run(yaml, journal: journal, recorder: nil)
            for (name, data) in reference {
                #expect(resumed[name] == data, "\(name) differs after resuming from \(prefix.count) records")
            }
        }
    }
}
