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
        let strategy = try searchStrategy(experiment)
        var trials: [TrialGraph.Trial] = []
        var sequenced: TrialGraph.SequencedSearch?
        if let planned = strategy as? any PlannedSearch {
            var proposals: [Configuration]
            do {
                proposals = try planned.proposals(for: experiment.space, seed: experiment.seed)
            } catch {
                throw PlanError(message: error.message)
            }
            // `search.seed_points` first; they count towards `trials` where the strategy has a number of trials.
            let seeds = experiment.search.seedPoints
            if !seeds.isEmpty {
                let total = experiment.search.options.int("trials").map { max($0, seeds.count) }
                proposals = Array((seeds + proposals).prefix(total ?? seeds.count + proposals.count))
            }
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
                        schedule: experiment.scheduleOptions(for: configuration), proposals: 1))
            }
        } else if let search = strategy as? any AdaptiveSearch {
            sequenced = TrialGraph.SequencedSearch(
                strategy: experiment.search.strategy, concurrency: experiment.search.concurrency,
                suggestsConfigurations: true)
            let empty = Configuration()
            trials = (0..<search.trials).map { index in
                TrialGraph.Trial(
                    index: index, configuration: empty, hyperparameters: experiment.model.hyperparameters(for: empty),
                    schedule: experiment.scheduleOptions(for: empty), proposals: 0)
            }
        } else {
            throw PlanError(message: "search strategy '\(experiment.search.strategy)' is neither planned nor adaptive")
        }
        if sequenced == nil, experiment.search.isSequenced {
            sequenced = TrialGraph.SequencedSearch(
                strategy: experiment.search.strategy, concurrency: experiment.search.concurrency,
                suggestsConfigurations: false)
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
                "model": .string(experiment.model.type(for: trial.configuration)),
                "hyperparameters": trial.hyperparameters.json,
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
            // A trial command gets the fold's rows as files: raw, or with `dataset.preprocess` fitted on the
            // fold's training rows and applied to both files.
            let preprocessed = !dataset.preprocess.steps.isEmpty
            foldInputs = (0..<foldCount).map { fold in
                let prepared =
                    command == nil || preprocessed
                    ? add(
                        .fitPreprocessing(fold: fold), .object(["steps": dataset.preprocess.json, "fold": .int(fold)]),
                        [folds]) : nil
                guard command != nil else { return prepared ?? folds }
                return add(
                    .exportFold(fold: fold), .object(["fold": .int(fold), "preprocessed": .bool(preprocessed)]),
                    [prepared ?? folds])
            }
        }
        var aggregates: [PlanNode] = []
        var suggestions: [PlanNode] = []
        for trial in trials {
            // Adaptive: the configuration comes from the trial's suggest node, which waits for the outcome of
            // trial i − concurrency (and, through the previous suggestion, of every trial before it).
            var suggestion: PlanNode?
            if let sequenced {
                let index = trial.index
                let parents =
                    (suggestions.last.map { [$0] } ?? [])
                    + (index >= sequenced.concurrency ? [aggregates[index - sequenced.concurrency]] : [])
                let node = add(
                    .suggest(trial: index),
                    suggestInputs(
                        experiment, trial: trial, concurrency: sequenced.concurrency,
                        planned: !sequenced.suggestsConfigurations), parents)
                suggestions.append(node)
                suggestion = node
            }
            let fits = (0..<foldCount).map { fold in
                add(
                    .fitScore(trial: trial.index, fold: fold), fitInputs(trial, fold: fold),
                    (foldInputs.isEmpty ? [] : [foldInputs[fold]]) + (suggestion.map { [$0] } ?? []))
            }
            aggregates.append(
                add(
                    .aggregate(trial: trial.index),
                    .object([
                        "configuration": sequenced?.suggestsConfigurations == true ? .null : trial.configuration.json
                    ]),
                    fits + (suggestion.map { [$0] } ?? [])))
        }
        let select = add(
            .selectBest,
            .object(["metric": .string(experiment.search.metric), "goal": .string(experiment.search.goal.rawValue)]),
            aggregates)
        var bundleParents = [select]
        // The best configuration refitted on the training split (and tested): for a command without data there
        // is nothing to refit on, the trials are the result.
        // A command without a test split has nothing to be run on: its trials are the result.
        if let dataset = experiment.dataset, let training, command == nil || dataset.testSize != nil {
            let preprocessed = !dataset.preprocess.steps.isEmpty
            let fullPrepared =
                command == nil || preprocessed
                ? add(.fitPreprocessing(fold: nil), .object(["steps": dataset.preprocess.json]), [training]) : nil
            let fullInput =
                command == nil
                ? (fullPrepared ?? training)
                : add(
                    .exportFold(fold: nil), .object(["preprocessed": .bool(preprocessed)]), [fullPrepared ?? training])
            var refitInputs: [String: JSONValue] = ["model": .string(experiment.model.type), "seed": seed]
            if let command { refitInputs["command"] = command.json }
            let refit = add(.refit, .object(refitInputs), [select, fullInput])
            bundleParents.append(refit)
            if dataset.testSize != nil {
                bundleParents.append(add(.evaluateTest, .object(["metrics": metrics]), [refit, fullInput]))
            }
        }
        _ = add(.writeBundle, .object(["experiment": .string(experiment.identity.hex)]), bundleParents)
        return TrialGraph(
            nodes: nodes, trials: trials, sequenced: sequenced, foldCount: foldCount,
            experimentIdentity: experiment.identity)
    }

    private static func searchStrategy(_ experiment: Experiment) throws(PlanError) -> any SearchStrategy {
        guard let strategyType = SearchStrategyRegistry.strategy(named: experiment.search.strategy) else {
            throw PlanError(message: "unknown search strategy '\(experiment.search.strategy)'")
        }
        return strategyType.init(options: experiment.search.options)
    }

    /// What a suggestion computes from besides its parents: everything that decides the strategy's answer
    /// and the pruning of the trial, except `trials`, so that raising `trials` keeps every earlier suggestion
    /// (and its trial's fits). A planned trial's suggestion is its configuration.
    private static func suggestInputs(
        _ experiment: Experiment, trial: TrialGraph.Trial, concurrency: Int, planned: Bool
    ) -> JSONValue {
        var inputs: [String: JSONValue] = [
            "strategy": .string(experiment.search.strategy), "seed": .string(String(experiment.seed)),
            "trial": .int(trial.index), "concurrency": .int(concurrency),
            "metric": .string(experiment.search.metric), "goal": .string(experiment.search.goal.rawValue),
        ]
        if planned {
            inputs["configuration"] = trial.configuration.json
        } else {
            var options = experiment.search.options
            options["trials"] = nil
            inputs["options"] = options.json
            inputs["space"] = experiment.space.json
        }
        if let pruning = experiment.search.pruning {
            inputs["pruning"] = .object(["rule": .string(pruning.rule), "options": pruning.options.json])
        }
        return .object(inputs)
    }
}
