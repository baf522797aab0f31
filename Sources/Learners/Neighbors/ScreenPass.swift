/// What one screened search shares between kernel calls: where the queries, rows, scratch and heaps are.
struct ScreenPass {
    let screen: EuclideanScreen
    let queries: UnsafePointer<Double>
    let rows: UnsafePointer<Double>
    let rowCount: Int
    let scratch: ScreenScratch
    let heap: HeapStorage

    /// Applies the screen test to one query's dot products with a panel; the rows that pass join the query's
    /// pending rows, which are resolved four at a time.
    @inline(__always)
    func offer(_ dots: SIMD8<Float>, rowTerms a: SIMD8<Float>, panel: Int, query: Int, slot: Int) {
        // Written as "not skipped" so that NaN (an unscreened query on a padding lane) is kept.
        let keep = .!(a + SIMD8(repeating: scratch.terms[slot]) .>= dots + dots)
        guard any(keep) else { return }
        let lanes = EuclideanScreen.lanes
        let pending = scratch.pending + slot * ScreenScratch.pendingCapacity
        var count = scratch.pendingCounts[slot]
        for lane in 0..<lanes where keep[lane] && panel * lanes + lane < rowCount {
            pending[count] = panel * lanes + lane
            count += 1
        }
        scratch.pendingCounts[slot] = count
        if count >= 4 { flush(query: query, slot: slot, all: false) }
    }

    /// Computes the exact distances of a query's pending rows four at a time (the four sums interleave in the
    /// pipeline) and offers them to its heap in row order; without `all`, fewer than four stay pending.
    ///
    /// Rows wait at most until the end of the current chunk, and rows are offered in order, so each heap sees
    /// the same sequence of pushes as an exact search; a row screened against a root that has since fallen
    /// only costs an exact distance.
    @inline(__always)
    func flush(query: Int, slot: Int, all: Bool) {
        let count = scratch.pendingCounts[slot]
        let pending = scratch.pending + slot * ScreenScratch.pendingCapacity
        let columns = screen.columns, x = queries + query * columns
        let end = all ? count : count - count % 4
        var first = 0
        while first < end {
            let r1 = pending[min(first + 1, end - 1)], r2 = pending[min(first + 2, end - 1)]
            let r3 = pending[min(first + 3, end - 1)]
            let sums = NeighborIndex.squaredEuclidean(
                x, rows + pending[first] * columns, rows + r1 * columns, rows + r2 * columns, rows + r3 * columns,
                columns: columns)
            for offset in 0..<min(4, end - first)
            where heap.push(sums[offset], row: pending[first + offset], query: query) {
                scratch.terms[slot] = screen.queryTerm(norm: scratch.norms[slot], root: heap.root(of: query))
            }
            first += 4
        }
        for index in end..<count { pending[index - end] = pending[index] }
        scratch.pendingCounts[slot] = count - end
    }
}
