import HyperplanCore

/// The trials fANOVA fits its forest to: validated, filtered to finite scores and encoded as Optuna encodes
/// them (`ImportanceDimension.encode`), with the bounds of every encoded column and each searched dimension's
/// range of columns.
struct ImportanceData: Sendable {
    /// The encoded parameters of the kept trials, one row each.
    var features: Matrix
    var scores: [Double]
    /// The interval each encoded column is measured over.
    var bounds: [ClosedRange<Double>]
    /// The indices of the dimensions that take more than one value (those in the forest), in order.
    var searched: [Int]
    /// The encoded columns of each searched dimension, parallel to `searched`.
    var groups: [Range<Int>]

    /// - Throws: `ImportanceError` for a malformed dimension, a shape mismatch, a value outside its dimension,
    ///   fewer than two finite scores or no dimension with more than one value.
    /// - Complexity: O(rows × encoded columns).
    init(dimensions: [ImportanceDimension], rows: [[Double]], scores: [Double]) throws(ImportanceError) {
        for dimension in dimensions {
            if let reason = dimension.problem { throw .invalidDimension(name: dimension.name, reason: reason) }
        }
        guard rows.count == scores.count else {
            throw .shapeMismatch("\(rows.count) trials but \(scores.count) scores")
        }
        if let row = rows.firstIndex(where: { $0.count != dimensions.count }) {
            throw .shapeMismatch("trial \(row) has \(rows[row].count) values for \(dimensions.count) hyperparameters")
        }
        let kept = scores.indices.filter { scores[$0].isFinite }
        guard kept.count >= 2 else { throw .tooFewTrials(kept.count) }
        let searched = dimensions.indices.filter { !dimensions[$0].isSingleValued }
        guard !searched.isEmpty else { throw .noSearchedDimension }
        var groups: [Range<Int>] = []
        var bounds: [ClosedRange<Double>] = []
        for index in searched {
            groups.append(bounds.count..<(bounds.count + dimensions[index].columnCount))
            bounds += dimensions[index].columnBounds
        }
        let columns = bounds.count
        var storage = [Double](repeating: 0, count: kept.count * columns)
        var outside: ImportanceError?
        storage.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for (position, row) in kept.enumerated() where outside == nil {
                for (index, dimension) in searched.enumerated()
                where !dimensions[dimension].encode(
                    rows[row][dimension], into: base + position * columns + groups[index].lowerBound)
                {
                    outside = .valueOutsideDimension(
                        row: row, name: dimensions[dimension].name, value: rows[row][dimension])
                    break
                }
            }
        }
        if let outside { throw outside }
        features = Matrix(rows: kept.count, columns: columns, storage: storage)
        self.scores = kept.map { scores[$0] }
        self.bounds = bounds
        self.groups = groups
        self.searched = searched
    }
}
