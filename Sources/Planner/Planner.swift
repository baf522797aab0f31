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
        guard let scheme = ResamplingRegistry.scheme(named: experiment.cv.scheme) else {
            throw PlanError(message: "unknown CV scheme '\(experiment.cv.scheme)'")
        }
        let foldCount = scheme.init(options: experiment.cv.options).splitCount

        var nodes: [PlanNode] = []
        func add(_ task: NodeTask, _ inputs: JSONValue, _ parents: [PlanNode]) -> PlanNode {
            let node = PlanNode(task: task, inputs: inputs, parents: parents.map(\.id))
            nodes.append(node)
            return node
        }
        let dataset = experiment.dataset
        let load = add(
            .loadData,
            .object([
                "source": .string(dataset.source.description), "sha256": .string(dataset.sha256.hex),
                "target": .string(dataset.target), "features": .array(dataset.features.map(JSONValue.string)),
                "task": .string(dataset.task.rawValue),
            ]), [])
        var training = load
        if let testSize = dataset.testSize {
            training = add(
                .splitTest, .object(["test_size": testSize.json, "seed": .string(String(experiment.seed))]), [load])
        }
        let folds = add(
            .makeFolds,
            .object([
                "scheme": .string(experiment.cv.scheme), "options": experiment.cv.options.json,
                "seed": .string(String(experiment.seed)),
            ]), [training])
        let preprocessing = (0..<foldCount).map { fold in
            add(
                .fitPreprocessing(fold: fold), .object(["steps": dataset.preprocess.json, "fold": .int(fold)]), [folds])
        }
        let metrics = JSONValue.array(experiment.search.metrics.map(JSONValue.string))
        var aggregates: [PlanNode] = []
        for trial in trials {
            let fits = (0..<foldCount).map { fold in
                var inputs: [String: JSONValue] = [
                    "model": .string(experiment.model.type), "hyperparameters": trial.hyperparameters.json,
                    "metrics": metrics, "fold": .int(fold), "seed": .string(String(experiment.seed)),
                ]
                if let schedule = trial.schedule { inputs["schedule"] = schedule.json }
                return add(.fitScore(trial: trial.index, fold: fold), .object(inputs), [preprocessing[fold]])
            }
            aggregates.append(
                add(.aggregate(trial: trial.index), .object(["configuration": trial.configuration.json]), fits))
        }
        let select = add(
            .selectBest,
            .object([
                "metric": .string(experiment.search.metric), "goal": .string(experiment.search.goal.rawValue),
            ]), aggregates)
        let fullPreprocessing = add(
            .fitPreprocessing(fold: nil), .object(["steps": dataset.preprocess.json]), [training])
        let refit = add(
            .refit, .object(["model": .string(experiment.model.type), "seed": .string(String(experiment.seed))]),
            [select, fullPreprocessing])
        var bundleParents = [select, refit]
        if dataset.testSize != nil {
            bundleParents.append(add(.evaluateTest, .object(["metrics": metrics]), [refit, fullPreprocessing]))
        }
        _ = add(.writeBundle, .object(["experiment": .string(experiment.identity.hex)]), bundleParents)
        return TrialGraph(nodes: nodes, trials: trials, foldCount: foldCount, experimentIdentity: experiment.identity)
    }

    private static func propose(_ experiment: Experiment) throws(PlanError) -> [Configuration] {
        guard let strategyType = SearchStrategyRegistry.strategy(named: experiment.search.strategy) else {
            throw PlanError(message: "unknown search strategy '\(experiment.search.strategy)'")
        }
        let strategy = strategyType.init(options: experiment.search.options)
        do {
            return try strategy.proposals(for: experiment.space, seed: experiment.seed)
        } catch {
            throw PlanError(message: error.message)
        }
    }
}
