/// Why hyperparameter importances could not be computed; `description` is a sentence for the user.
package enum ImportanceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A row has a different number of values than there are dimensions, or `scores` a different number of
    /// entries than there are rows.
    case shapeMismatch(String)
    /// A dimension's description is unusable (bounds reversed or not finite, no choices).
    case invalidDimension(name: String, reason: String)
    /// Row `row`'s value of dimension `name` lies outside the dimension.
    case valueOutsideDimension(row: Int, name: String, value: Double)
    /// Fewer than two trials have a finite score. (Optuna returns equal shares here, which say nothing.)
    case tooFewTrials(Int)
    /// Every tree of the forest is a single leaf: the objective is the same for every trial. Optuna raises
    /// "Encountered zero total variance in all trees." here.
    case constantObjective
    /// Every dimension admits a single value, so nothing was searched. (Optuna returns equal shares.)
    case noSearchedDimension
    /// The forest could not be fitted, for the reason given (values too large for single precision).
    case modelFailed(String)

    package var description: String {
        switch self {
        case .shapeMismatch(let detail):
            return "the trials do not match the dimensions: \(detail)"
        case .invalidDimension(let name, let reason):
            return "hyperparameter '\(name)' cannot be assessed: \(reason)"
        case .valueOutsideDimension(let row, let name, let value):
            return "trial \(row) has \(value) for '\(name)', outside its search space"
        case .tooFewTrials(let count):
            return "importance needs at least 2 trials with a finite score, found \(count)"
        case .constantObjective:
            return "importance cannot be assessed: every trial has the same score"
        case .noSearchedDimension:
            return "importance cannot be assessed: no hyperparameter takes more than one value"
        case .modelFailed(let reason):
            return "importance cannot be assessed: the random forest failed: \(reason)"
        }
    }
}
