import ExperimentSpec
import HyperplanCore
import Resampling
import Search

/// Compiles a validated `Experiment` into its `TrialGraph`.
///
/// The graph shares work wherever inputs are equal: data is loaded and split once, preprocessing is
/// fitted once per fold and used by every configuration, and identical proposals become one trial.
public enum Planner {
    /// Why an experiment could not be planned.
    public struct PlanError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// - Throws: `PlanError` when the search strategy cannot search the space.
    public static func plan(_ experiment: Experiment) throws(PlanError) -> TrialGraph {
        let proposals = try propose(experiment)
        var trials: [TrialGraph.Trial] = []
        var trialIndex: [Configuration: Int] = [:]
        for configuration in proposals {
            if let existing = trialIndex[configuration] {
                trials[existing].proposals += 1
                continue
            }
            trialIndex[configuration] = trials.count
            trials.append(
                TrialGraph.Trial(
                    index: trials.count, configuration: configuration,
                    hyperparameters: experiment.model.hyperparameters(for: configuration),
                    schedule: experiment.schedule?.options(for: configuration), proposals: 1))
        }
        var nodes: [PlanNode] = []
        func add(_ task: NodeTask, _ inputs: JSONValue, _ parents: [PlanNode]) -> PlanNode {
            let node = PlanNode(task: task, inputs: inputs, parents: parents.map(\.id))
            nodes.append(node)
            return node
        }
        let metrics = JSONValue.array(experiment.search.metrics.map(JSONValue.string))
        let seed = JSONValue.string(String(experiment.seed))
        let command = experiment.model.command
        func fitInputs(_ trial: TrialGraph.Trial, fold: Int) -> JSONValue {
            var inputs: [String: JSONValue] = [
                "model": .string(experiment.model.type), "hyperparameters": trial.hyperparameters.json,
                "metrics": metrics, "fold": .int(fold), "seed": seed,
            ]
            if let schedule = trial.schedule { inputs["schedule"] = schedule.json }
            if let command { inputs["command"] = command.json }
            return .object(inputs)
        }

        // Per fold: what a fit starts from (fitted preprocessing, or for a command the fold's CSV files).
        var foldInputs: [PlanNode] = []
        var training: PlanNode?
        var foldCount = 1
        if let dataset = experiment.dataset, let cv = experiment.cv {
            guard let scheme = ResamplingRegistry.scheme(named: cv.scheme) else {
                throw PlanError(message: "unknown CV scheme '\(cv.scheme)'")
            }
            foldCount = scheme.init(options: cv.options).splitCount
            let load = add(
                .loadData,
                .object([
                    "source": .string(dataset.source.description), "sha256": .string(dataset.sha256.hex),
                    "target": .string(dataset.target), "features": .array(dataset.features.map(JSONValue.string)),
                    "task": .string(dataset.task.rawValue),
                ]), [])
            var trainingNode = load
            if let testSize = dataset.testSize {
                trainingNode = add(.splitTest, .object(["test_size": testSize.json, "seed": seed]), [load])
            }
            training = trainingNode
            let folds = add(
                .makeFolds, .object(["scheme": .string(cv.scheme), "options": cv.options.json, "seed": seed]),
                [trainingNode])
            foldInputs = (0..<foldCount).map { fold in
                command == nil
                    ? add(
                        .fitPreprocessing(fold: fold), .object(["steps": dataset.preprocess.json, "fold": .int(fold)]),
                        [folds])
                    : add(.exportFold(fold: fold), .object(["fold": .int(fold)]), [folds])
            }
        }
        var aggregates: [PlanNode] = []
        for trial in trials {
            let fits = (0..<foldCount).map { fold in
                add(
                    .fitScore(trial: trial.index, fold: fold), fitInputs(trial, fold: fold),
                    foldInputs.isEmpty ? [] : [foldInputs[fold]])
            }
            aggregates.append(
                add(.aggregate(trial: trial.index), .object(["configuration": trial.configuration.json]), fits))
        }
        let select = add(
            .selectBest,
            .object(["metric": .string(experiment.search.metric), "goal": .string(experiment.search.goal.rawValue)]),
            aggregates)
        var bundleParents = [select]
        // The best configuration refitted on the training split (and tested): for a command without data there
        // is nothing to refit on, the trials are the result.
        if let dataset = experiment.dataset, let training {
            let fullInput =
                command == nil
                ? add(.fitPreprocessing(fold: nil), .object(["steps": dataset.preprocess.json]), [training])
                : add(.exportFold(fold: nil), .object([:]), [training])
            var refitInputs: [String: JSONValue] = ["model": .string(experiment.model.type), "seed": seed]
            if let command { refitInputs["command"] = command.json }
            let refit = add(.refit, .object(refitInputs), [select, fullInput])
            bundleParents.append(refit)
            if dataset.testSize != nil {
                bundleParents.append(add(.evaluateTest, .object(["metrics": metrics]), [refit, fullInput]))
            }
        }
        _ = add(.writeBundle, .object(["experiment": .string(experiment.identity.hex)]), bundleParents)
        return TrialGraph(nodes: nodes, trials: trials, foldCount: foldCount, experimentIdentity: experiment.identity)
    }

    private static func propose(_ experiment: Experiment) throws(PlanError) -> [Configuration] {
        guard let strategyType = SearchStrategyRegistry.strategy(named: experiment.search.strategy) else {
            throw PlanError(message: "unknown search strategy '\(experiment.search.strategy)'")
        }
        guard let strategy = strategyType.init(options: experiment.search.options) as? any PlannedSearch else {
            throw PlanError(
                message: "search strategy '\(experiment.search.strategy)' is adaptive; it is not planned up front")
        }
        do {
            return try strategy.proposals(for: experiment.space, seed: experiment.seed)
        } catch {
            throw PlanError(message: error.message)
        }
    }
}
