import Executor
import ExperimentSpec
import Foundation
import HyperplanCore
import ResultBundle
import Search
import Testing

/// A fit that fails marks its trial failed with the reason; the run and the bundle go on.
@Suite("Failed trials")
struct FailedTrialTests {
    /// Two classes in blocks: with unshuffled 2-fold k-fold every training fold holds one class,
    /// so every logistic regression fit fails.
    static let blockedClasses: String = {
        var lines = ["x,label"]
        for row in 0..<20 { lines.append("\(row),\(row < 10 ? "a" : "b")") }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test("when every trial fails the bundle is still written, with the reasons, and no model")
    func everyTrialFails() async throws {
        let directory = try PipelineHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.blockedClasses.write(
            to: directory.appendingPathComponent("blocked.csv"), atomically: true, encoding: .utf8)
        let yaml = """
            name: doomed
            dataset: {source: blocked.csv, target: label}
            model:
              type: logistic_regression
              C: {choice: [0.1, 1]}
            cv: {scheme: kfold, folds: 2}
            """
        let root = directory.appendingPathComponent("runs")
        let outcome = try await PipelineHarness.run(yaml, jobs: 2, root: root, baseDirectory: directory)
        #expect(outcome.selection.best == nil)
        #expect(outcome.refit == nil)
        #expect(outcome.failedTrials == 2)
        for trial in outcome.selection.trials {
            guard case .failed(let reason) = trial.status else {
                Issue.record("trial \(trial.trial) should have failed")
                continue
            }
            #expect(reason.contains("single class"))
        }
        let layout = BundleLayout(root: root, experimentName: "doomed", identity: outcome.experiment.identity)
        let summary = try JSONValue.parse(String(contentsOf: layout.url(.summary), encoding: .utf8))
        #expect(summary["status"] == .string("failed"))
        #expect(summary["counts"]?["failed"] == .int(2))
        let trials = try String(contentsOf: layout.url(.trials), encoding: .utf8).split(separator: "\n")
        #expect(trials.count == 2)
        let first = try JSONValue.parse(String(trials[0]))
        #expect(first["status"] == .string("failed"))
        #expect(first["reason"]?.stringValue?.hasPrefix("fold 0:") == true)
        let model = try JSONValue.parse(String(contentsOf: layout.url(.model), encoding: .utf8))
        #expect(model["fitted"] == .bool(false))
    }
}
