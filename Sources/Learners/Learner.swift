package import HyperplanCore

/// A model family the user can tune (`model.type`), and how to fit it.
///
/// A new learner is one file with a conforming type plus a line in `LearnerRegistry.all`. Its
/// hyperparameters are declared in `schema`; the spec stage validates the file against it (and against
/// `problems(with:)` for rules that span options) before `init` sees them, so `init` may assume valid values.
package protocol Learner: Sendable {
    /// The name used in `model.type`.
    static var name: String { get }
    static var summary: String { get }
    static var schema: OptionSchema { get }
    /// The tasks the learner can do. A learner with one task decides the experiment's task.
    static var tasks: [TaskKind] { get }
    /// Whether the learner trains by gradient descent and therefore accepts a `schedule`.
    static var trainsIteratively: Bool { get }

    /// Problems that involve several options (for example an option that has no effect with another's value),
    /// checked on every configuration the search space can produce.
    /// `given` names the options the file sets explicitly (the others hold defaults).
    static func problems(with hyperparameters: Hyperparameters, given: Set<String>) -> [OptionProblem]

    /// The same checks when the task is known, for rules that depend on it (a regression criterion for a
    /// classification tree). Defaults to `problems(with:given:)`.
    static func problems(with hyperparameters: Hyperparameters, given: Set<String>, task: TaskKind) -> [OptionProblem]

    /// Defaults that depend on the task (a tree's criterion, a forest's `max_features`); they replace the
    /// schema's defaults for options the file does not set. Defaults to none.
    static func taskDefaults(for task: TaskKind) -> [String: ParameterValue]

    /// Whether a configuration trains by gradient descent and so uses a `schedule` (logistic regression only
    /// with `solver: sgd`). Defaults to `trainsIteratively`.
    static func trainsIteratively(with hyperparameters: Hyperparameters) -> Bool

    /// The type of the model `fit` returns, which rebuilds a saved model from its `parameters`
    /// (`LearnerRegistry.rebuild`).
    static var fittedModelType: any RebuildableModel.Type { get }

    /// A learner for validated hyperparameters (defaults filled in).
    init(hyperparameters: Hyperparameters, task: TaskKind)

    /// Fits the learner's parameters to rows of features and their targets.
    ///
    /// - Throws: `FitFailure` when fitting cannot produce a usable model (non-finite values, a singular system).
    func fit(features: Matrix, targets: Targets, context: FitContext) throws(FitFailure) -> any FittedModel
}

extension Learner {
    package static func problems(with hyperparameters: Hyperparameters, given: Set<String>) -> [OptionProblem] { [] }

    package static func problems(with hyperparameters: Hyperparameters, given: Set<String>, task: TaskKind)
        -> [OptionProblem]
    {
        problems(with: hyperparameters, given: given)
    }

    package static func taskDefaults(for task: TaskKind) -> [String: ParameterValue] { [:] }

    package static func trainsIteratively(with hyperparameters: Hyperparameters) -> Bool { trainsIteratively }
}

/// A problem with one option of a configuration, reported at that option's place in the file.
package struct OptionProblem: Sendable, Hashable {
    package var option: String
    package var message: String
    package var severity: Diagnostic.Severity

    package init(option: String, message: String, severity: Diagnostic.Severity = .error) {
        self.option = option
        self.message = message
        self.severity = severity
    }
}

/// What a fit may use besides the data: its random streams, and rows to watch while training.
package struct FitContext: Sendable {
    /// The experiment's seed.
    package var seed: UInt64
    /// The key of this fit's random streams (the plan node's ID): the same fit draws the same numbers.
    package var key: String
    /// Held-out rows an iterative learner scores after every epoch for its history (never trained on).
    package var monitor: EpochMonitor?
    /// How an iterative learner trains (the experiment's `schedule:` section); `nil` means the learner's defaults.
    package var schedule: TrainingSchedule?

    package init(seed: UInt64, key: String, monitor: EpochMonitor? = nil, schedule: TrainingSchedule? = nil) {
        self.seed = seed
        self.key = key
        self.monitor = monitor
        self.schedule = schedule
    }

    /// The generator for one named stream of this fit (`"init"`, `"tree/17"`, …).
    package func generator(_ stream: String = "") -> SeededGenerator {
        SeededGenerator(seed: seed, key: stream.isEmpty ? key : "\(key)/\(stream)")
    }
}

