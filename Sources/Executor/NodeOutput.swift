import Datasets
import HyperplanCore
import Learners
import Resampling

/// What a node produced, handed to its children.
enum NodeOutput: Sendable {
    case dataset(SupervisedDataset)
    /// Rows used for the search, and the held-out test rows if there is a test split.
    case trainingRows(train: [Int], test: [Int]?)
    /// Cross-validation splits in dataset row indices.
    case folds([Split])
    /// Preprocessing fitted on `train` rows, with both row sets transformed.
    case prepared(PreparedRows)
    /// A fold's rows written as CSV files for a trial command.
    case exportedFold(ExportedFold)
    /// An adaptive strategy's configuration for one trial.
    case suggestion(TrialSuggestion)
    case fold(FoldResult)
    case trial(TrialResult)
    case selection(Selection)
    /// `nil` when no trial succeeded and there is nothing to refit.
    case refit(RefitResult?)
    case testScores([String: Double]?)
    case bundleWritten
}

/// Feature matrices and targets for one train/held-out pair, transformed with preprocessing fitted on `train`.
struct PreparedRows: Sendable {
    var preprocessing: FittedPreprocessing
    var trainFeatures: Matrix
    var trainTargets: Targets
    var heldOutFeatures: Matrix
    var heldOutTargets: Targets
    /// The dataset rows of `heldOutFeatures`, in order (the test split's rows for the training split's
    /// preprocessing).
    var heldOutRows: [Int]
}
