import Datasets
import HyperplanCore

/// Where each of the model's input columns is in the file and what to do with it.
struct ColumnPlan: Sendable {
    struct Numeric: Sendable {
        var column: Int
        var source: Int
        var offset: Int
        var fill: Double
        var fills: Bool
        var center: Double
        var scale: Double
    }

    struct Categorical: Sendable {
        var column: Int
        var source: Int
        var offset: Int
        var slots: [String: Int]
        /// The slot of the fill category, -1 without imputation.
        var fill: Int
    }

    var numeric: [Numeric] = []
    var categorical: [Categorical] = []
    var width: Int
    /// The number of columns of the input's header.
    var inputColumns: Int
    var ignoredNote: PredictionDiagnostic?
    /// The input file's name in messages.
    var file: String
    /// The line breaks of the header line (1, unless a quoted name spans lines).
    var headerLineBreaks = 1

    /// The plan for a file whose header is `header`.
    ///
    /// - Throws: `PredictionError` naming the columns the model reads that the header lacks.
    init(header: [String], preprocessing: StoredPreprocessing, target: String?, file: String) throws(PredictionError) {
        self.file = file
        inputColumns = header.count
        var position: [String: Int] = [:]
        for (index, name) in header.enumerated() { position[name] = index }
        let needed = preprocessing.columns.map(\.name)
        let missing = needed.filter { position[$0] == nil }
        guard missing.isEmpty else {
            let plural = missing.count > 1
            throw PredictionError(
                .input, "input-missing-column",
                "the model needs \(plural ? "columns" : "column") \(Self.list(missing)), which the file does not have",
                file: file,
                notes: [
                    "the file has \(Self.list(header))",
                    "the model reads \(Self.list(needed))",
                ])
        }
        let used = Set(needed)
        let ignored = header.filter { !used.contains($0) }
        if !ignored.isEmpty {
            let names = ignored.map { $0 == target ? "'\($0)' (the target)" : "'\($0)'" }
            ignoredNote = PredictionDiagnostic(
                "input-ignored-columns", .note,
                "ignoring \(ignored.count == 1 ? "column" : "columns") the model does not read: "
                    + names.joined(separator: ", "), file: file)
        }
        var offset = 0
        for (index, column) in preprocessing.columns.enumerated() {
            let source = position[column.name] ?? 0
            switch column {
            case .numeric(_, let fill, let center, let scale):
                numeric.append(
                    Numeric(
                        column: index, source: source, offset: offset, fill: fill ?? 0, fills: fill != nil,
                        center: center, scale: scale))
            case .oneHot(_, let categories, let fill):
                var slots: [String: Int] = [:]
                for (slot, category) in categories.enumerated() { slots[category] = slot }
                categorical.append(
                    Categorical(
                        column: index, source: source, offset: offset, slots: slots,
                        fill: fill.flatMap { slots[$0] } ?? -1))
            }
            offset += column.width
        }
        width = offset
    }

    static func list(_ names: [String]) -> String {
        let shown = names.prefix(20).map { "'\($0)'" }.joined(separator: ", ")
        return names.count > 20 ? "\(shown) and \(names.count - 20) more" : shown
    }

    /// The CSV reader of `bytes`, its errors placed `lineOffset` lines further down (a piece of a file).
    static func reader(_ bytes: [UInt8], file: String, lineOffset: Int) throws(PredictionError) -> CSVReader {
        do throws(DatasetError) {
            return try CSVReader(bytes: bytes, file: file)
        } catch {
            var location = error.location
            if let line = location?.line, line > 1 { location?.line = line + lineOffset }
            throw PredictionError(
                .input, [PredictionDiagnostic(error.id, .error, error.message, file: file, at: location)])
        }
    }

    static func noRows(_ file: String) -> PredictionError {
        PredictionError(
            .input, "input-no-rows", "the file has a header but no rows; there is nothing to predict", file: file)
    }

    /// The feature matrix, row by row (reading the fields in file order and writing the output in order);
    /// problems are counted in `problems`, and the matrix is then not to be used.
    ///
    /// - Complexity: O(rows × columns); no allocation per row or per numeric field.
    func transform(_ reader: CSVReader, problems: inout InputProblems) -> Matrix {
        let rows = reader.rowCount, stride = reader.header.count
        var storage = [Double](repeating: 0, count: rows * width)
        reader.withUnsafeStorage { bytes, fields in
            storage.withUnsafeMutableBufferPointer { out in
                numeric.withUnsafeBufferPointer { numeric in
                    for row in 0..<rows {
                        let base = row * width, rowFields = row * stride
                        for plan in numeric {
                            let field = fields[rowFields + plan.source]
                            switch CSVReader.value(of: field, in: bytes) {
                            case .number(let value) where value.isFinite:
                                out[base + plan.offset] = StoredPreprocessing.scaled(
                                    value, center: plan.center, scale: plan.scale)
                            case .number:
                                problems.record(.nonFinite, column: plan.column, row: row, field: field, in: reader)
                            case .missing where plan.fills:
                                out[base + plan.offset] = StoredPreprocessing.scaled(
                                    plan.fill, center: plan.center, scale: plan.scale)
                            case .missing:
                                problems.record(.missing, column: plan.column, row: row, field: field, in: reader)
                            case .text:
                                problems.record(.text, column: plan.column, row: row, field: field, in: reader)
                            }
                        }
                        for plan in categorical {
                            let field = fields[rowFields + plan.source]
                            let text = CSVReader.text(of: field, in: bytes)
                            var slot = -1
                            if DataTable.missingMarkers.contains(text) {
                                slot = plan.fill
                                if slot < 0 {
                                    problems.record(.missing, column: plan.column, row: row, field: field, in: reader)
                                }
                            } else if let known = plan.slots[text] {
                                slot = known
                            } else {
                                problems.record(.unseen, column: plan.column, row: row, field: field, in: reader)
                            }
                            if slot >= 0 { out[base + plan.offset + slot] = 1 }
                        }
                    }
                }
            }
        }
        return Matrix(rows: rows, columns: width, storage: storage)
    }
}
