package import HyperplanCore

// Training/ owns how gradient-trained learners are driven: the experiment's `schedule:` section as a value
// (`TrainingSchedule`), learning-rate schedules in closed form (`LearningRateSchedule`, `PlateauTracker`),
// optimizers over flat parameter buffers (`GradientOptimizer` and its conforming types), global-norm
// gradient clipping, the validation rows carved off for early stopping, and the epoch loop itself
// (`TrainingLoop` over a `TrainableModel`). It knows nothing of layers, losses or any particular model:
// a model supplies the loss and gradient of a batch of its training rows, the loop does everything else.

/// How an iterative learner is trained: epochs, batches, optimizer, learning-rate schedule and early
/// stopping, read from the experiment's `schedule:` section.
///
/// The spec stage flattens the YAML section into dotted option names (`optimizer.type`,
/// `learning_rate.initial`, …), validates them against `schema` and `problems(with:given:)`, and builds the
/// value with `init(options:)`. `docs/schedules.md` documents every option and formula.
package struct TrainingSchedule: Sendable, Hashable {
    /// Passes over the training rows (at most; early stopping may end training sooner).
    package var epochs: Int
    /// Rows per gradient step; `nil` means min(200, rows), scikit-learn's `batch_size="auto"`.
    package var batchSize: Int?
    /// Whether the rows are visited in a new random order each epoch (stream `epoch/<e>` of the fit).
    package var shuffle: Bool
    /// The largest global gradient norm; larger gradients are scaled down to it. `nil`: no clipping.
    package var gradientClip: Double?
    package var optimizer: OptimizerSettings
    package var learningRate: LearningRateSchedule
    /// `nil` when early stopping is disabled.
    package var earlyStopping: EarlyStopping?

    /// A schedule from validated options; options without a value take their defaults.
    package init(options: Hyperparameters) {
        let options = options.withDefaults(from: Self.schema)
        epochs = options.int("epochs") ?? 200
        batchSize = options.int("batch_size")
        shuffle = options.bool("shuffle") ?? true
        gradientClip = options.double("gradient_clip")
        optimizer = OptimizerSettings(options: options)
        learningRate = LearningRateSchedule(options: options)
        earlyStopping = (options.bool("early_stopping.enabled") ?? false) ? EarlyStopping(options: options) : nil
    }

    /// The schedule used when the experiment has no `schedule:` section: scikit-learn's MLP defaults
    /// (adam, learning rate 0.001, batches of min(200, n), 200 epochs, shuffled), without its tolerance rule.
    package static let standard = TrainingSchedule(options: Hyperparameters())

    /// The batch size for `rows` training rows: the configured size capped at `rows`, or min(200, rows).
    package func batchSize(forRows rows: Int) -> Int {
        max(1, min(batchSize ?? 200, rows))
    }
}

/// Which optimizer takes the gradient steps, and its constants.
package struct OptimizerSettings: Sendable, Hashable {
    /// The update rules; `docs/schedules.md` gives each one's formula.
    package enum Kind: String, Sendable, Hashable, CaseIterable {
        case sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw
    }

    package var kind: Kind
    /// μ of `momentum` and `nesterov`.
    package var momentum: Double
    package var beta1: Double
    package var beta2: Double
    /// ε of the adaptive optimizers (the option's default depends on the optimizer: 1e-10 for adagrad, else 1e-8).
    package var epsilon: Double
    /// The decay of rmsprop's running mean of squared gradients.
    package var rho: Double
    /// adamw's decoupled weight decay λ: each step multiplies the parameters by 1 − η·λ.
    package var weightDecay: Double

    init(options: Hyperparameters) {
        kind = options.string("optimizer.type").flatMap(Kind.init(rawValue:)) ?? .adam
        momentum = options.double("optimizer.momentum") ?? 0.9
        beta1 = options.double("optimizer.beta1") ?? 0.9
        beta2 = options.double("optimizer.beta2") ?? 0.999
        epsilon = options.double("optimizer.epsilon") ?? (kind == .adagrad ? 1e-10 : 1e-8)
        rho = options.double("optimizer.rho") ?? 0.99
        weightDecay = options.double("optimizer.weight_decay") ?? 0.01
    }
}

/// When to stop before the last epoch: a share of the training rows is held out, and training ends once
/// the monitored quantity on them has not improved for more than `patience` epochs; the best parameters seen
/// are kept.
package struct EarlyStopping: Sendable, Hashable {
    package enum Monitor: String, Sendable, Hashable, CaseIterable {
        /// The held-out rows' loss (cross-entropy or half mean squared error), lower is better.
        case validationLoss = "validation_loss"
        /// The held-out rows' accuracy (classification) or R² (regression), higher is better — scikit-learn's
        /// `score`, which its `early_stopping=True` monitors.
        case validationMetric = "validation_metric"
    }

    package var monitor: Monitor
    /// Epochs without improvement tolerated; training stops when more than this many pass in a row.
    package var patience: Int
    /// The least change that counts as an improvement over the best value so far.
    package var minDelta: Double
    /// The share of the training rows held out (stratified for classification).
    package var validationFraction: Double

    init(options: Hyperparameters) {
        monitor = options.string("early_stopping.monitor").flatMap(Monitor.init(rawValue:)) ?? .validationLoss
        patience = options.int("early_stopping.patience") ?? 10
        minDelta = options.double("early_stopping.min_delta") ?? 1e-4
        validationFraction = options.double("early_stopping.validation_fraction") ?? 0.1
    }
}
