package import Datasets
package import HyperplanCore
import Learners
package import Resampling
package import Search

/// A validated experiment with every default filled in: the spec stage's output and the planner's input.
///
/// It is a plain value: it can be printed (`resolvedJSON`), hashed (`identity`) and compared without
/// running anything.
package struct Experiment: Sendable {
    package var name: String
    package var description: String?
    /// The root of all randomness in the run.
    package var seed: UInt64
    /// The data; `nil` for a trial command that needs none.
    package var dataset: DatasetSpec?
    package var model: ModelSpec
    /// The training schedule of a learner trained by gradient descent; `nil` for other learners.
    package var schedule: ScheduleSpec?
    /// Every searched hyperparameter: the model's (`model.C`) then the schedule's (`schedule.learning_rate.initial`).
    package var space: SearchSpace
    /// How configurations are scored on the data; `nil` without a dataset.
    package var cv: CrossValidationSpec?
    package var search: SearchSpec
    package var execution: ExecutionSpec
}

extension Experiment {
    /// The schedule options of one configuration, `nil` without a schedule. In a choice of models, a block whose
    /// learner does not train iteratively with its hyperparameters gets none.
    package func scheduleOptions(for configuration: Configuration) -> Hyperparameters? {
        guard let schedule else { return nil }
        if model.isChoice {
            guard let block = model.block(for: configuration),
                LearnerRegistry.learner(named: block.type)?.trainsIteratively(
                    with: model.hyperparameters(for: configuration)) == true
            else { return nil }
        }
        return schedule.options(for: configuration)
    }
}

/// Where the rows come from and how they are prepared.
package struct DatasetSpec: Sendable {
    package enum TaskOrigin: String, Sendable {
        /// The model can only do one task.
        case model
        /// `dataset.task` says so.
        case declared
        /// Inferred from the target column.
        case inferred
    }

    package var source: DatasetSource
    /// The SHA-256 of the dataset file's bytes.
    package var sha256: ContentHash
    package var target: String
    /// The feature columns used, in order (after `features:` and `drop:`).
    package var features: [String]
    package var task: TaskKind
    package var taskOrigin: TaskOrigin
    /// Rows held out as the final test split, if any.
    package var testSize: SplitSize?
    package var preprocess: PreprocessingPlan
    package var rowCount: Int
    /// Class labels in index order, for classification.
    package var classNames: [String]
}

