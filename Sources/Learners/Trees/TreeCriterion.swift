import HyperplanCore

/// The impurity a tree's splits minimise, as scikit-learn's `criterion`.
enum TreeCriterion: String, Sendable, Hashable {
    /// 1 − Σₖ pₖ² over the class fractions pₖ.
    case gini
    /// −Σₖ pₖ log₂ pₖ (scikit-learn's `entropy` and `log_loss`), in bits.
    case entropy
    /// Mean squared deviation from the node mean; leaves predict the mean.
    case squaredError = "squared_error"
    /// Mean absolute deviation from the node median; leaves predict the median.
    case absoluteError = "absolute_error"
    /// Mean half Poisson deviance; leaves predict the mean (targets must be ≥ 0).
    case poisson

    /// The criterion an option value names; `auto` is gini for classification and squared_error for regression.
    init(option: String, task: TaskKind) {
        switch option {
        case "gini": self = .gini
        case "entropy", "log_loss": self = .entropy
        case "squared_error": self = .squaredError
        case "absolute_error": self = .absoluteError
        case "poisson": self = .poisson
        default: self = task == .classification ? .gini : .squaredError
        }
    }

    /// The task the criterion is defined for.
    var task: TaskKind {
        switch self {
        case .gini, .entropy: return .classification
        case .squaredError, .absoluteError, .poisson: return .regression
        }
    }
}
