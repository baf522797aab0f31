import ExperimentSpec
import Foundation
import HyperplanCore
import Planner
import Search
import Testing

@Suite("Planner")
struct PlannerTests {
    static let experiments = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("experiments")

    /// Loads an experiment from YAML text (datasets resolve against the examples folder).
    func experiment(_ yaml: String) throws -> Experiment {
        let report = ExperimentLoader.validate(text: yaml, path: "test.yaml", baseDirectory: Self.experiments)
        let loaded = try #require(report.loaded, "\(report.diagnostics.map(\.fullMessage))")
        return loaded.experiment
    }

    func quickstart() throws -> Experiment {
        let text = try String(contentsOf: Self.experiments.appendingPathComponent("quickstart.yaml"), encoding: .utf8)
        return try experiment(text)
    }

    static let ridge = """
        name: ridge
        dataset: {source: builtin:diabetes, preprocess: [standardize]}
        model:
          type: linear_regression
          penalty: l2
          alpha: {choice: [0.1, 1, 10]}
        cv: {folds: 4}
        """

    @Test(
        "the quickstart compiles to the documented shape: shared data and preprocessing, one fit per configuration and fold"
    )
    func quickstartShape() throws {
        let graph = try Planner.plan(try quickstart())
        let counts = Dictionary(uniqueKeysWithValues: graph.countsByKind.map { ($0.kind, $0.count) })
        #expect(graph.trials.count == 7)
        #expect(graph.foldCount == 5)
        #expect(
            counts == [
                "load_data": 1, "split_test": 1, "make_folds": 1, "fit_preprocessing": 6, "fit_score": 35,
                "aggregate": 7, "select_best": 1, "refit": 1, "evaluate_test": 1, "write_bundle": 1,
            ])
        #expect(graph.nodes.count == 55)
        let values = graph.trials.compactMap { $0.configuration["model.C"]?.doubleValue }
        #expect(values == [0.001, 0.01, 0.1, 1, 10, 100, 1000])
    }

    @Test("nodes are in topological order and IDs are unique")
    func topologicalOrder() throws {
        let graph = try Planner.plan(try quickstart())
        var seen = Set<ContentHash>()
        for node in graph.nodes {
            #expect(node.parents.allSatisfy(seen.contains), "\(node.task.label) comes before a parent")
            #expect(seen.insert(node.id).inserted, "duplicate ID for \(node.task.label)")
        }
    }

    @Test("the critical path runs from loading the data to writing the bundle through one fit")
    func criticalPath() throws {
        let path = try Planner.plan(try quickstart()).criticalPath.map(\.task.kind)
        #expect(
            path == [
                "load_data", "split_test", "make_folds", "fit_preprocessing", "fit_score", "aggregate", "select_best",
                "refit", "evaluate_test", "write_bundle",
            ])
        let ridgePath = try Planner.plan(try experiment(Self.ridge)).criticalPath.map(\.task.kind)
        #expect(!ridgePath.contains("split_test") && !ridgePath.contains("evaluate_test"))
        #expect(ridgePath.count == 8)
    }

    @Test("node IDs depend on content: planning twice gives the same IDs")
    func stableIDs() throws {
        let first = try Planner.plan(try quickstart()).nodes.map(\.id)
        let second = try Planner.plan(try quickstart()).nodes.map(\.id)
        #expect(first == second)
    }

    @Test("changing the search space changes fit nodes but not data, split, fold or preprocessing nodes")
    func idsFollowInputs() throws {
        let base = try Planner.plan(try experiment(Self.ridge))
        let changed = try Planner.plan(
            try experiment(Self.ridge.replacingOccurrences(of: "[0.1, 1, 10]", with: "[0.1, 1, 100]")))
        func ids(_ graph: TrialGraph, _ kind: String) -> Set<ContentHash> {
            Set(graph.nodes.filter { $0.task.kind == kind }.map(\.id))
        }
        for kind in ["load_data", "make_folds", "fit_preprocessing"] {
            #expect(ids(base, kind) == ids(changed, kind), "\(kind) should be shared")
        }
        let sharedFits = ids(base, "fit_score").intersection(ids(changed, "fit_score"))
        #expect(sharedFits.count == 8, "alpha 0.1 and 1 keep their 2 × 4 fits")
        #expect(ids(base, "select_best") != ids(changed, "select_best"))

        let reseeded = try Planner.plan(try experiment("seed: 9\n" + Self.ridge))
        #expect(ids(base, "load_data") == ids(reseeded, "load_data"))
        #expect(ids(base, "make_folds") != ids(reseeded, "make_folds"))
    }

    @Test("an integer written for a real-valued option is the same configuration as the real number")
    func canonicalNumbers() throws {
        let integers = try Planner.plan(
            try experiment(Self.ridge.replacingOccurrences(of: "[0.1, 1, 10]", with: "[1, 10]")))
        let reals = try Planner.plan(
            try experiment(Self.ridge.replacingOccurrences(of: "[0.1, 1, 10]", with: "[1.0, 10.0]")))
        #expect(integers.nodes.map(\.id) == reals.nodes.map(\.id))
        #expect(integers.trials.map { $0.hyperparameters["alpha"] } == [.double(1), .double(10)])
    }

    @Test("identical random proposals become one trial, counted")
    func duplicateProposalsMerge() throws {
        let graph = try Planner.plan(try experiment(Self.ridge + "\nsearch: {strategy: random, trials: 40}"))
        #expect(graph.trials.count == 3)
        #expect(graph.trials.map(\.proposals).reduce(0, +) == 40)
        #expect(graph.nodes.filter { $0.task.kind == "fit_score" }.count == 12)
    }

    @Test("JSON and DOT renderings name every node and edge")
    func renderings() throws {
        let graph = try Planner.plan(try quickstart())
        let json = try JSONValue.parse(graph.json.prettyString())
        #expect(json["nodes"]?.arrayValue?.count == graph.nodes.count)
        #expect(json["trials"]?.arrayValue?.count == 7)
        let dot = graph.dot
        let edges = graph.nodes.reduce(0) { $0 + $1.parents.count }
        #expect(dot.hasPrefix("digraph plan {"))
        #expect(dot.components(separatedBy: " -> ").count - 1 == edges)
        let text = graph.textSummary(name: "iris-logistic")
        #expect(text.contains("fit_score") && text.contains("35") && text.contains("critical path (10 nodes)"))
    }
}
