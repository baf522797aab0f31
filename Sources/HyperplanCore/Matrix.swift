/// A dense row-major matrix of `Double` in one contiguous buffer: the feature matrices every learner reads.
///
/// Element (i, j) lives at `storage[i * columns + j]`. Kernels enter `withUnsafeBufferPointer` once and
/// index with explicit strides rather than going through `subscript` per element.
package struct Matrix: Sendable, Hashable {
    package let rows: Int
    package let columns: Int
    package var storage: [Double]

    /// A matrix filled with `value`.
    package init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.rows = rows
        self.columns = columns
        storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major storage.
    ///
    /// - Precondition: `storage.count == rows * columns`.
    package init(rows: Int, columns: Int, storage: [Double]) {
        precondition(storage.count == rows * columns, "storage does not match the matrix shape")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix from rows of equal length (for tests and small inputs; not for hot paths).
    package init(rowArrays: [[Double]]) {
        rows = rowArrays.count
        columns = rowArrays.first?.count ?? 0
        storage = rowArrays.flatMap { $0 }
        precondition(storage.count == rows * columns, "rows have different lengths")
    }

    @inlinable
    package subscript(row: Int, column: Int) -> Double {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// Row `index` as an array (copies).
    package func row(_ index: Int) -> [Double] {
        Array(storage[(index * columns)..<((index + 1) * columns)])
    }

    /// The rows at `indices`, in that order.
    ///
    /// - Complexity: O(indices.count × columns).
    package func selectingRows(_ indices: [Int]) -> Matrix {
        var result = [Double]()
        result.reserveCapacity(indices.count * columns)
        storage.withUnsafeBufferPointer { source in
            for index in indices {
                let start = index * columns
                result.append(contentsOf: source[start..<(start + columns)])
            }
        }
        return Matrix(rows: indices.count, columns: columns, storage: result)
    }
}
