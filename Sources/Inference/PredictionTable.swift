import Foundation
package import HyperplanCore

/// Predictions as CSV text: the bundle's `predictions.csv` and `hyperplan predict`'s output share it, so the
/// same predictions give the same bytes in both.
///
/// Columns: `row` (the 0-based data row of the file the rows came from), `true` when the true targets are known,
/// `predicted`, and with probabilities one `probability_<class>` column per class in class order. Class labels
/// are written as the data wrote them; numbers in their shortest round-trip form, so reading them back gives
/// the same bits.
package enum PredictionTable {
    /// The CSV text, header first, one line per prediction, each ending with a newline.
    ///
    /// - Parameters:
    ///   - rows: each prediction's row number; `nil` numbers them 0, 1, 2, …
    ///   - truth: the true targets of those rows, for a `true` column.
    ///   - classes: class labels in index order (classification).
    ///   - probabilities: whether to add the probability columns (ignored for regression, and for classifiers
    ///     that give none).
    /// - Complexity: O(rows × classes).
    package static func csv(
        rows: [Int]? = nil, truth: Targets? = nil, predictions: Predictions, classes: [String], probabilities: Bool
    ) -> [UInt8] {
        header(truth: truth != nil, predictions: predictions, classes: classes, probabilities: probabilities)
            + lines(rows: rows, truth: truth, predictions: predictions, classes: classes, probabilities: probabilities)
    }

    /// The header line: `row`, `true` when `truth`, `predicted`, and the probability columns when wanted and
    /// given.
    package static func header(truth: Bool, predictions: Predictions, classes: [String], probabilities: Bool)
        -> [UInt8]
    {
        var names = ["row"]
        if truth { names.append("true") }
        names.append("predicted")
        if probabilityMatrix(predictions, classes: classes, wanted: probabilities) != nil {
            names += classes.map(probabilityColumn)
        }
        return Array((names.map(field).joined(separator: ",") + "\n").utf8)
    }

    /// The lines of `predictions` without the header; rows numbered from `firstRow` when `rows` is `nil`.
    package static func lines(
        rows: [Int]? = nil, firstRow: Int = 0, truth: Targets? = nil, predictions: Predictions, classes: [String],
        probabilities: Bool
    ) -> [UInt8] {
        var output: [UInt8] = []
        let probabilityMatrix = probabilityMatrix(predictions, classes: classes, wanted: probabilities)
        let quotedClasses = classes.map(field)
        output.reserveCapacity(predictions.count * (probabilityMatrix == nil ? 24 : 24 * (classes.count + 1)))
        for index in 0..<predictions.count {
            append(String(rows?[index] ?? firstRow + index), to: &output)
            if let truth {
                output.append(UInt8(ascii: ","))
                switch truth {
                case .classes(let labels, _): append(label(labels[index], quotedClasses), to: &output)
                case .values(let values): append(NumberFormatting.shortest(values[index]), to: &output)
                }
            }
            output.append(UInt8(ascii: ","))
            switch predictions {
            case .classes(let labels, _): append(label(labels[index], quotedClasses), to: &output)
            case .values(let values): append(NumberFormatting.shortest(values[index]), to: &output)
            }
            if let probabilityMatrix {
                let start = index * probabilityMatrix.columns
                for column in 0..<probabilityMatrix.columns {
                    output.append(UInt8(ascii: ","))
                    append(NumberFormatting.shortest(probabilityMatrix.storage[start + column]), to: &output)
                }
            }
            output.append(UInt8(ascii: "\n"))
        }
        return output
    }

    private static func probabilityMatrix(_ predictions: Predictions, classes: [String], wanted: Bool) -> Matrix? {
        guard wanted, case .classes(_, let matrix?) = predictions, matrix.columns == classes.count else { return nil }
        return matrix
    }

    /// The header's name of the probability column of `className`.
    package static func probabilityColumn(_ className: String) -> String { "probability_\(className)" }

    private static func label(_ index: Int, _ classes: [String]) -> String {
        classes.indices.contains(index) ? classes[index] : String(index)
    }

    private static func append(_ text: String, to output: inout [UInt8]) {
        output.append(contentsOf: text.utf8)
    }

    /// A CSV field: quoted (with doubled quotes) when it holds a comma, a quote or a line break, or starts or
    /// ends with a space (which a reader would trim).
    static func field(_ text: String) -> String {
        guard
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                || text.first == " " || text.last == " "
        else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
