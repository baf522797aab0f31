import Datasets
import HyperplanCore

/// The problems found while laying out input rows, counted per column and kind with the first place each
/// occurred, so that a file with a million bad rows gives one message per column and kind, not a million.
struct InputProblems {
    enum Kind: Int, Comparable {
        /// Text in a column the model reads as numbers.
        case text
        /// `inf` or a number too large for a double.
        case nonFinite
        /// A missing value in a column the model has no fill value for.
        case missing
        /// A category the model did not see in training.
        case unseen

        static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    struct Key: Hashable, Comparable {
        var column: Int
        var kind: Kind

        static func < (lhs: Key, rhs: Key) -> Bool { (lhs.column, lhs.kind) < (rhs.column, rhs.kind) }
    }

    struct Occurrences {
        var rows = 0
        var firstRow: Int
        var firstField: CSVReader.Field
        /// The first few distinct offending values, for the message.
        var values: [String] = []
    }

    let reader: CSVReader
    let unknownCategories: UnknownCategoryPolicy
    private(set) var found: [Key: Occurrences] = [:]

    init(reader: CSVReader, unknownCategories: UnknownCategoryPolicy) {
        self.reader = reader
        self.unknownCategories = unknownCategories
    }

    mutating func record(_ kind: Kind, column: Int, row: Int, field: CSVReader.Field, value: String? = nil) {
        let key = Key(column: column, kind: kind)
        var entry = found[key] ?? Occurrences(firstRow: row, firstField: field)
        entry.rows += 1
        if let value, entry.values.count < 5, !entry.values.contains(value) { entry.values.append(value) }
        found[key] = entry
    }

    /// Errors (which stop the prediction) and warnings, in column order.
    func diagnostics(columns: [StoredPreprocessing.Column]) -> (
        errors: [PredictionDiagnostic], warnings: [PredictionDiagnostic]
    ) {
        var errors: [PredictionDiagnostic] = []
        var warnings: [PredictionDiagnostic] = []
        for key in found.keys.sorted() {
            guard let entry = found[key] else { continue }
            let name = columns[key.column].name
            let location = SourceLocation(
                file: reader.file, line: reader.line(ofRow: entry.firstRow), column: reader.column(of: entry.firstField)
            )
            let line = reader.lineText(of: entry.firstField)
            let more = entry.rows > 1 ? " (and on \(entry.rows - 1) more \(entry.rows == 2 ? "row" : "rows"))" : ""
            let text = reader.text(of: entry.firstField)
            switch key.kind {
            case .text:
                errors.append(
                    PredictionDiagnostic(
                        "input-text-in-numeric-column", .error,
                        "column '\(name)' holds the text '\(text)' where the model reads a number\(more)",
                        at: location, sourceLine: line))
            case .nonFinite:
                errors.append(
                    PredictionDiagnostic(
                        "input-non-finite", .error, "column '\(name)' has a non-finite value '\(text)'\(more)",
                        at: location, sourceLine: line))
            case .missing:
                errors.append(
                    PredictionDiagnostic(
                        "input-missing-value", .error, "column '\(name)' has a missing value\(more)", at: location,
                        sourceLine: line,
                        notes: [
                            "the model has no fill value for it: the experiment's 'dataset.preprocess' has no "
                                + "'impute' step, so its training rows had no missing values and nothing was learnt "
                                + "to fill them; fill the values in the file, or add 'impute' and run the "
                                + "experiment again"
                        ]))
            case .unseen:
                let values = entry.values.map { "'\($0)'" }.joined(separator: ", ")
                let rows = entry.rows == 1 ? "1 row has" : "\(entry.rows) rows have"
                if unknownCategories == .error {
                    errors.append(
                        PredictionDiagnostic(
                            "input-unseen-category", .error,
                            "column '\(name)' has the category '\(text)', which the model did not see in "
                                + "training\(more)", at: location, sourceLine: line,
                            notes: [
                                "the model knows \(Self.list(columns[key.column]))",
                                "with '--unknown-categories ignore' such rows get all-zero one-hot columns",
                            ]))
                } else {
                    warnings.append(
                        PredictionDiagnostic(
                            "input-unseen-category", .warning,
                            "\(rows) categories of column '\(name)' that the model did not see in training "
                                + "(\(values)\(entry.values.count < entry.rows && entry.values.count == 5 ? ", …" : "")); "
                                + "their one-hot columns are all 0", at: location, sourceLine: line))
                }
            }
        }
        return (errors, warnings)
    }

    private static func list(_ column: StoredPreprocessing.Column) -> String {
        guard case .oneHot(_, let categories, _) = column else { return "no categories" }
        return categories.map { "'\($0)'" }.joined(separator: ", ")
    }
}
