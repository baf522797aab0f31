package import HyperplanCore
package import ResultBundle

/// One Hyperplan trial as an Optuna trial, written as the single `CREATE_TRIAL` journal entry that creates it
/// already finished (what Optuna's own `study.add_trial` writes).
///
/// - State: `ok` → COMPLETE with the objective's mean validation score as its value; `pruned` → PRUNED with the
///   last intermediate value as its value (as Optuna's `study.tell` does); `failed` → FAIL without a value. An
///   `ok` trial whose mean is not a finite number is FAIL, as Optuna treats an objective that returns NaN.
/// - Parameters: only those the trial has (a conditional dimension of another model block is absent), each with
///   its distribution.
/// - Intermediate values: the trial's learning curve, step by step: the mean over folds of the validation
///   metric per epoch of a scheduled learner, or of the objective a trial command reported with `epoch`/`step`.
/// - User attributes: `hyperplan_trial` (Hyperplan's trial index), `rank`, `flags`, the scores as `results.csv`
///   names them (`mean_validation_M`, `std_validation_M`, `mean_train_M`, `std_train_M`), per-fold scores
///   (`fold_validation_M`, `fold_train_M`), and `reason` or `pruned_at`.
/// - Datetimes: a bundle records no wall-clock times, so trial number n starts and completes at the placeholder
///   instant 2000-01-01T00:00:00Z + n seconds: deterministic, in trial order, and enough for Optuna's check that
///   finished trials have both datetimes (`optuna.copy_study` applies it).
package struct OptunaTrial: Sendable, Hashable {
    /// Optuna's `TrialState` values for finished trials.
    package enum State: Int, Sendable, Hashable {
        case complete = 1
        case pruned = 2
        case fail = 3
    }

    /// Optuna's trial number: the position in the export, counting from 0.
    package var number: Int
    package var state: State
    package var value: Double?
    /// Parameter name → value in Optuna's internal representation (a category's position).
    package var parameters: [String: JSONValue]
    package var distributions: [String: OptunaDistribution]
    /// Step → value.
    package var intermediateValues: [Int: Double]
    package var userAttributes: [String: JSONValue]
    /// Sentences for standard error (a trial exported as failed although Hyperplan ranked it).
    package var notes: [String]

    /// The trial as Optuna's trial number `number`.
    ///
    /// - Parameters:
    ///   - space: the distribution of every dimension, already widened to every recorded value.
    ///   - metric: the objective; `metrics` every metric the trials were scored on.
    /// - Throws: `ExportError` when a parameter is not a dimension of `space`, or its value does not fit it.
    package init(
        _ trial: RecordedTrial, number: Int, space: [String: OptunaDistribution], metric: String, metrics: [String]
    ) throws(ExportError) {
        self.number = number
        notes = []
        parameters = [:]
        distributions = [:]
        for (name, recorded) in trial.parameters.sorted(by: { $0.key < $1.key }) {
            guard let distribution = space[name] else {
                throw ExportError(
                    .unrepresentable,
                    "trial \(trial.trial) records the parameter '\(name)', which is not a dimension of the search "
                        + "space in resolved.json")
            }
            switch distribution.internalValue(of: recorded) {
            case .success(let value):
                parameters[name] = value
                distributions[name] = distribution
            case .failure(let mismatch):
                throw ExportError(
                    .unrepresentable,
                    "trial \(trial.trial) records '\(name)' = \(recorded.canonicalString()), which is "
                        + mismatch.phrase)
            }
        }
        var steps: [Int: Double] = [:]
        for point in trial.learningCurve(metric: metric) {
            if let value = point.validationMetric, value.isFinite { steps[point.step] = value }
        }
        intermediateValues = steps
        userAttributes = OptunaTrial.attributes(of: trial, metrics: metrics)
        switch trial.status {
        case .ok:
            if let mean = trial.validation[metric]?.mean, mean.isFinite {
                state = .complete
                value = mean
            } else {
                state = .fail
                userAttributes["reason"] = .string("the mean validation \(metric) is not a finite number")
                notes.append(
                    "trial \(trial.trial) is exported as FAIL: its mean validation \(metric) is not a finite number")
            }
        case .pruned:
            state = .pruned
            value = steps.max { $0.key < $1.key }?.value
        default:
            state = .fail
        }
    }

    /// The user attributes worth keeping from the record.
    static func attributes(of trial: RecordedTrial, metrics: [String]) -> [String: JSONValue] {
        var attributes: [String: JSONValue] = ["hyperplan_trial": .int(trial.trial)]
        if let rank = trial.rank { attributes["rank"] = .int(rank) }
        if trial.isOK { attributes["flags"] = .array(trial.flags.map(JSONValue.string)) }
        if let reason = trial.reason { attributes["reason"] = .string(reason) }
        if let prunedAt = trial.prunedAt { attributes["pruned_at"] = .int(prunedAt) }
        for metric in metrics {
            for (side, table) in [("validation", trial.validation), ("train", trial.train)] {
                if let mean = table[metric]?.mean, mean.isFinite {
                    attributes["mean_\(side)_\(metric)"] = .double(mean)
                }
                if let std = table[metric]?.std, std.isFinite { attributes["std_\(side)_\(metric)"] = .double(std) }
            }
            let validation = trial.folds.map { $0.validation[metric] ?? nil }
            let train = trial.folds.map { $0.train[metric] ?? nil }
            if validation.contains(where: { $0 != nil }) {
                attributes["fold_validation_\(metric)"] = .array(validation.map(JSONValue.number))
            }
            if train.contains(where: { $0 != nil }) {
                attributes["fold_train_\(metric)"] = .array(train.map(JSONValue.number))
            }
        }
        return attributes
    }

    /// The `CREATE_TRIAL` entry's own fields (the study's ID, the operation code and the worker are added by
    /// `OptunaStudy`).
    package var fields: [String: JSONValue] {
        let datetime = JSONValue.string(OptunaTrial.placeholderDatetime(number))
        var steps: [String: JSONValue] = [:]
        for (step, value) in intermediateValues { steps[String(step)] = .double(value) }
        return [
            "state": .int(state.rawValue),
            "value": JSONValue.number(value),
            "values": .null,
            "datetime_start": datetime,
            "datetime_complete": datetime,
            "params": .object(parameters),
            "distributions": .object(distributions.mapValues { .string($0.json) }),
            "user_attrs": .object(userAttributes),
            "system_attrs": .object([:]),
            "intermediate_values": .object(steps),
        ]
    }

    /// 2000-01-01T00:00:00Z + `seconds`, as Python's `datetime.isoformat(timespec="microseconds")` writes it
    /// (`2000-01-01T00:00:07.000000+00:00`).
    static func placeholderDatetime(_ seconds: Int) -> String {
        // Days since 2000-01-01 to a civil date (the proleptic Gregorian algorithm of Howard Hinnant's
        // `civil_from_days`, shifted to an era starting on 0000-03-01).
        let days = seconds / 86_400 + 10_957 + 719_468
        let era = days / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let second = seconds % 86_400
        let pad = { (value: Int, width: Int) -> String in
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(second / 3_600, 2)):"
            + "\(pad(second / 60 % 60, 2)):\(pad(second % 60, 2)).000000+00:00"
    }
}
