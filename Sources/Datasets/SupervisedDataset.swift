package import HyperplanCore

/// The rows of a table split into feature columns and an encoded target, ready for resampling and learning.
package struct SupervisedDataset: Sendable {
    package var targetName: String
    package var task: TaskKind
    package var featureColumns: [DataColumn]
    /// Targets of every row: class indices into `classNames`, or real values.
    package var targets: Targets
    /// Class labels in sorted order (numeric labels numerically, text by code point), for classification.
    package var classNames: [String]
    package var rowCount: Int

    /// Selects features and encodes the target of `table`.
    ///
    /// - Parameters:
    ///   - features: the feature columns to keep, in this order; `nil` means every column but the target.
    ///   - drop: columns to leave out.
    /// - Throws: `DatasetError` when a named column does not exist, the target has missing values, or
    ///   a regression target is not numeric.
    package static func make(
        from loaded: LoadedDataset, target: String, features: [String]?, drop: [String], task: TaskKind
    ) throws(DatasetError) -> SupervisedDataset {
        let table = loaded.table
        guard let targetColumn = table.column(named: target) else {
            throw DatasetError("unknown-column", "target column '\(target)' is not in '\(loaded.fileDescription)'")
        }
        let featureNames = (features ?? table.columnNames.filter { $0 != target }).filter { !drop.contains($0) }
        var columns: [DataColumn] = []
        for name in featureNames where name != target {
            guard let column = table.column(named: name) else {
                throw DatasetError("unknown-column", "feature column '\(name)' is not in '\(loaded.fileDescription)'")
            }
            columns.append(column)
        }
        let missing = targetColumn.missingCount
        if missing > 0 {
            let firstRow = firstMissingRow(of: targetColumn)
            throw DatasetError(
                "missing-target", "target '\(target)' is missing on \(missing) row(s); remove those rows",
                at: SourceLocation(file: loaded.fileDescription, line: table.rowLines[firstRow], column: 1))
        }
        let (targets, classNames) = try encode(targetColumn, task: task)
        return SupervisedDataset(
            targetName: target, task: task, featureColumns: columns, targets: targets, classNames: classNames,
            rowCount: table.rowCount)
    }

    private static func firstMissingRow(of column: DataColumn) -> Int {
        switch column.values {
        case .numeric(let numbers): return numbers.firstIndex { $0.isNaN } ?? 0
        case .categorical(let codes, _): return codes.firstIndex { $0 < 0 } ?? 0
        }
    }

    private static func encode(_ column: DataColumn, task: TaskKind) throws(DatasetError) -> (Targets, [String]) {
        switch (column.values, task) {
        case (.numeric(let numbers), .regression):
            return (.values(numbers), [])
        case (.categorical, .regression):
            throw DatasetError(
                "non-numeric-target", "regression needs a numeric target, but '\(column.name)' holds text labels")
        case (.numeric(let numbers), .classification):
            let distinct = Set(numbers).sorted()
            var indexOf: [Double: Int] = [:]
            for (index, value) in distinct.enumerated() { indexOf[value] = index }
            let labels = numbers.map { indexOf[$0] ?? 0 }
            return (.classes(labels, classCount: distinct.count), distinct.map(NumberFormatting.shortest))
        case (.categorical(let codes, let categories), .classification):
            return (.classes(codes.map { Int($0) }, classCount: categories.count), categories)
        }
    }

    /// The class indices of every row, or `nil` for regression (used for stratification).
    package var classLabels: [Int]? {
        if case .classes(let labels, _) = targets { return labels }
        return nil
    }
}
