package import Datasets
package import HyperplanCore

/// What to do with a category the model did not see in training.
package enum UnknownCategoryPolicy: String, Sendable, Hashable, CaseIterable {
    /// All-zero one-hot columns and a warning counting the rows, as scikit-learn's
    /// `OneHotEncoder(handle_unknown="ignore")`, and as the run itself scored validation and test rows.
    case ignore
    /// Refuse the input, as `handle_unknown="error"`.
    case error
}

/// Rows of CSV text laid out as the model's feature matrix by the saved preprocessing.
///
/// Fields are read with the dataset loader's own rule (`CSVReader.value(of:)`) and transformed with the same
/// formula the run used, so a row of the data file gives the same bits here as it did in the run.
package struct PredictionInput: Sendable {
    /// One row per data row of the text, `preprocessing.outputWidth` columns.
    package var features: Matrix
    /// Warnings and notes for standard error: columns ignored, rows with unseen categories.
    package var diagnostics: [PredictionDiagnostic]

    /// Reads `bytes` (a whole CSV file named `file` in messages) for a model whose pipeline is `preprocessing`.
    ///
    /// - Parameter target: the model's target column, named as such when the file has it (it is ignored).
    /// - Throws: `PredictionError` (cause `.input`) for malformed CSV, a file without rows, a missing feature
    ///   column, text in a numeric column, a non-finite number, a missing value the model cannot fill, or
    ///   (`unknownCategories: .error`) an unseen category; every problem at once, at its first row.
    /// - Complexity: O(rows × columns).
    package static func read(
        _ bytes: [UInt8], file: String, preprocessing: StoredPreprocessing, target: String?,
        unknownCategories: UnknownCategoryPolicy
    ) throws(PredictionError) -> PredictionInput {
        let reader = try ColumnPlan.reader(bytes, file: file, lineOffset: 0)
        let plan = try ColumnPlan(header: reader.header, preprocessing: preprocessing, target: target, file: file)
        guard reader.rowCount > 0 else { throw ColumnPlan.noRows(file) }
        var problems = InputProblems()
        let features = plan.transform(reader, problems: &problems)
        var merged = InputProblems()
        merged.merge(problems, lineOffset: 0)
        let (errors, warnings) = merged.diagnostics(
            columns: preprocessing.columns, unknownCategories: unknownCategories)
        guard errors.isEmpty else { throw PredictionError(.input, errors + warnings) }
        return PredictionInput(features: features, diagnostics: plan.ignoredNote.map { [$0] + warnings } ?? warnings)
    }
}
