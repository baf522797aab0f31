import HyperplanCore

/// A loaded table: named, typed columns of equal length, in file order.
package struct DataTable: Sendable {
    package var columns: [DataColumn]
    package var rowCount: Int
    /// The 1-based line of each row in the source file, for messages that point at a row.
    package var rowLines: [Int]

    package init(columns: [DataColumn], rowCount: Int, rowLines: [Int]) {
        self.columns = columns
        self.rowCount = rowCount
        self.rowLines = rowLines
    }

    package var columnNames: [String] { columns.map(\.name) }

    package func column(named name: String) -> DataColumn? { columns.first { $0.name == name } }

    /// Strings that count as a missing value in CSV input: the empty field and pandas' default `na_values`.
    package static let missingMarkers: Set<String> = [
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA",
        "NULL", "NaN", "None", "n/a", "nan", "null",
    ]

    /// A decimal number (`12`, `-0.5`, `1e-3`) or an infinity; `nil` for anything else, so that text such as
    /// `0x1A` (which `Double.init` would read as hexadecimal) makes a column categorical.
    package static func number(_ text: String) -> Double? {
        let decimal = text.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
        }
        if decimal { return Double(text) }
        switch text.lowercased() {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return nil
        }
    }

    /// Builds typed columns from parsed CSV fields: a column is numeric when every present value parses
    /// as a finite number, otherwise categorical.
    static func build(from reader: CSVReader) throws(DatasetError) -> DataTable {
        var columns: [DataColumn] = []
        for (columnIndex, name) in reader.header.enumerated() {
            columns.append(try buildColumn(named: name, at: columnIndex, from: reader))
        }
        return DataTable(columns: columns, rowCount: reader.rowCount, rowLines: reader.rowLines)
    }

    private static func buildColumn(named name: String, at columnIndex: Int, from reader: CSVReader)
        throws(DatasetError) -> DataColumn
    {
        var numbers = [Double](repeating: .nan, count: reader.rowCount)
        var isNumeric = true
        rows: for row in 0..<reader.rowCount {
            let field = reader.field(row: row, column: columnIndex)
            switch reader.value(of: field) {
            case .missing: continue
            case .text: isNumeric = false; break rows
            case .number(let value):
                guard value.isFinite else {
                    throw DatasetError(
                        "csv-non-finite", "column '\(name)' has a non-finite value '\(reader.text(of: field))'",
                        at: SourceLocation(
                            file: reader.file, line: reader.rowLines[row], column: reader.column(of: field)))
                }
                numbers[row] = value
            }
        }
        if isNumeric { return DataColumn(name: name, numeric: numbers) }
        var texts = [String?](repeating: nil, count: reader.rowCount)
        for row in 0..<reader.rowCount {
            let text = reader.text(of: reader.field(row: row, column: columnIndex))
            texts[row] = missingMarkers.contains(text) ? nil : text
        }
        return DataColumn(name: name, categorical: texts)
    }
}

/// One column of a `DataTable`.
package struct DataColumn: Sendable {
    package enum Values: Sendable {
        /// Numbers, with `nan` for a missing value.
        case numeric([Double])
        /// Category codes into `categories` (sorted by UTF-8 bytes), with -1 for a missing value.
        case categorical(codes: [Int32], categories: [String])
    }

    package var name: String
    package var values: Values

    package init(name: String, numeric: [Double]) {
        self.name = name
        values = .numeric(numeric)
    }

    package init(name: String, categorical texts: [String?]) {
        self.name = name
        let categories = Set(texts.compactMap { $0 }).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var codeOf: [String: Int32] = [:]
        for (code, category) in categories.enumerated() { codeOf[category] = Int32(code) }
        values = .categorical(codes: texts.map { $0.flatMap { codeOf[$0] } ?? -1 }, categories: categories)
    }

    package var isNumeric: Bool {
        if case .numeric = values { return true }
        return false
    }

    package var count: Int {
        switch values {
        case .numeric(let numbers): return numbers.count
        case .categorical(let codes, _): return codes.count
        }
    }

    /// The number of missing values.
    package var missingCount: Int {
        switch values {
        case .numeric(let numbers): return numbers.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
        case .categorical(let codes, _): return codes.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
        }
    }

    /// Whether every present value is a whole number (numeric columns only).
    package var isIntegral: Bool {
        guard case .numeric(let numbers) = values else { return false }
        return numbers.allSatisfy { $0.isNaN || $0 == $0.rounded() }
    }

    /// The number of distinct present values.
    package var distinctCount: Int {
        switch values {
        case .numeric(let numbers): return Set(numbers.filter { !$0.isNaN }).count
        case .categorical(let codes, _): return Set(codes.filter { $0 >= 0 }).count
        }
    }
}
