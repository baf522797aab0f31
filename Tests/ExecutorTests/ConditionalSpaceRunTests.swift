import Executor
import ExperimentSpec
import Foundation
import HyperplanCore
import Learners
import Search
import Testing

/// Conditional dimensions through the whole pipeline: the spec builds them, trials carry only the ones that
/// exist, and each trial trains the learner and schedule its configuration names.
@Suite("Conditional spaces, end to end")
struct ConditionalSpaceRunTests {
    static let scheduleSearch = """
        name: conditional-schedule
        seed: 2
        dataset: {source: builtin:iris, preprocess: [standardize]}
        model: {type: mlp, hidden_layers: [8]}
        schedule:
          epochs: 5
          optimizer:
            momentum: {uniform: [0.5, 0.99]}
            type: {choice: [sgd, momentum, adam]}
            beta1: {uniform: [0.8, 0.99]}
          learning_rate: {loguniform: [0.001, 0.1]}
        cv: {scheme: stratified_kfold, folds: 3}
        search: {strategy: random, trials: 12, metric: accuracy}
        """

    @Test("a schedule option exists only where the searched option that controls it makes it apply")
    func scheduleConditions() async throws {
        let experiment = try PipelineHarness.load(Self.scheduleSearch).experiment
        // Controlled options come after the option that controls them, whatever the file's order.
        #expect(
            experiment.space.dimensions.map(\.name) == [
                "schedule.optimizer.type", "schedule.learning_rate.initial", "schedule.optimizer.momentum",
                "schedule.optimizer.beta1",
            ])
        #expect(
            experiment.space.dimensions[2].condition
                == .init(parent: "schedule.optimizer.type", values: [.string("momentum")]))
        #expect(
            experiment.space.dimensions[3].condition
                == .init(parent: "schedule.optimizer.type", values: [.string("adam")]))
        let outcome = try await PipelineHarness.run(Self.scheduleSearch, jobs: 2)
        let trials = outcome.selection.trials
        #expect(trials.count == 12)
        var optimizers = Set<String>()
        for trial in trials {
            let type = try #require(trial.configuration["schedule.optimizer.type"]?.stringValue)
            optimizers.insert(type)
            #expect((trial.configuration["schedule.optimizer.momentum"] != nil) == (type == "momentum"))
            #expect((trial.configuration["schedule.optimizer.beta1"] != nil) == (type == "adam"))
            // The trial trains with the drawn value where it exists, the default elsewhere.
            let momentum = trial.schedule?["optimizer.momentum"]?.doubleValue
            if let drawn = trial.configuration["schedule.optimizer.momentum"]?.doubleValue {
                #expect(momentum == drawn)
            }
            #expect(trial.isOK)
        }
        #expect(optimizers == ["sgd", "momentum", "adam"])
    }

    @Test("each trial of a choice of models trains its own learner, and only its block's hyperparameters")
    func modelChoice() async throws {
        let yaml = """
            name: model-choice-run
            seed: 9
            dataset: {source: builtin:wine, preprocess: [standardize]}
            model:
              choice:
                - {type: knn, n_neighbors: {int: [1, 30]}}
                - {type: decision_tree, max_depth: {int: [1, 10]}}
                - type: mlp
                  hidden_layers: [8]
            schedule:
              epochs: 3
              learning_rate: {loguniform: [0.001, 0.1]}
            cv: {scheme: stratified_kfold, folds: 3}
            search: {strategy: tpe, trials: 15, metric: accuracy}
            """
        let outcome = try await PipelineHarness.run(yaml, jobs: 2)
        var seen = Set<String>()
        for trial in outcome.selection.trials {
            let type = try #require(trial.configuration["model.type"]?.stringValue)
            seen.insert(type)
            let names = Set(trial.configuration.entries.map(\.name))
            switch type {
            case "knn":
                #expect(names == ["model.type", "model.knn.n_neighbors"])
                #expect(trial.hyperparameters["n_neighbors"] == trial.configuration["model.knn.n_neighbors"])
                #expect(trial.schedule == nil, "a knn trial has no schedule")
            case "decision_tree":
                #expect(names == ["model.type", "model.decision_tree.max_depth"])
                #expect(trial.hyperparameters["max_depth"] == trial.configuration["model.decision_tree.max_depth"])
            default:
                // The schedule's searched option exists only for the block that trains by gradient descent.
                #expect(names == ["model.type", "schedule.learning_rate.initial"])
                #expect(trial.schedule?["epochs"] == .int(3))
                #expect(trial.folds.allSatisfy { $0.report?.history.count == 3 }, "mlp trials train epochs")
            }
            #expect(trial.isOK)
        }
        #expect(seen == ["knn", "decision_tree", "mlp"])
    }
}
