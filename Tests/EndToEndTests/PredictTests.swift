import Foundation
import HyperplanCore
import Metrics
import Testing

/// `hyperplan predict` on a bundle's own test rows reproduces the bundle: the same predictions as
/// `predictions.csv`, and from them the same test scores as `summary.json`, bit for bit, for every learner.
@Suite("Predict reproduces the bundle's test split")
struct PredictTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var dataset: String
        var target: String
        var preprocess: String
        var model: String
        var schedule = ""
        var metrics: String
        var testDescription: String { name }

        var yaml: String {
            """
            name: \(name)
            seed: 11
            dataset:
              source: builtin:\(dataset)
              target: \(target)
              test_size: 0.25
              preprocess: \(preprocess)
            model:
            \(model)
            \(schedule)
            cv:
              folds: 2
            search:
              metrics: \(metrics)
            """
        }
    }

    static let classification = "[accuracy, log_loss]"
    static let regression = "[r2, mse]"

    static let cases: [Case] = [
        Case(
            name: "linear", dataset: "diabetes", target: "progression", preprocess: "[standardize]",
            model: "  type: linear_regression\n  penalty: l2\n  alpha: {choice: [0.1, 10]}", metrics: regression),
        Case(
            name: "lasso", dataset: "diabetes", target: "progression", preprocess: "[]",
            model: "  type: linear_regression\n  penalty: l1\n  alpha: 0.05", metrics: regression),
        Case(
            name: "logistic-multiclass", dataset: "iris", target: "species", preprocess: "[standardize]",
            model: "  type: logistic_regression\n  C: {choice: [0.1, 10]}", metrics: classification),
        Case(
            name: "logistic-binary", dataset: "breast_cancer", target: "diagnosis", preprocess: "[standardize]",
            model: "  type: logistic_regression", metrics: "[accuracy, log_loss, roc_auc]"),
        Case(
            name: "logistic-penguins", dataset: "penguins", target: "species",
            preprocess: "[impute, one_hot, standardize]", model: "  type: logistic_regression",
            metrics: classification),
        Case(
            name: "tree-classifier", dataset: "penguins", target: "species", preprocess: "[{impute: median}, one_hot]",
            model: "  type: decision_tree\n  max_depth: {choice: [2, 5]}", metrics: classification),
        Case(
            name: "tree-regressor", dataset: "diabetes", target: "progression", preprocess: "[]",
            model: "  type: decision_tree\n  max_depth: 4", metrics: regression),
        Case(
            name: "forest-classifier", dataset: "wine", target: "cultivar", preprocess: "[]",
            model: "  type: random_forest\n  n_estimators: 8", metrics: classification),
        Case(
            name: "forest-regressor", dataset: "diabetes", target: "progression", preprocess: "[]",
            model: "  type: random_forest\n  n_estimators: 5\n  max_depth: 5", metrics: regression),
        Case(
            name: "knn-classifier", dataset: "penguins", target: "species",
            preprocess: "[impute, one_hot, standardize]",
            model: "  type: knn\n  n_neighbors: {choice: [3, 7]}\n  weights: distance", metrics: classification),
        Case(
            name: "knn-regressor", dataset: "diabetes", target: "progression", preprocess: "[standardize]",
            model: "  type: knn\n  n_neighbors: 5\n  metric: manhattan", metrics: regression),
        Case(
            name: "mlp-classifier", dataset: "iris", target: "species", preprocess: "[standardize]",
            model: "  type: mlp\n  hidden_layers: [8]", schedule: "schedule:\n  epochs: 15",
            metrics: classification),
        Case(
            name: "mlp-regressor", dataset: "diabetes", target: "progression", preprocess: "[standardize]",
            model: "  type: mlp\n  hidden_layers: [6]\n  activation: tanh", schedule: "schedule:\n  epochs: 10",
            metrics: regression),
    ]

    @Test("predict on the test rows gives predictions.csv and the test scores exactly", arguments: cases)
    func reproducesTheTestSplit(_ testCase: Case) throws {
        let bundle = try PredictWorkspace.bundle(testCase.name, testCase.yaml)
        let expected = try PredictWorkspace.lines(bundle.appendingPathComponent("predictions.csv"))
        let model = try PredictWorkspace.json(bundle.appendingPathComponent("model.json"))
        let classes = model["classes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let header = expected[0].split(separator: ",").map(String.init)
        #expect(Array(header.prefix(3)) == ["row", "true", "predicted"])
        #expect(Array(header.dropFirst(3)) == classes.map { "probability_\($0)" })
        let records = expected.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let rows = try records.map { try #require(Int($0[0])) }
        #expect(!rows.isEmpty && rows == rows.sorted())

        let scratch = try PredictWorkspace.scratch()
        try PredictWorkspace.builtinRows(testCase.dataset, rows: rows, to: scratch.appendingPathComponent("rows.csv"))
        let classification = !classes.isEmpty
        let result = try HyperplanProcess.run(
            ["predict", bundle.path, "--input", "rows.csv", "--output", "out.csv"]
                + (classification ? ["--proba"] : []),
            in: scratch)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardError == "rows.csv: note: ignoring column the model does not read: "
                + "'\(testCase.target)' (the target)\n")
        let predicted = try PredictWorkspace.lines(scratch.appendingPathComponent("out.csv"))
        #expect(predicted.count == expected.count)
        #expect(predicted[0] == (["row", "predicted"] + header.dropFirst(3)).joined(separator: ","))
        for (index, (line, record)) in zip(predicted.dropFirst(), records).enumerated() {
            #expect(line == ([String(index)] + record.dropFirst(2).map(String.init)).joined(separator: ","))
        }

        // The test scores, recomputed from predict's output and the true targets.
        let summary = try PredictWorkspace.json(bundle.appendingPathComponent("summary.json"))
        let test = try #require(summary["test"]?.objectValue)
        let fields = predicted.dropFirst().map { $0.split(separator: ",").map(String.init) }
        let truth: Targets
        let predictions: Predictions
        if classification {
            let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
            truth = .classes(try records.map { try #require(index[String($0[1])]) }, classCount: classes.count)
            let probabilities = try fields.flatMap { row in try row.dropFirst(2).map { try #require(Double($0)) } }
            predictions = .classes(
                labels: try fields.map { try #require(index[$0[1]]) },
                probabilities: Matrix(rows: fields.count, columns: classes.count, storage: probabilities))
        } else {
            truth = .values(try records.map { try #require(Double(String($0[1]))) })
            predictions = .values(try fields.map { try #require(Double($0[1])) })
        }
        #expect(!test.isEmpty)
        for (name, value) in test {
            let metric = try #require(MetricRegistry.metric(named: name))
            let score = metric.score(truth: truth, predictions: predictions)
            #expect(score == value.doubleValue, "\(name): \(score) recomputed, \(String(describing: value)) in summary")
        }
    }
}