/// Rows scored after each epoch of iterative training, for learning curves; they never steer training.
package struct EpochMonitor: Sendable {
    package var features: Matrix
    package var targets: Targets
    /// The metric recorded beside the loss (the experiment's objective).
    package var metricName: String
    package var metric: @Sendable (Targets, Predictions) -> Double
    /// Asked after each epoch with the epoch number (from 1) and the monitored rows' metric: `true` stops
    /// training with a `FitFailure` whose `pruned` is set (search.pruning).
    package var shouldPrune: (@Sendable (_ epoch: Int, _ metric: Double) -> Bool)?

    package init(
        features: Matrix, targets: Targets, metricName: String,
        metric: @escaping @Sendable (Targets, Predictions) -> Double,
        shouldPrune: (@Sendable (_ epoch: Int, _ metric: Double) -> Bool)? = nil
    ) {
        self.features = features
        self.targets = targets
        self.metricName = metricName
        self.metric = metric
        self.shouldPrune = shouldPrune
    }
}

/// One epoch of iterative training, as recorded in the bundle's trial history.
package struct EpochRecord: Sendable, Hashable {
    package var epoch: Int
    package var learningRate: Double
    /// Mean training loss over the epoch's batches.
    package var trainLoss: Double
    package var trainMetric: Double?
    /// Loss and metric on the monitored held-out rows, when there are any.
    package var validationLoss: Double?
    package var validationMetric: Double?

    package init(
        epoch: Int, learningRate: Double, trainLoss: Double, trainMetric: Double? = nil, validationLoss: Double? = nil,
        validationMetric: Double? = nil
    ) {
        self.epoch = epoch
        self.learningRate = learningRate
        self.trainLoss = trainLoss
        self.trainMetric = trainMetric
        self.validationLoss = validationLoss
        self.validationMetric = validationMetric
    }
}

/// A learner's fitted state.
package protocol FittedModel: Sendable {
    /// Predictions for rows of features with the same columns as the training features.
    func predict(_ features: Matrix) -> Predictions
    /// The learned parameters (coefficients, intercepts, ...) as JSON, for the bundle's `model.json`: everything
    /// prediction needs besides the hyperparameters' shape, so that `RebuildableModel` can rebuild the model.
    var parameters: JSONValue { get }
    /// How the fit went: iterations, convergence.
    var report: FitReport { get }
}

/// How a fit went, recorded with each fold's scores.
package struct FitReport: Sendable, Hashable {
    package var iterations: Int?
    /// `false` when an iterative solver stopped at its iteration limit before meeting its tolerance.
    package var converged: Bool
    /// The final value of the training objective, when the learner minimises one.
    package var objective: Double?

    /// Per-epoch history of iterative training; empty for closed-form and non-iterative learners.
    package var history: [EpochRecord]

    package init(iterations: Int? = nil, converged: Bool = true, objective: Double? = nil, history: [EpochRecord] = [])
    {
        self.iterations = iterations
        self.converged = converged
        self.objective = objective
        self.history = history
    }
}

/// Why a fit produced no usable model; the trial is recorded as failed with `reason` and the run goes on.
package struct FitFailure: Error, Sendable, Hashable, CustomStringConvertible {
    package var reason: String
    /// Set when the fit did not fail but was stopped by the pruning rule: the epochs trained.
    package var pruned: Pruned?

    /// Where the pruning rule stopped training.
    package struct Pruned: Sendable, Hashable {
        package var epoch: Int
        /// The epochs trained, for the learning curve.
        package var history: [EpochRecord]
    }

    package init(_ reason: String) { self.reason = reason }

    /// Training stopped by the pruning rule after `epoch` epochs: a trial judged unpromising, not a failure.
    package static func pruned(epoch: Int, history: [EpochRecord]) -> FitFailure {
        var failure = FitFailure("pruned after epoch \(epoch)")
        failure.pruned = Pruned(epoch: epoch, history: history)
        return failure
    }
    package var description: String { reason }
}

/// Every registered learner.
package enum LearnerRegistry {
    package static let all: [any Learner.Type] = [
        LinearRegression.self,
        LogisticRegression.self,
        MultilayerPerceptron.self,
        DecisionTree.self,
        RandomForest.self,
        KNearestNeighbors.self,
    ]

    package static func learner(named name: String) -> (any Learner.Type)? { all.first { $0.name == name } }

    package static var names: [String] { all.map { $0.name } }
}
