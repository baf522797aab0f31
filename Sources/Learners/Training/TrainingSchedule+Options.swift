package import HyperplanCore

extension TrainingSchedule {
    private static let none = OptionKind.enumeration(["none"])
    private static let fractionBelowOne = RealBounds(lower: 0, upper: 1, upperInclusive: false)
    private static let count = 1_000_000

    /// The options of a `schedule:` section, by dotted path (`optimizer.beta1` is `beta1` under `optimizer`).
    ///
    /// Defaults follow scikit-learn's MLP where it has the option, PyTorch otherwise. Options without a default
    /// (`optimizer.epsilon`, `learning_rate.milestones`, `learning_rate.max`) are resolved by `init(options:)`
    /// from the other options, as their summaries say.
    package static let schema = OptionSchema([
        OptionSpec(
            "epochs", .integer(min: 1, max: count), default: .int(200),
            summary: "passes over the training rows (scikit-learn's max_iter)"),
        OptionSpec(
            "batch_size", .union([none, .integer(min: 1, max: Int.max)]), default: .string("none"),
            summary: "rows per gradient step; none: min(200, rows), as scikit-learn's 'auto'"),
        OptionSpec(
            "shuffle", .boolean, default: .bool(true), summary: "visit the rows in a new random order each epoch"),
        OptionSpec(
            "gradient_clip", .union([none, .real(.positive)]), default: .string("none"),
            summary: "largest global gradient norm (larger gradients are scaled down to it); none: no clipping"),
        OptionSpec(
            "optimizer.type", .enumeration(OptimizerSettings.Kind.allCases.map(\.rawValue)), default: .string("adam"),
            summary: "the update rule"),
        OptionSpec(
            "optimizer.momentum", .real(fractionBelowOne), default: .double(0.9),
            summary: "momentum μ of momentum and nesterov"),
        OptionSpec(
            "optimizer.beta1", .real(fractionBelowOne), default: .double(0.9),
            summary: "decay of adam's first-moment estimate"),
        OptionSpec(
            "optimizer.beta2", .real(fractionBelowOne), default: .double(0.999),
            summary: "decay of adam's second-moment estimate"),
        OptionSpec(
            "optimizer.epsilon", .real(.positive),
            summary: "ε added to the denominator of adaptive steps; default 1e-10 for adagrad, 1e-8 otherwise"),
        OptionSpec(
            "optimizer.rho", .real(fractionBelowOne), default: .double(0.99),
            summary: "decay of rmsprop's mean of squared gradients (PyTorch's alpha)"),
        OptionSpec(
            "optimizer.weight_decay", .real(.nonNegative), default: .double(0.01),
            summary: "adamw's decoupled weight decay λ (parameters shrink by η·λ each step)"),
        OptionSpec(
            "learning_rate.initial", .real(.positive), default: .double(0.001),
            summary: "the learning rate η₀ the schedule starts from"),
        OptionSpec(
            "learning_rate.decay", .enumeration(LearningRateSchedule.Decay.allCases.map(\.rawValue)),
            default: .string("constant"), summary: "how the learning rate changes over the epochs"),
        OptionSpec(
            "learning_rate.warmup_epochs", .integer(min: 0, max: count), default: .int(0),
            summary: "epochs of linear warmup from 0 to η₀ before the decay starts"),
        OptionSpec(
            "learning_rate.step_size", .integer(min: 1, max: count), default: .int(10),
            summary: "epochs between two decays of step"),
        OptionSpec(
            "learning_rate.gamma", .real(RealBounds(lower: 0, lowerInclusive: false, upper: 1)), default: .double(0.1),
            summary: "factor of step, multistep and exponential decay (exponential needs it set explicitly)"),
        OptionSpec(
            "learning_rate.milestones", .integerList(min: 1, max: count),
            summary: "epochs (counted after warmup) at which multistep multiplies by gamma; required by multistep"),
        OptionSpec(
            "learning_rate.power", .real(.positive), default: .double(1.0), summary: "exponent of polynomial decay"),
        OptionSpec(
            "learning_rate.final", .real(.nonNegative), default: .double(0),
            summary: "the value cosine, polynomial, linear and one_cycle end at"),
        OptionSpec(
            "learning_rate.restart_period", .union([none, .integer(min: 1, max: count)]), default: .string("none"),
            summary: "epochs of cosine's first cycle before a warm restart (SGDR's T₀); none: no restarts"),
        OptionSpec(
            "learning_rate.restart_multiplier", .integer(min: 1, max: 1000), default: .int(1),
            summary: "each cosine cycle is this many times longer than the one before (SGDR's T_mult)"),
        OptionSpec(
            "learning_rate.max", .real(.positive),
            summary: "one_cycle's peak learning rate; default 25 × initial (PyTorch's div_factor)"),
        OptionSpec(
            "learning_rate.patience", .integer(min: 0, max: count), default: .int(10),
            summary: "reduce_on_plateau: epochs without improvement tolerated before reducing"),
        OptionSpec(
            "learning_rate.factor", .real(.openUnitInterval), default: .double(0.1),
            summary: "reduce_on_plateau: the factor applied at each reduction"),
        OptionSpec(
            "learning_rate.min", .real(.nonNegative), default: .double(0),
            summary: "reduce_on_plateau: the learning rate is never reduced below this"),
        OptionSpec(
            "early_stopping.enabled", .boolean, default: .bool(false),
            summary: "hold out training rows and stop when they stop improving"),
        OptionSpec(
            "early_stopping.monitor",
            .enumeration(EarlyStopping.Monitor.allCases.map(\.rawValue)), default: .string("validation_loss"),
            summary: "the held-out rows' loss, or their accuracy (classification) or R² (regression)"),
        OptionSpec(
            "early_stopping.patience", .integer(min: 0, max: count), default: .int(10),
            summary: "epochs without improvement tolerated (scikit-learn's n_iter_no_change)"),
        OptionSpec(
            "early_stopping.min_delta", .real(.nonNegative), default: .double(1e-4),
            summary: "the least change that counts as an improvement (scikit-learn's tol)"),
        OptionSpec(
            "early_stopping.validation_fraction", .real(.openUnitInterval), default: .double(0.1),
            summary: "share of the training rows held out for early stopping (stratified for classification)"),
    ])

