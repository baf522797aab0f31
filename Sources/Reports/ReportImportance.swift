import Analysis
import HyperplanCore
import ResultBundle

/// The hyperparameter importance a bundle's page shows: fANOVA (`Analysis.FANOVA`) over the finished trials,
/// on the dimensions every one of them has (Optuna's intersection search space: a model block's own
/// hyperparameters are left out of a choice of models).
enum ReportImportance {
    /// Fewer finished trials than this give no importance: a forest on a handful of points says little.
    static let minimumTrials = 5

    static func compute(_ model: ReportModel) -> (values: [(name: String, value: Double)], note: String) {
        let entries = zip(model.trials, model.objective).compactMap { trial, value in value.map { (trial, $0) } }
        guard entries.count >= minimumTrials else {
            return ([], "Importance needs at least \(minimumTrials) finished trials; this bundle has \(entries.count).")
        }
        var dimensions: [ImportanceDimension] = []
        var columns: [RecordedDimension] = []
        for dimension in model.snapshot.dimensions where entries.allSatisfy({ $0.0.parameters[dimension.name] != nil })
        {
            switch dimension.kind {
            case .real(let low, let high, let log):
                dimensions.append(
                    ImportanceDimension(name: dimension.name, kind: .numeric(low: low, high: high, log: log)))
            case .integer(let low, let high, let log):
                dimensions.append(
                    ImportanceDimension(name: dimension.name, kind: .integer(low: low, high: high, log: log)))
            case .choice(let values):
                dimensions.append(ImportanceDimension(name: dimension.name, kind: .categorical(count: values.count)))
            }
            columns.append(dimension)
        }
        guard !dimensions.isEmpty else { return ([], "No searched dimension is shared by every finished trial.") }
        // A trial whose recorded value is not in its domain (a damaged file) is left out rather than guessed.
        var rows: [[Double]] = []
        var scores: [Double] = []
        for (trial, score) in entries {
            let row = columns.map { dimension -> Double? in
                guard let value = trial.parameters[dimension.name] else { return nil }
                if case .choice(let values) = dimension.kind {
                    return values.firstIndex { $0.displayText == value.displayText }.map(Double.init)
                }
                return value.doubleValue
            }
            guard row.allSatisfy({ $0 != nil }) else { continue }
            rows.append(row.map { $0 ?? 0 })
            scores.append(score)
        }
        let seed = UInt64(truncatingIfNeeded: model.snapshot.resolved["seed"]?.intValue ?? 0)
        do {
            let values = try FANOVA.importances(
                dimensions: dimensions, rows: rows, scores: scores, seed: seed)
            let left = model.snapshot.dimensions.count - columns.count
            let note =
                left > 0
                ? "\(left) conditional dimension\(left == 1 ? "" : "s") (present in some trials only) left out, as Optuna's intersection search space leaves them."
                : ""
            return (zip(columns, values).map { ($0.name, $1) }, note)
        } catch {
            return ([], "Importance not computed: \(error.description).")
        }
    }
}