/// The model family, its fixed hyperparameters and its searched ones; or, for `model: {choice: [...]}`, one
/// block per alternative model, chosen per trial by the dimension `model.type`.
package struct ModelSpec: Sendable {
    /// One model the search may pick: a learner, its fixed hyperparameters and how its searched ones are named.
    package struct Block: Sendable {
        /// `type`, a name in `LearnerRegistry`.
        package var type: String
        /// Every hyperparameter that is not searched: the file's literals and the learner's defaults.
        package var fixed: Hyperparameters
        /// The prefix of this block's searched hyperparameters: `model.` alone, `model.<type>.` in a choice.
        package var pathPrefix: String

        package init(type: String, fixed: Hyperparameters, pathPrefix: String = ModelSpec.pathPrefix) {
            self.type = type
            self.fixed = fixed
            self.pathPrefix = pathPrefix
        }
    }

    /// The models: one, or the alternatives of a choice in the file's order.
    package var blocks: [Block]
    /// Whether the file lists alternative models (`model: {choice: [...]}`); then `model.type` is searched.
    package var isChoice: Bool
    /// The model's searched hyperparameters, named by their path (`model.C`; `model.type` and
    /// `model.<type>.<option>` for a choice).
    package var space: SearchSpace
    /// What the model section is. Everything downstream of the spec reader decides by this, never by the
    /// `type` string.
    package var kind: Kind

    /// The three kinds of model section.
    package enum Kind: Sendable {
        /// Built-in learners (`LearnerRegistry`): one, or the alternatives of `model: {choice: [...]}`.
        case learners
        /// The user's program (`model.type: command`), run once per trial and fold.
        case command(CommandSpec)
        /// A standard test function (`model.type: benchmark_function`) whose coordinates are searched.
        case benchmark(function: String, dimensions: Int)
    }

    /// One built-in learner.
    package init(learner type: String, fixed: Hyperparameters, space: SearchSpace) {
        blocks = [Block(type: type, fixed: fixed)]
        isChoice = false
        self.space = space
        kind = .learners
    }

    /// Alternative learners, each with its own hyperparameters; `space` starts with the `model.type` dimension.
    package init(choice blocks: [Block], space: SearchSpace) {
        self.blocks = blocks
        isChoice = true
        self.space = space
        kind = .learners
    }

    /// The user's program; `fixed` holds its literal parameters.
    package init(command: CommandSpec, fixed: Hyperparameters, space: SearchSpace) {
        blocks = [Block(type: CommandSpec.typeName, fixed: fixed)]
        isChoice = false
        self.space = space
        kind = .command(command)
    }

    /// A test function of `dimensions` coordinates; `fixed` holds the coordinates given as numbers.
    package init(benchmark function: String, dimensions: Int, fixed: Hyperparameters, space: SearchSpace) {
        blocks = [Block(type: BenchmarkFunctionModel.typeName, fixed: fixed)]
        isChoice = false
        self.space = space
        kind = .benchmark(function: function, dimensions: dimensions)
    }

    /// The program of a trial command, `nil` for the other kinds.
    package var command: CommandSpec? {
        if case .command(let command) = kind { return command }
        return nil
    }

    /// The model type of a single model; for a choice, the types joined by `|` (`knn|decision_tree`).
    package var type: String { blocks.map(\.type).joined(separator: "|") }

    /// The block a configuration uses: the only one, or the one its `model.type` names (`nil` when it names
    /// none, as for the empty configuration of a trial not yet suggested).
    package func block(for configuration: Configuration) -> Block? {
        guard isChoice else { return blocks.first }
        guard let chosen = configuration[ModelSpec.typePath]?.stringValue else { return nil }
        return blocks.first { $0.type == chosen }
    }

    /// The learner a configuration trains (`type` itself when no block is chosen yet).
    package func type(for configuration: Configuration) -> String {
        block(for: configuration)?.type ?? type
    }

    /// The full hyperparameters of one configuration: its block's fixed ones overlaid with the searched values.
    /// Searched values are put in their option's canonical form (an integer drawn for a real-valued option
    /// becomes a real number).
    package func hyperparameters(for configuration: Configuration) -> Hyperparameters {
        guard let block = block(for: configuration) else { return Hyperparameters() }
        let schema = LearnerRegistry.learner(named: block.type)?.schema
        var result = block.fixed
        for entry in configuration.entries where entry.name.hasPrefix(block.pathPrefix) {
            let name = String(entry.name.dropFirst(block.pathPrefix.count))
            result[name] = schema?[name].map { $0.kind.canonical(entry.value) } ?? entry.value
        }
        return result
    }

    /// The prefix of searched model hyperparameters' names in the search space.
    package static let pathPrefix = "model."
    /// The prefix of a choice block's searched hyperparameters: `model.<type>.`.
    package static func pathPrefix(ofBlock type: String) -> String { "\(pathPrefix)\(type)." }
    /// The dimension that picks a block of `model: {choice: [...]}`.
    package static let typePath = "model.type"
}

/// A user's program run as the model (`model.type: command`).
package struct CommandSpec: Sendable {
    /// argv templates with `{name}` placeholders.
    package var run: [String]
    /// SHA-256 of each file `run` names outright (the training script), so that editing it changes the
    /// trials' node IDs and earlier results are not reused for new code.
    package var fileHashes: [String: ContentHash]
    /// The folder the program runs in: the experiment file's.
    package var workingDirectory: String

    /// What identifies the program in node IDs.
    package var json: JSONValue {
        .object([
            "run": .array(run.map(JSONValue.string)),
            "files": .object(fileHashes.mapValues { .string($0.hex) }),
        ])
    }

    /// The model type that runs a command.
    package static let typeName = "command"
}