    /// Options that have an effect only for some values of another option: `conditions[name]` is the
    /// controlling option and the values for which `name` applies (booleans spelled `true`/`false`).
    ///
    /// Options not listed always apply. The spec stage can warn about a set option whose condition fails.
    package static let conditions: [String: (option: String, values: [String])] = [
        "optimizer.momentum": ("optimizer.type", ["momentum", "nesterov"]),
        "optimizer.beta1": ("optimizer.type", ["adam", "adamw"]),
        "optimizer.beta2": ("optimizer.type", ["adam", "adamw"]),
        "optimizer.epsilon": ("optimizer.type", ["adagrad", "rmsprop", "adam", "adamw"]),
        "optimizer.rho": ("optimizer.type", ["rmsprop"]),
        "optimizer.weight_decay": ("optimizer.type", ["adamw"]),
        "learning_rate.step_size": ("learning_rate.decay", ["step"]),
        "learning_rate.gamma": ("learning_rate.decay", ["step", "multistep", "exponential"]),
        "learning_rate.milestones": ("learning_rate.decay", ["multistep"]),
        "learning_rate.power": ("learning_rate.decay", ["polynomial"]),
        "learning_rate.final": ("learning_rate.decay", ["cosine", "polynomial", "linear", "one_cycle"]),
        "learning_rate.restart_period": ("learning_rate.decay", ["cosine"]),
        "learning_rate.restart_multiplier": ("learning_rate.decay", ["cosine"]),
        "learning_rate.max": ("learning_rate.decay", ["one_cycle"]),
        "learning_rate.patience": ("learning_rate.decay", ["reduce_on_plateau"]),
        "learning_rate.factor": ("learning_rate.decay", ["reduce_on_plateau"]),
        "learning_rate.min": ("learning_rate.decay", ["reduce_on_plateau"]),
        "early_stopping.monitor": ("early_stopping.enabled", ["true"]),
        "early_stopping.patience": ("early_stopping.enabled", ["true"]),
        "early_stopping.min_delta": ("early_stopping.enabled", ["true"]),
        "early_stopping.validation_fraction": ("early_stopping.enabled", ["true"]),
    ]

    /// Problems that involve several options' values (the `conditions` table covers options without effect).
    ///
    /// `options` holds one configuration's values (defaults filled in or not); `given` names the options the
    /// file sets explicitly.
    package static func problems(with options: Hyperparameters, given: Set<String>) -> [OptionProblem] {
        let options = options.withDefaults(from: schema)
        var problems: [OptionProblem] = []
        let epochs = options.int("epochs") ?? 200
        let warmup = options.int("learning_rate.warmup_epochs") ?? 0
        if warmup >= epochs {
            problems.append(
                OptionProblem(
                    option: "learning_rate.warmup_epochs",
                    message: "'learning_rate.warmup_epochs' (\(warmup)) must be less than 'epochs' (\(epochs))"))
        }
        let decay = options.string("learning_rate.decay").flatMap(LearningRateSchedule.Decay.init(rawValue:))
        switch decay {
        case .multistep:
            if case .list(let items)? = options["learning_rate.milestones"] {
                let milestones = items.compactMap(\.intValue)
                if zip(milestones, milestones.dropFirst()).contains(where: { $0 >= $1 }) {
                    problems.append(
                        OptionProblem(
                            option: "learning_rate.milestones",
                            message: "'learning_rate.milestones' must be strictly increasing"))
                }
            } else {
                problems.append(
                    OptionProblem(
                        option: "learning_rate.decay",
                        message: "decay 'multistep' needs 'learning_rate.milestones'"))
            }
        case .exponential:
            if !given.contains("learning_rate.gamma") {
                problems.append(
                    OptionProblem(
                        option: "learning_rate.decay",
                        message: "decay 'exponential' needs 'learning_rate.gamma' (the factor per epoch, e.g. 0.95)"))
            }
        case .oneCycle:
            let initial = options.double("learning_rate.initial") ?? 0.001
            if let peak = options.double("learning_rate.max"), peak <= initial {
                problems.append(
                    OptionProblem(
                        option: "learning_rate.max",
                        message: "'learning_rate.max' must be greater than 'learning_rate.initial'"))
            }
        case .cosine:
            if given.contains("learning_rate.restart_multiplier"), options.int("learning_rate.restart_period") == nil {
                problems.append(
                    OptionProblem(
                        option: "learning_rate.restart_multiplier",
                        message:
                            "'learning_rate.restart_multiplier' has no effect without 'learning_rate.restart_period'",
                        severity: .warning))
            }
        case .reduceOnPlateau:
            let initial = options.double("learning_rate.initial") ?? 0.001
            if let floor = options.double("learning_rate.min"), floor > initial {
                problems.append(
                    OptionProblem(
                        option: "learning_rate.min",
                        message: "'learning_rate.min' is greater than 'learning_rate.initial'", severity: .warning))
            }
        default:
            break
        }
        return problems
    }
}
