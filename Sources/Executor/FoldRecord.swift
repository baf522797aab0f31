package import HyperplanCore
package import Learners

/// A fold's record: the `fit_score` node's journal record and each entry of a trial's `folds` in
/// `trials.jsonl`. The executor writes it from a `FoldResult` and restores fold results from it; the bundle's
/// readers (`RecordedTrial`, partial bundles from the journal) read the same type, through `CanonicalCoding`.
///
/// Reading is lenient where readers always were: only `fold` and `status` are required, the scores default to
/// none, the status's details (`reason`, `pruned_at`) are optional, and a status name it does not know reads as
/// a failure, as the journal's reader always took it.
package struct FoldRecord: Codable, Sendable, Hashable {
    package var fold: Int
    package var status: OutcomeStatus
    /// Why the fold failed or was skipped.
    package var reason: String?
    /// The resource (epoch or step) at which the pruning rule stopped the fold.
    package var prunedAt: Int?
    /// Metric name → score on the training rows; `null` (NaN) when it was not a finite number.
    package var train: [String: Double]
    /// Metric name → score on the validation rows.
    package var validation: [String: Double]
    /// How the learner's fit went, when it reported.
    package var fit: FitReport?
    /// A trial command's intermediate reports, in order.
    package var reports: [JSONValue]

    /// A record with every field given.
    package init(
        fold: Int, status: OutcomeStatus, reason: String? = nil, prunedAt: Int? = nil, train: [String: Double] = [:],
        validation: [String: Double] = [:], fit: FitReport? = nil, reports: [JSONValue] = []
    ) {
        self.fold = fold
        self.status = status
        self.reason = reason
        self.prunedAt = prunedAt
        self.train = train
        self.validation = validation
        self.fit = fit
        self.reports = reports
    }

    private enum CodingKeys: String, CodingKey {
        case fold, status, reason, prunedAt, train, validation, fit, reports
    }

    /// Reads a fold record.
    ///
    /// - Throws: `DecodingError` naming the first field that is missing (`fold`, `status`) or of the wrong kind.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            fold: try container.decode(Int.self, forKey: .fold),
            status: OutcomeStatus(rawValue: try container.decode(String.self, forKey: .status)) ?? .failed,
            reason: try container.decodeIfPresent(String.self, forKey: .reason),
            prunedAt: try container.decodeIfPresent(Int.self, forKey: .prunedAt),
            train: try container.decodeIfPresent([String: Double].self, forKey: .train) ?? [:],
            validation: try container.decodeIfPresent([String: Double].self, forKey: .validation) ?? [:],
            fit: try container.decodeIfPresent(FitReport.self, forKey: .fit),
            reports: try container.decodeIfPresent([JSONValue].self, forKey: .reports) ?? [])
    }

    /// Writes `fold`, `status` (with `reason` or `pruned_at` when set), `train`, `validation`, `fit` when there
    /// is a report and `reports` when there are any.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fold, forKey: .fold)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encodeIfPresent(prunedAt, forKey: .prunedAt)
        try container.encode(train, forKey: .train)
        try container.encode(validation, forKey: .validation)
        try container.encodeIfPresent(fit, forKey: .fit)
        if !reports.isEmpty { try container.encode(reports, forKey: .reports) }
    }
}

extension FoldResult {
    /// The fold result as its record.
    package var record: FoldRecord {
        FoldRecord(
            fold: fold, status: status.outcome, reason: status.reason, prunedAt: status.prunedAt, train: trainScores,
            validation: validationScores, fit: report, reports: reports)
    }

    /// The record as canonical JSON.
    package var json: JSONValue { record.canonicalJSON }

    /// The fold result a record holds.
    package init(record: FoldRecord) {
        self.init(
            fold: record.fold, status: Status(record), trainScores: record.train,
            validationScores: record.validation, report: record.fit, reports: record.reports)
    }
}

extension FoldResult.Status {
    /// Why the fold or trial failed or was skipped; `nil` for the other statuses.
    package var reason: String? {
        switch self {
        case .failed(let reason), .skipped(let reason): return reason
        case .ok, .pruned: return nil
        }
    }

    /// The resource a pruned fold or trial was stopped at (`pruned_at`); `nil` for the other statuses.
    package var prunedAt: Int? {
        if case .pruned(let resource) = self { return resource }
        return nil
    }

    /// The status a record names, its details defaulted as the journal's reader always did.
    package init(_ record: FoldRecord) {
        switch record.status {
        case .ok: self = .ok
        case .pruned: self = .pruned(resource: record.prunedAt ?? 0)
        case .skipped: self = .skipped(reason: record.reason ?? "the search had stopped")
        case .failed: self = .failed(reason: record.reason ?? "failed")
        }
    }
}
