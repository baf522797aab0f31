import Executor
import ExperimentSpec
import Foundation
import HyperplanCore
import Planner
import ResultBundle
import Search
import Testing

/// `search.seed_points`, `search.stop_when` and `search.patience`.
@Suite("Seed points and stopping conditions")
struct SearchStoppingTests {
    static func experiment(search: String) -> String {
        """
        name: stopping
        seed: 5
        dataset: {source: builtin:iris, preprocess: [standardize]}
        model:
          type: logistic_regression
          C: {loguniform: [0.001, 1000], grid: 7}
        cv: {scheme: stratified_kfold, folds: 3}
        search:
        \(search)
        """
    }

    @Test("seed points run first, in order, and count towards 'trials'")
    func seedPointsFirst() async throws {
        let yaml = Self.experiment(
            search: """
                  strategy: random
                  trials: 5
                  seed_points: [{C: 0.5}, {model.C: 3}]
                """
        ).replacingOccurrences(of: "{loguniform: [0.001, 1000], grid: 7}", with: "{loguniform: [0.001, 1000]}")
        let outcome = try await PipelineHarness.run(yaml, jobs: 2)
        let trials = outcome.selection.trials
        #expect(trials.count == 5)
        #expect(trials[0].configuration["model.C"] == .double(0.5))
        #expect(trials[1].configuration["model.C"] == .double(3.0), "an integer is read as the real it stands for")
        // The rest are random search's first three proposals.
        let random = try RandomSearch(options: Hyperparameters(["trials": .int(3)]))
            .proposals(for: outcome.experiment.space, seed: outcome.experiment.seed)
        #expect(trials[2...].map(\.configuration) == random)
    }

    @Test("stop_when: once an earlier trial reaches the target, later trials are not run, whatever -j is")
    func stopWhenReached() async throws {
        // Grid over C from 0.001 upwards: accuracy climbs past 0.9 within the first few values of C.
        let yaml = Self.experiment(
            search: """
                  strategy: grid
                  metric: accuracy
                  concurrency: 2
                  stop_when: {metric_reaches: 0.9}
                """)
        let sequential = try await PipelineHarness.run(yaml, jobs: 1)
        let parallel = try await PipelineHarness.run(yaml, jobs: 4)
        let trials = sequential.selection.trials
        let first = try #require(
            trials.firstIndex { ($0.validation["accuracy"]?.mean ?? 0) >= 0.9 }, "some C reaches 0.9")
        // Trial i is decided from trials before i − 1 (concurrency 2): exactly one more trial runs after the
        // first to reach the target.
        #expect(trials.count == first + 2, "\(trials.count) trials ran; the target was reached by trial \(first)")
        #expect(trials.count < 7)
        #expect(sequential.selection.searchStopped?.contains("search.stop_when: 0.9") == true)
        #expect(parallel.selection.trials.map(\.configuration) == trials.map(\.configuration))
        #expect(
            parallel.selection.trials.map { $0.validation["accuracy"]?.mean }
                == trials.map { $0.validation["accuracy"]?.mean })
    }

    @Test("patience: the search stops after that many trials in a row without improvement")
    func patience() async throws {
        // accuracy on a grid of C rises, then flattens: ties are not improvements.
        let yaml = Self.experiment(
            search: """
                  strategy: grid
                  metric: accuracy
                  concurrency: 1
                  patience: 1
                """)
        let outcome = try await PipelineHarness.run(yaml, jobs: 2)
        let scores = outcome.selection.trials.map { $0.validation["accuracy"]?.mean ?? .nan }
        // Recompute where the rule must stop from the scores themselves.
        var best = -Double.infinity, since = 0, expected = scores.count
        for (index, score) in scores.enumerated() {
            if score > best { (best, since) = (score, 0) } else { since += 1 }
            if since >= 1 {
                expected = index + 1
                break
            }
        }
        #expect(scores.count == expected, "scores \(scores)")
        #expect(scores.count < 7, "C = 100 ties C = 10, so C = 1000 is not run")
        #expect(outcome.selection.searchStopped?.contains("search.patience: 1") == true)
    }
}
