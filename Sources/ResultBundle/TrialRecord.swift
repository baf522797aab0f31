package import Executor
package import HyperplanCore
import Search

/// One line of `trials.jsonl`: a finished trial with its folds, summaries, rank and fit flags
/// (`docs/bundles.md`). `BundleContents` writes it from a `TrialResult`; `RecordedTrial` reads it back, from
/// the file or, for a partial bundle, as rebuilt from the journal. Both go through `CanonicalCoding`, so the
/// keys are declared once, here.
///
/// Reading requires `trial`, `status` and `parameters`; the rest defaults to empty, as partial bundles and
/// failed trials have no summaries, rank or flags.
package struct TrialRecord: Codable, Sendable, Hashable {
    package var trial: Int
    package var status: OutcomeStatus
    /// Why the trial failed (`fold 2: …`).
    package var reason: String?
    /// The smallest resource at which a fold was pruned.
    package var prunedAt: Int?
    /// The searched values by dimension name (`model.C`).
    package var parameters: [String: JSONValue]
    /// Everything the model received.
    package var hyperparameters: [String: JSONValue]
    /// The training schedule's options, for learners trained by gradient descent; left out otherwise.
    package var schedule: [String: JSONValue]?
    /// 1 is best; `null` for trials that are not ok.
    @ExplicitNull package var rank: Int?
    /// `overfitting`, `underfitting`, `unstable` (see `FitDiagnosis`).
    package var flags: [String]
    /// Metric name → mean and standard deviation over folds, on validation and on training rows.
    package var validation: [String: FoldSummary]
    package var train: [String: FoldSummary]
    package var folds: [FoldRecord]

    /// A record with every field given.
    package init(
        trial: Int, status: OutcomeStatus, reason: String? = nil, prunedAt: Int? = nil, parameters: [String: JSONValue],
        hyperparameters: [String: JSONValue] = [:], schedule: [String: JSONValue]? = nil, rank: Int? = nil,
        flags: [String] = [], validation: [String: FoldSummary] = [:], train: [String: FoldSummary] = [:],
        folds: [FoldRecord] = []
    ) {
        self.trial = trial
        self.status = status
        self.reason = reason
        self.prunedAt = prunedAt
        self.parameters = parameters
        self.hyperparameters = hyperparameters
        self.schedule = schedule
        self.rank = rank
        self.flags = flags
        self.validation = validation
        self.train = train
        self.folds = folds
    }

    /// The record of a finished trial, with its rank and fit flags.
    package init(_ result: TrialResult, rank: Int?, flags: [String]) {
        self.init(
            trial: result.trial, status: result.outcome, reason: result.status.reason,
            prunedAt: result.status.prunedAt, parameters: result.configuration.json.objectValue ?? [:],
            hyperparameters: result.hyperparameters.values.mapValues(\.json),
            schedule: result.schedule.map { $0.values.mapValues(\.json) }, rank: rank, flags: flags,
            validation: result.validation, train: result.train, folds: result.folds.map(\.record))
    }

    private enum CodingKeys: String, CodingKey {
        case trial, status, reason, prunedAt, parameters, hyperparameters, schedule, rank, flags, validation, train
        case folds
    }

    /// Reads a record.
    ///
    /// - Throws: `DecodingError` naming the first field that is missing (`trial`, `status`, `parameters`) or of
    ///   the wrong kind.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            trial: try container.decode(Int.self, forKey: .trial),
            status: try container.decode(OutcomeStatus.self, forKey: .status),
            reason: try container.decodeIfPresent(String.self, forKey: .reason),
            prunedAt: try container.decodeIfPresent(Int.self, forKey: .prunedAt),
            parameters: try container.decode([String: JSONValue].self, forKey: .parameters),
            hyperparameters: try container.decodeIfPresent([String: JSONValue].self, forKey: .hyperparameters) ?? [:],
            schedule: try container.decodeIfPresent([String: JSONValue].self, forKey: .schedule),
            rank: try container.decodeIfPresent(Int.self, forKey: .rank),
            flags: try container.decodeIfPresent([String].self, forKey: .flags) ?? [],
            validation: try container.decodeIfPresent([String: FoldSummary].self, forKey: .validation) ?? [:],
            train: try container.decodeIfPresent([String: FoldSummary].self, forKey: .train) ?? [:],
            folds: try container.decodeIfPresent([FoldRecord].self, forKey: .folds) ?? [])
    }
}
