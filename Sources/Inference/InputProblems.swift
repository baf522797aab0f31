import Datasets
import HyperplanCore

/// The problems found while laying out input rows, counted per column and kind with the first place each
/// occurred, so that a file with a million bad rows gives one message per column and kind, not a million.
///
/// A file is read in chunks, each counting its own problems with lines numbered within the chunk; `merge`
/// combines them in file order once every chunk's line offset is known.
struct InputProblems: Sendable {
    enum Kind: Int, Comparable, Sendable {
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

    struct Key: Hashable, Comparable, Sendable {
        var column: Int
        var kind: Kind

        static func < (lhs: Key, rhs: Key) -> Bool { (lhs.column, lhs.kind) < (rhs.column, rhs.kind) }
    }

    /// Every occurrence of one kind of problem in one column.
    struct Occurrences: Sendable {
        var rows = 0
        /// Where the first one is, its line's text and the field's text.
        var location: SourceLocation
        var line: String
        var text: String
        /// The first few distinct offending values, for the message.
        var values: [String] = []
    }

    private(set) var found: [Key: Occurrences] = [:]

    var isEmpty: Bool { found.isEmpty }

    /// Whether any problem is an error under `policy` (unseen categories are only warnings when ignored).
    func hasErrors(policy: UnknownCategoryPolicy) -> Bool {
        found.keys.contains { $0.kind != .unseen || policy == .error }
    }

    /// Counts a problem with `field` of `reader` (in `row`); the first of its kind and column keeps its place.
    mutating func record(_ kind: Kind, column: Int, row: Int, field: CSVReader.Field, in reader: CSVReader) {
        let key = Key(column: column, kind: kind)
        if found[key] == nil {
            found[key] = Occurrences(
                location: SourceLocation(
                    file: reader.file, line: reader.line(ofRow: row), column: reader.column(of: field)),
                line: reader.lineText(of: field), text: reader.text(of: field))
        }
        found[key]?.rows += 1
        if kind == .unseen, let count = found[key]?.values.count, count < 5 {
            let value = reader.text(of: field)
            if found[key]?.values.contains(value) == false { found[key]?.values.append(value) }
        }
    }

    /// Adds the problems of a later part of the file, whose lines are `lineOffset` further down than it numbers
    /// them; the earlier first occurrence is kept.
    mutating func merge(_ later: InputProblems, lineOffset: Int) {
        for (key, entry) in later.found {
            guard var existing = found[key] else {
                var shifted = entry
                shifted.location.line += lineOffset
                found[key] = shifted
                continue
            }
            existing.rows += entry.rows
            for value in entry.values where existing.values.count < 5 && !existing.values.contains(value) {
                existing.values.append(value)
            }
            found[key] = existing
        }
    }

    /// Errors (which stop the prediction) and warnings, in column order.
    func diagnostics(columns: [StoredPreprocessing.Column], unknownCategories: UnknownCategoryPolicy) -> (
        errors: [PredictionDiagnostic], warnings: [PredictionDiagnostic]
    ) {
        var errors: [PredictionDiagnostic] = []
        var warnings: [PredictionDiagnostic] = []
        for key in found.keys.sorted() {
            guard let entry = found[key] else { continue }
            let name = columns[key.column].name
            let more = entry.rows > 1 ? " (and on \(entry.rows - 1) more \(entry.rows == 2 ? "row" : "rows"))" : ""
            func error(_ id: DiagnosticID, _ message: String, notes: [String] = []) {
                errors.append(
                    PredictionDiagnostic(id, .error, message, at: entry.location, sourceLine: entry.line, notes: notes))
            }
            switch key.kind {
            case .text:
                error(
                    "input-text-in-numeric-column",
                    "column '\(name)' holds the text '\(entry.text)' where the model reads a number\(more)")
            case .nonFinite:
                error("input-non-finite", "column '\(name)' has a non-finite value '\(entry.text)'\(more)")
            case .missing:
                error(
                    "input-missing-value", "column '\(name)' has a missing value\(more)",
                    notes: [
                        "the model has no fill value for it: the experiment's 'dataset.preprocess' has no 'impute' "
                            + "step, so its training rows had no missing values and nothing was learnt to fill "
                            + "them; fill the values in the file, or add 'impute' and run the experiment again"
                    ])
            case .unseen where unknownCategories == .error:
                error(
                    "input-unseen-category",
                    "column '\(name)' has the category '\(entry.text)', which the model did not see in "
                        + "training\(more)",
                    notes: [
                        "the model knows \(Self.list(columns[key.column]))",
                        "with '--unknown-categories ignore' such rows get all-zero one-hot columns",
                    ])
            case .unseen:
                let values = entry.values.map { "'\($0)'" }.joined(separator: ", ")
                let rows = entry.rows == 1 ? "1 row has" : "\(entry.rows) rows have"
                let ellipsis = entry.values.count == 5 && entry.rows > 5 ? ", …" : ""
                warnings.append(
                    PredictionDiagnostic(
                        "input-unseen-category", .warning,
                        "\(rows) categories of column '\(name)' that the model did not see in training "
                            + "(\(values)\(ellipsis)); their one-hot columns are all 0", at: entry.location,
                        sourceLine: entry.line))
            }
        }
        return (errors, warnings)
    }

    private static func list(_ column: StoredPreprocessing.Column) -> String {
        guard case .oneHot(_, let categories, _) = column else { return "no categories" }
        return categories.map { "'\($0)'" }.joined(separator: ", ")
    }
}
