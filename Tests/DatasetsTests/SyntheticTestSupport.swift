import Datasets
import HyperplanCore
import Testing

/// Helpers for the synthetic-generator tests: generating by name, reading columns, small statistics.
enum Synthetic {
    /// `synthetic:name` with `options`, drawn with `seed` unless the options give one.
    static func generate(_ name: String, _ options: [String: ParameterValue] = [:], seed: UInt64 = 1) throws
        -> LoadedDataset
    {
        let generator = try #require(SyntheticRegistry.generator(named: name))
        return try generator.generate(options: Hyperparameters(options), seed: seed)
    }

    /// The numeric values of column `name`.
    static func column(_ table: DataTable, _ name: String) throws -> [Double] {
        let column = try #require(table.column(named: name), "no column \(name)")
        guard case .numeric(let values) = column.values else {
            Issue.record("column \(name) is not numeric")
            return []
        }
        return values
    }

    /// The feature columns `x0`…, in order.
    static func features(_ table: DataTable) throws -> [[Double]] {
        try table.columnNames.filter { $0 != "y" }.map { try column(table, $0) }
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    /// The variance around `center` (the known mean) or around the sample mean (ddof 1) when `center` is nil.
    static func variance(_ values: [Double], around center: Double? = nil) -> Double {
        let middle = center ?? mean(values)
        let sum = values.reduce(0) { $0 + ($1 - middle) * ($1 - middle) }
        return sum / Double(values.count - (center == nil ? 1 : 0))
    }

    /// Least squares of `target` on `columns` plus an intercept (the last coefficient), by the normal equations
    /// solved with Gaussian elimination and partial pivoting; and the residuals.
    static func leastSquares(_ columns: [[Double]], _ target: [Double]) -> (coefficients: [Double], residuals: [Double])
    {
        let design = columns + [[Double](repeating: 1, count: target.count)]
        let width = design.count
        var system = [[Double]](repeating: [Double](repeating: 0, count: width + 1), count: width)
        for i in 0..<width {
            for j in 0..<width { system[i][j] = zip(design[i], design[j]).reduce(0) { $0 + $1.0 * $1.1 } }
            system[i][width] = zip(design[i], target).reduce(0) { $0 + $1.0 * $1.1 }
        }
        for pivot in 0..<width {
            let best = (pivot..<width).max { abs(system[$0][pivot]) < abs(system[$1][pivot]) } ?? pivot
            system.swapAt(pivot, best)
            for row in 0..<width where row != pivot {
                let factor = system[row][pivot] / system[pivot][pivot]
                for column in pivot...width { system[row][column] -= factor * system[pivot][column] }
            }
        }
        let coefficients = (0..<width).map { system[$0][width] / system[$0][$0] }
        var residuals = target
        for (index, column) in design.enumerated() {
            for row in residuals.indices { residuals[row] -= coefficients[index] * column[row] }
        }
        return (coefficients, residuals)
    }

    /// Whether two tables hold the same columns, bit for bit.
    static func identical(_ a: DataTable, _ b: DataTable) throws -> Bool {
        guard a.columnNames == b.columnNames, a.rowCount == b.rowCount else { return false }
        for name in a.columnNames {
            let left = try column(a, name).map(\.bitPattern)
            let right = try column(b, name).map(\.bitPattern)
            if left != right { return false }
        }
        return true
    }

    /// The error `body` throws, as a `DatasetError`.
    static func error(_ body: () throws -> Void) -> DatasetError? {
        do {
            try body()
            return nil
        } catch let error as DatasetError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }
}
