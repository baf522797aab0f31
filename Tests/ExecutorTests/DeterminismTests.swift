import Executor
import ExperimentSpec
import Foundation
import HyperplanCore
import HyperplanTestSupport
import Planner
import ResultBundle
import Search
import Testing

/// `-j` changes speed, never results: bundles written with 1 and 4 parallel nodes are byte-identical.
@Suite("Determinism", .tags(.slow))
struct DeterminismTests {
    static let randomSearch = """
        name: determinism
        seed: 11
        dataset:
          source: builtin:wine
          test_size: 0.25
          preprocess: [standardize]
        model:
          type: logistic_regression
          C: {loguniform: [0.001, 100]}
          penalty: {choice: [l2, none]}
        cv:
          scheme: stratified_kfold
          folds: 4
          shuffle: true
        search:
          strategy: random
          trials: 9
          metric: log_loss
          metrics: [accuracy, balanced_accuracy]
        """

    func bundleFiles(_ yaml: String, jobs: Int) async throws -> [String: Data] {
        try await PipelineHarness.bundleFiles(yaml, jobs: jobs)
    }

    @Test("-j 1 and -j 4 write byte-identical result files", arguments: ["quickstart", "random"])
    func parallelismDoesNotChangeResults(_ which: String) async throws {
        let yaml =
            which == "random"
            ? Self.randomSearch
            : try String(
                contentsOf: PipelineHarness.experiments.appendingPathComponent("quickstart.yaml"), encoding: .utf8)
        let sequential = try await bundleFiles(yaml, jobs: 1)
        let parallel = try await bundleFiles(yaml, jobs: 4)
        #expect(
            sequential.keys.sorted() == BundleLayout.File.allCases.filter(\.isDeterministic).map(\.rawValue).sorted())
        for (name, data) in sequential {
            #expect(parallel[name] == data, "\(name) differs between -j 1 and -j 4")
        }
    }

    @Test("a different seed changes the random proposals")
    func seedMatters() async throws {
        let first = try await PipelineHarness.run(Self.randomSearch, jobs: 2)
        let second = try await PipelineHarness.run(
            Self.randomSearch.replacingOccurrences(of: "seed: 11", with: "seed: 12"), jobs: 2)
        #expect(first.selection.trials.map(\.configuration) != second.selection.trials.map(\.configuration))
    }

    @Test("raising the number of random trials keeps the earlier trials' configurations")
    func randomTrialsArePrefixes() async throws {
        let few = try PipelineHarness.load(Self.randomSearch)
        let more = try PipelineHarness.load(Self.randomSearch.replacingOccurrences(of: "trials: 9", with: "trials: 20"))
        let fewGraph = try Planner.plan(few.experiment)
        let moreGraph = try Planner.plan(more.experiment)
        #expect(
            Array(moreGraph.trials.prefix(fewGraph.trials.count).map(\.configuration))
                == fewGraph.trials.map(\.configuration))
        let fewFits = Set(fewGraph.nodes.filter { $0.task.kind == "fit_score" }.map(\.id))
        let moreFits = Set(moreGraph.nodes.filter { $0.task.kind == "fit_score" }.map(\.id))
        #expect(fewFits.isSubset(of: moreFits))
    }

    /// Adaptive strategies: each suggestion depends on the outcomes before it in logical order, not on which
    /// trials finished first.
    @Test(
        "-j 1 and -j 4 write byte-identical bundles for every strategy",
        arguments: SearchStrategyRegistry.names.filter { $0 != "grid" })
    func everyStrategyIsDeterministic(_ strategy: String) async throws {
        let yaml = """
            name: adaptive-determinism
            seed: 4
            model:
              type: benchmark_function
              function: hartmann3
              x1: {choice: [0.2, 0.5, 0.8]}
            search:
              strategy: \(strategy)
              trials: 24
              concurrency: 3
            """
        let sequential = try await bundleFiles(yaml, jobs: 1)
        let parallel = try await bundleFiles(yaml, jobs: 4)
        #expect(!sequential.isEmpty)
        for (name, data) in sequential {
            #expect(parallel[name] == data, "\(strategy): \(name) differs between -j 1 and -j 4")
        }
        // The trials really were suggested: 24 distinct configurations.
        let trials = String(decoding: sequential["results.csv"] ?? Data(), as: UTF8.self).split(separator: "\n")
        #expect(trials.count == 25, "\(strategy): header and 24 trials")
    }

    /// A choice of models: the strategy picks a learner per trial, and the block's hyperparameters with it.
    @Test(
        "-j 1 and -j 4 write byte-identical bundles for a choice of models, every strategy",
        arguments: SearchStrategyRegistry.names)
    func modelChoiceIsDeterministic(_ strategy: String) async throws {
        let yaml = """
            name: choice-determinism
            seed: 6
            dataset: {source: builtin:iris, preprocess: [standardize]}
            model:
              choice:
                - {type: knn, n_neighbors: {int: [1, \(strategy == "grid" ? 5 : 60)]}}
                - {type: decision_tree, max_depth: {int: [1, \(strategy == "grid" ? 4 : 30)]}}
                - {type: logistic_regression, C: {loguniform: [0.01, 100], grid: 3}}
            cv: {scheme: stratified_kfold, folds: 3}
            search:
              strategy: \(strategy)
            \(strategy == "grid" ? "" : "  trials: 12\n  concurrency: 3")
              metric: accuracy
            """
        let sequential = try await bundleFiles(yaml, jobs: 1)
        let parallel = try await bundleFiles(yaml, jobs: 4)
        #expect(!sequential.isEmpty)
        for (name, data) in sequential {
            #expect(parallel[name] == data, "\(strategy): \(name) differs between -j 1 and -j 4")
        }
        // Every row has its block's hyperparameter and no other block's (grid: 5 + 4 + 3 = 12 points; the
        // wider ranges elsewhere keep the planned strategies from proposing a configuration twice).
        let rows = String(decoding: sequential["results.csv"] ?? Data(), as: UTF8.self).split(separator: "\n")
        #expect(rows.count == 13, "\(strategy): header and 12 trials")
        let header = rows.first.map { $0.split(separator: ",", omittingEmptySubsequences: false) } ?? []
        #expect(
            Array(header.prefix(5)) == [
                "trial", "model.type", "model.knn.n_neighbors",
                "model.decision_tree.max_depth", "model.logistic_regression.C",
            ])
        let column = ["knn": 2, "decision_tree": 3, "logistic_regression": 4]
        for row in rows.dropFirst() {
            let cells = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count > 4, let own = column[cells[1]] else {
                Issue.record("\(strategy): unexpected row \(row)")
                continue
            }
            for index in 2...4 { #expect(cells[index].isEmpty == (index != own), "\(strategy): \(row)") }
        }
    }

    /// CMA-ES with margin regenerates each trial's unencoded sample from the history, the seed and the lag.
    @Test("-j 1 and -j 4 write byte-identical bundles for cmaes with margin")
    func cmaesMarginIsDeterministic() async throws {
        let yaml = """
            name: margin-determinism
            seed: 2
            dataset: {source: builtin:iris}
            model: {type: decision_tree, max_depth: {int: [1, 10]}, min_samples_leaf: {int: [1, 20]}}
            cv: {folds: 3}
            search: {strategy: cmaes, trials: 24, margin: true, metric: accuracy, concurrency: 3}
            """
        let sequential = try await bundleFiles(yaml, jobs: 1)
        let parallel = try await bundleFiles(yaml, jobs: 4)
        #expect(!sequential.isEmpty)
        for (name, data) in sequential {
            #expect(parallel[name] == data, "\(name) differs between -j 1 and -j 4")
        }
    }
}
