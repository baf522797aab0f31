import Datasets
import HyperplanCore
import HyperplanTestSupport
import Learners
import Testing

/// Every learner's fitted model, written as its `parameters` and read back through `LearnerRegistry.rebuild`,
/// predicts the same bits as the model the fit returned.
@Suite("Fitted models rebuilt from their parameters")
struct ModelRebuildTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var learner: String
        var dataset: String
        var hyperparameters: [String: ParameterValue]
        /// Keep only these rows (a smaller problem, or one with a class missing).
        var rows: ClosedRange<Int>?

        var testDescription: String {
            "\(learner) on \(dataset) \(hyperparameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })"
        }
    }

    static let cases: [Case] = [
        Case(learner: "linear_regression", dataset: "diabetes", hyperparameters: [:]),
        Case(learner: "linear_regression", dataset: "diabetes", hyperparameters: ["penalty": .string("l1")]),
        Case(learner: "logistic_regression", dataset: "iris", hyperparameters: [:]),
        Case(learner: "logistic_regression", dataset: "breast_cancer", hyperparameters: [:], rows: 0...199),
        // Rows 0...99 of iris hold two of its three classes: fitted_class_indices.
        Case(learner: "logistic_regression", dataset: "iris", hyperparameters: [:], rows: 0...99),
        Case(learner: "decision_tree", dataset: "iris", hyperparameters: [:]),
        Case(learner: "decision_tree", dataset: "diabetes", hyperparameters: ["max_depth": .int(4)]),
        Case(learner: "random_forest", dataset: "wine", hyperparameters: ["n_estimators": .int(5)]),
        Case(learner: "random_forest", dataset: "diabetes", hyperparameters: ["n_estimators": .int(3)]),
        Case(learner: "knn", dataset: "iris", hyperparameters: ["weights": .string("distance")]),
        Case(learner: "knn", dataset: "diabetes", hyperparameters: ["metric": .string("minkowski"), "p": .double(3)]),
        Case(learner: "knn", dataset: "wine", hyperparameters: ["metric": .string("manhattan")]),
        Case(learner: "mlp", dataset: "iris", hyperparameters: ["hidden_layers": .list([.int(6), .int(4)])]),
        Case(learner: "mlp", dataset: "breast_cancer", hyperparameters: ["hidden_layers": .list([.int(3)])]),
        Case(
            learner: "mlp", dataset: "diabetes",
            hyperparameters: ["hidden_layers": .list([.int(5)]), "activation": .string("tanh")]),
    ]

    struct Fitted {
        var model: any FittedModel
        var features: Matrix
        var stored: StoredParameters
    }

    static func fit(_ testCase: Case) throws -> Fitted {
        let dataset = try ReferenceDatasets.supervised(testCase.dataset)
        let rows = testCase.rows.map(Array.init) ?? Array(0..<dataset.rowCount)
        let features = try ReferenceDatasets.numericFeatures(of: dataset, rows: rows)
        let learnerType = try #require(LearnerRegistry.learner(named: testCase.learner))
        var values = learnerType.taskDefaults(for: dataset.task)
        values.merge(testCase.hyperparameters) { $1 }
        let hyperparameters = Hyperparameters(values).withDefaults(from: learnerType.schema)
        let learner = learnerType.init(hyperparameters: hyperparameters, task: dataset.task)
        var context = FitContext(seed: 3, key: "rebuild")
        context.schedule = TrainingSchedule(options: Hyperparameters(["epochs": .int(4)]))
        let model = try learner.fit(features: features, targets: dataset.targets.selecting(rows), context: context)
        // Through text, as model.json stores it.
        let parameters = try JSONValue.parse(model.parameters.prettyString())
        let stored = StoredParameters(
            field: JSONField(parameters, path: "parameters"), task: dataset.task, classCount: dataset.classNames.count,
            featureCount: features.columns)
        return Fitted(model: model, features: features, stored: stored)
    }

    @Test("the rebuilt model predicts exactly what the fitted one does", arguments: cases)
    func sameBits(_ testCase: Case) throws {
        let fitted = try Self.fit(testCase)
        let rebuilt = try LearnerRegistry.rebuild(type: testCase.learner, parameters: fitted.stored)
        #expect(type(of: rebuilt) == type(of: fitted.model))
        #expect(rebuilt.predict(fitted.features) == fitted.model.predict(fitted.features))
        #expect(rebuilt.parameters == fitted.model.parameters, "the parameters round-trip")
    }

    @Test("a learner name no learner has is an error naming 'type'")
    func unknownType() throws {
        let fitted = try Self.fit(Self.cases[0])
        let error = #expect(throws: JSONFieldError.self) {
            try LearnerRegistry.rebuild(type: "svm", parameters: fitted.stored)
        }
        #expect(error?.path == "type")
    }
}
