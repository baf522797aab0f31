/// One max-heap of k (reduced distance, row) pairs per query, filled by scikit-learn's `heap_push`.
struct NeighborHeaps {
    let queryCount: Int
    let k: Int
    private var values: [Double]
    private var rows: [Int]

    init(queryCount: Int, k: Int) {
        self.queryCount = queryCount
        self.k = k
        values = [Double](repeating: .infinity, count: queryCount * k)
        rows = [Int](repeating: -1, count: queryCount * k)
    }

    /// Runs `body` with direct access to every heap.
    mutating func withStorage(_ body: (HeapStorage) -> Void) {
        let k = k
        values.withUnsafeMutableBufferPointer { v in
            rows.withUnsafeMutableBufferPointer { r in
                guard let values = v.baseAddress, let rows = r.baseAddress else { return }
                body(HeapStorage(values: values, rows: rows, k: k))
            }
        }
    }

    /// Each heap sorted by `SimultaneousSort`, reduced distances turned into distances by `distance`.
    ///
    /// A slot that no row entered (possible only with infinite distances) keeps index −1, which is read as the
    /// last training row, as NumPy's negative indexing reads it in scikit-learn.
    func sortedLists(rowCount: Int, distance: (Double) -> Double) -> NeighborLists {
        var values = values, rows = rows
        let k = k, queryCount = queryCount
        values.withUnsafeMutableBufferPointer { v in
            rows.withUnsafeMutableBufferPointer { r in
                guard let values = v.baseAddress, let rows = r.baseAddress else { return }
                for query in 0..<queryCount { SimultaneousSort.sort(values + query * k, rows + query * k, count: k) }
            }
        }
        for index in rows.indices where rows[index] < 0 { rows[index] = rowCount - 1 }
        return NeighborLists(queryCount: queryCount, k: k, indices: rows, distances: values.map(distance))
    }
}
