package import Datasets
package import HyperplanCore
package import Learners
package import Search

/// One configuration fitted on one fold: scores on the fold's training and validation rows.
package struct FoldResult: Sendable {
    package enum Status: Sendable, Hashable {
        case ok
        case failed(reason: String)
        /// Stopped by `search.pruning` after `resource` epochs or steps.
        case pruned(resource: Int)
        /// Not run: the search had stopped (`search.stop_when`, `search.patience`) before this trial.
        case skipped(reason: String)
    }

    package var fold: Int
    package var status: Status
    /// Metric name → score on the rows the model was fitted on.
    package var trainScores: [String: Double]
    /// Metric name → score on the held-out rows.
    package var validationScores: [String: Double]
    package var report: FitReport?
    /// Intermediate reports a trial command printed (`{"epoch": 3, "val_loss": 0.41}`), in order.
    package var reports: [JSONValue] = []
}

/// A mean and population standard deviation over folds (scikit-learn's `mean_test_score`/`std_test_score`).
package struct FoldSummary: Sendable, Hashable, Codable {
    package var mean: Double
    package var std: Double

    package init(_ values: [Double]) {
        guard !values.isEmpty else {
            mean = .nan
            std = .nan
            return
        }
        let count = Double(values.count)
        mean = values.reduce(0, +) / count
        var squares = 0.0
        for value in values { squares += (value - mean) * (value - mean) }
        std = (squares / count).squareRoot()
    }

    /// `{"mean": …, "std": …}`, `null` where not a finite number.
    package var json: JSONValue { canonicalJSON }
}

/// One configuration's results over all folds.
package struct TrialResult: Sendable {
    package var trial: Int
    package var configuration: Configuration
    package var hyperparameters: Hyperparameters
    /// The training schedule's options, for learners trained by gradient descent.
    package var schedule: Hyperparameters?
    /// `ok` when every fold succeeded; otherwise the first fold's failure, or when no fold failed but some
    /// were pruned, `pruned` at the smallest resource a fold was stopped at.
    package var status: FoldResult.Status
    package var folds: [FoldResult]
    /// Metric name → summary over folds, on validation rows and on training rows.
    package var validation: [String: FoldSummary]
    package var train: [String: FoldSummary]

    init(
        trial: Int, configuration: Configuration, hyperparameters: Hyperparameters, schedule: Hyperparameters?,
        folds: [FoldResult], metrics: [String]
    ) {
        self.trial = trial
        self.configuration = configuration
        self.hyperparameters = hyperparameters
        self.schedule = schedule
        self.folds = folds
        status = .ok
        for fold in folds {
            switch fold.status {
            case .ok: continue
            case .failed(let reason):
                status = .failed(reason: "fold \(fold.fold): \(reason)")
            case .pruned(let resource):
                if case .pruned(let earlier) = status, earlier <= resource { continue }
                status = .pruned(resource: resource)
                continue
            case .skipped:
                status = fold.status
            }
            break
        }
        var validation: [String: FoldSummary] = [:]
        var train: [String: FoldSummary] = [:]
        if status == .ok {
            for metric in metrics {
                validation[metric] = FoldSummary(folds.map { $0.validationScores[metric] ?? .nan })
                // Training scores only where every fold has one (a trial command may report none).
                let trainScores = folds.compactMap { $0.trainScores[metric] }
                if trainScores.count == folds.count { train[metric] = FoldSummary(trainScores) }
            }
        }
        self.validation = validation
        self.train = train
    }

    package var isOK: Bool { status == .ok }

    /// `ok`, `failed`, `pruned` or `skipped`.
    package var outcome: OutcomeStatus { status.outcome }

    package var isPruned: Bool {
        if case .pruned = status { return true }
        return false
    }

    /// Not run because the search had stopped before it.
    package var isSkipped: Bool {
        if case .skipped = status { return true }
        return false
    }

    package var isFailed: Bool {
        if case .failed = status { return true }
        return false
    }
}

/// The ranking of the trials by the objective and the chosen one.
package struct Selection: Sendable {
    package var trials: [TrialResult]
    /// Rank of each trial (1 = best, ties share the lowest rank), `nil` for failed trials.
    package var ranks: [Int?]
    /// The best trial's index, `nil` when every trial failed.
    package var best: Int?
    package var metric: String
    package var goal: OptimizationGoal
    /// Why the search stopped before its last trial (`search.stop_when`, `search.patience`), if it did.
    package var searchStopped: String?

    /// - Parameter trials: every trial run; trials skipped because the search stopped are left out.
    init(trials: [TrialResult], metric: String, goal: OptimizationGoal) {
        if case .skipped(let reason)? = trials.first(where: \.isSkipped)?.status { searchStopped = reason }
        let trials = trials.filter { !$0.isSkipped }
        self.trials = trials
        self.metric = metric
        self.goal = goal
        let scores = trials.map { $0.isOK ? ($0.validation[metric]?.mean ?? .nan) : .nan }
        // Rank = 1 + the number of strictly better scores: sort once, then count by binary search
        // (O(n log n); a sweep can have tens of thousands of trials).
        let ordered = scores.filter { !$0.isNaN }.map { goal == .maximize ? -$0 : $0 }.sorted()
        ranks = scores.map { score in
            guard !score.isNaN else { return nil }
            let key = goal == .maximize ? -score : score
            var low = 0, high = ordered.count
            while low < high {
                let middle = (low + high) / 2
                if ordered[middle] < key { low = middle + 1 } else { high = middle }
            }
            return 1 + low
        }
        // The best score; among equal scores the earliest trial, so ties break the same way every run.
        var best: Int?
        for (index, score) in scores.enumerated() where !score.isNaN {
            if best.map({ goal.isBetter(score, than: scores[$0]) }) ?? true { best = index }
        }
        self.best = best
    }
}

/// The best configuration fitted on the whole training split.
package struct RefitResult: Sendable {
    package var trial: Int
    package var model: RefittedModel
    package var featureNames: [String]
    /// Scores of the refitted model on the training split it was fitted on.
    package var trainScores: [String: Double]
    /// The preprocessing fitted on the training split, by column and category names (`model.json`'s
    /// pipeline); `nil` for a trial command.
    package var preprocessing: StoredPreprocessing?
    /// The model's predictions for the test split; `nil` without a test split and for a trial command.
    package var testPredictions: TestPredictions?
}

/// What the refit produced: a fitted learner, or a trial command's run on the training split against the
/// test split (the program keeps its own model; Hyperplan has only its metrics).
package enum RefittedModel: Sendable {
    case learner(any FittedModel)
    /// The command's result: its test metrics as `validationScores`, its training metrics as `trainScores`.
    case command(FoldResult)

    /// What `model.json` records as the parameters: the learner's, or the command's test metrics.
    package var parameters: JSONValue {
        switch self {
        case .learner(let model): return model.parameters
        case .command(let final):
            return .object(["test_metrics": .object(final.validationScores.mapValues(JSONValue.number))])
        }
    }

    /// The learner's fit report; an empty one for a command.
    package var report: FitReport {
        switch self {
        case .learner(let model): return model.report
        case .command: return FitReport()
        }
    }
}

/// The refitted model's predictions for the test split's rows (`predictions.csv`).
package struct TestPredictions: Sendable {
    /// The dataset's 0-based rows, ascending.
    package var rows: [Int]
    /// Their true targets.
    package var truth: Targets
    package var predictions: Predictions
}