/// The training schedule's fixed options, by dotted name (`learning_rate.initial`), defaults filled in.
package struct ScheduleSpec: Sendable {
    package var fixed: Hyperparameters
    /// The options the file sets explicitly.
    package var given: Set<String>

    /// The prefix of searched schedule options' names in the search space.
    package static let pathPrefix = "schedule."

    /// The schedule options of one configuration: the fixed ones overlaid with the searched values.
    package func options(for configuration: Configuration) -> Hyperparameters {
        var result = fixed
        for entry in configuration.entries where entry.name.hasPrefix(ScheduleSpec.pathPrefix) {
            let name = String(entry.name.dropFirst(ScheduleSpec.pathPrefix.count))
            result[name] = TrainingSchedule.schema[name].map { $0.kind.canonical(entry.value) } ?? entry.value
        }
        return result
    }
}

/// The cross-validation scheme and its options (defaults filled in).
package struct CrossValidationSpec: Sendable {
    /// `cv.scheme`, a name in `ResamplingRegistry`.
    package var scheme: String
    package var options: Hyperparameters
}

/// How the space is searched and what is optimised.
package struct SearchSpec: Sendable {
    /// `search.strategy`, a name in `SearchStrategyRegistry`.
    package var strategy: String
    package var options: Hyperparameters
    /// The objective metric.
    package var metric: String
    /// Every metric recorded, the objective first.
    package var metrics: [String]
    package var goal: OptimizationGoal
    /// `search.pruning`, when trials may be stopped part-way.
    package var pruning: PruningSpec? = nil
    /// `search.concurrency`: how many trials run at once in the logical order that adaptive strategies and
    /// pruning see (trial i sees the outcomes of trials before i − concurrency + 1).
    package var concurrency: Int = SearchConcurrency.default
    /// `search.seed_points`: configurations evaluated first, in order.
    package var seedPoints: [Configuration] = []
    /// `search.stop_when.metric_reaches`: no trial starts once an earlier one reached this objective.
    package var stopWhen: Double? = nil
    /// `search.patience`: no trial starts once this many trials in a row brought no improvement.
    package var patience: Int? = nil

    /// Whether trials are suggested or judged while the search runs (an adaptive strategy, pruning, a stopping
    /// condition), so that the plan has a `suggest` node per trial.
    package var isSequenced: Bool {
        pruning != nil || stopWhen != nil || patience != nil
            || SearchStrategyRegistry.strategy(named: strategy).map { $0 is any AdaptiveSearch.Type } == true
    }
}

/// `search.pruning`: the rule (a name in `PruningRegistry`) and its options, defaults filled in
/// (`max_resource` defaults to the schedule's epochs when the file fixes them).
package struct PruningSpec: Sendable {
    package var rule: String
    package var options: Hyperparameters

    /// The rule itself.
    package var pruningRule: (any PruningRule)? {
        PruningRegistry.rule(named: rule).map { $0.init(options: options, maxResource: options.int("max_resource")) }
    }
}

/// How the run is executed; nothing here may change results.
package struct ExecutionSpec: Sendable {
    /// Parallel nodes from the file (`execution.jobs`); `nil` means the number of cores. `-j` overrides it.
    package var jobs: Int?
    /// `execution.budget.time` in seconds: after it, no new trial starts and the run finishes with the
    /// trials done.
    package var timeBudget: Double?
    /// `execution.max_failed_trials`: beyond it the sweep stops.
    package var maxFailedTrials: FailureLimit?
    /// `execution.retries`: how many times a failed trial fold is tried again.
    package var retries: Int
    /// `execution.trial_timeout` in seconds: a trial command running longer is killed and the trial fails.
    package var trialTimeout: Double?

    package init(
        jobs: Int? = nil, timeBudget: Double? = nil, maxFailedTrials: FailureLimit? = nil, retries: Int = 0,
        trialTimeout: Double? = nil
    ) {
        self.trialTimeout = trialTimeout
        self.jobs = jobs
        self.timeBudget = timeBudget
        self.maxFailedTrials = maxFailedTrials
        self.retries = retries
    }

    /// A count of failed trials, or a fraction of the planned trials.
    package enum FailureLimit: Sendable, Hashable {
        case count(Int)
        case fraction(Double)

        /// Whether `failed` failures out of `planned` trials exceed the limit.
        package func isExceeded(failed: Int, planned: Int) -> Bool {
            switch self {
            case .count(let limit): return failed > limit
            case .fraction(let share): return Double(failed) > share * Double(planned)
            }
        }

        package var json: JSONValue {
            switch self {
            case .count(let limit): return .int(limit)
            case .fraction(let share): return .double(share)
            }
        }
    }
}
