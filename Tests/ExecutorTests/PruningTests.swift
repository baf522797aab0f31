import Executor
import Foundation
import HyperplanCore
import Learners
import Planner
import ResultBundle
import Testing

/// `search.pruning`: a configuration that learns nothing is stopped at the first rung it fails, and pruning
/// decisions, like suggestions, do not depend on `-j`.
@Suite("Pruning")
struct PruningTests {
    /// Five learning rates, the last one far too small to learn anything in a few epochs; with concurrency 1
    /// every trial is judged against all the trials before it.
    static func experiment(pruning: String, concurrency: Int = 1, epochs: Int = 9) -> String {
        """
        name: pruning
        seed: 3
        dataset: {source: builtin:iris, preprocess: [standardize]}
        model:
          type: logistic_regression
          solver: sgd
          C: 1.0
        schedule:
          epochs: \(epochs)
          batch_size: 16
          learning_rate: {choice: [0.05, 0.04, 0.03, 0.06, 1.0e-7]}
        cv: {scheme: stratified_kfold, folds: 3}
        search:
          strategy: grid
          metric: log_loss
          concurrency: \(concurrency)
          pruning: \(pruning)
        """
    }

    @Test(
        "the configuration that learns nothing is pruned at the first checkpoint; the others run every epoch",
        arguments: [
            ("{type: median, min_resource: 3, startup_trials: 2}", 3),
            ("{type: successive_halving, min_resource: 1, reduction_factor: 3}", 1),
            ("{type: asha, min_resource: 1, reduction_factor: 3}", 1),
        ])
    func badConfigurationIsPruned(_ pruning: String, expectedRung: Int) async throws {
        let outcome = try await PipelineHarness.run(Self.experiment(pruning: pruning), jobs: 2)
        let trials = outcome.selection.trials
        #expect(trials.count == 5)
        let bad = try #require(trials.last)
        #expect(bad.status == .pruned(resource: expectedRung))
        // Every fold of the hopeless trial stopped at that rung, with its learning curve up to there.
        for fold in bad.folds {
            #expect(fold.status == .pruned(resource: expectedRung))
            #expect(fold.report?.history.count == expectedRung)
        }
        // The good learning rates are never worse than the hopeless one; the first trial, with nothing to
        // compare against, always runs to the end.
        #expect(trials[0].isOK)
        #expect(trials[0].folds.allSatisfy { $0.report?.history.count == 9 })
        #expect(outcome.prunedTrials >= 1)
        #expect(outcome.failedTrials == 0)
        #expect(outcome.selection.ranks.last == .some(nil), "a pruned trial is not ranked")
        #expect(outcome.selection.best.map { trials[$0].isOK } == true)
    }

    @Test("without pruning the same trial runs all its epochs (the rule, not the data, stops it)")
    func unprunedBaseline() async throws {
        let yaml = Self.experiment(pruning: "{type: median}").replacingOccurrences(
            of: "\n  pruning: {type: median}", with: "")
        #expect(!yaml.contains("pruning:"))
        let outcome = try await PipelineHarness.run(yaml, jobs: 2)
        #expect(outcome.selection.trials.allSatisfy { $0.isOK })
        let bad = try #require(outcome.selection.trials.last)
        // It learned (almost) nothing: its loss stays near log 3, far above the others'.
        let loss = try #require(bad.validation["log_loss"]?.mean)
        #expect(abs(loss - log(3.0)) < 0.05)
        for trial in outcome.selection.trials.dropLast() {
            #expect((trial.validation["log_loss"]?.mean ?? .infinity) < loss - 0.3)
        }
    }

    @Test(
        "-j 1 and -j 4 give byte-identical bundles with pruning and concurrency 2",
        arguments: ["{type: hyperband, min_resource: 1, reduction_factor: 2}", "{type: median, startup_trials: 1}"])
    func pruningIsDeterministic(_ pruning: String) async throws {
        let yaml = Self.experiment(pruning: pruning, concurrency: 2, epochs: 8)
        let sequential = try await PipelineHarness.bundleFiles(yaml, jobs: 1)
        let parallel = try await PipelineHarness.bundleFiles(yaml, jobs: 4)
        #expect(!sequential.isEmpty)
        for (name, data) in sequential {
            #expect(parallel[name] == data, "\(name) differs between -j 1 and -j 4")
        }
        let trials = String(decoding: sequential["trials.jsonl"] ?? Data(), as: UTF8.self)
        #expect(trials.contains("\"status\":\"pruned\""), "the hopeless trial is pruned")
    }
}
