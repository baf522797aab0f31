import Foundation

/// Brute-force k-nearest-neighbour search over fixed training rows that selects and orders neighbours
/// exactly as scikit-learn's `ArgKmin` does in one pass over the training rows.
///
/// scikit-learn keeps, for each query, a max-heap of the k smallest reduced distances (squared for euclidean,
/// pᵗʰ powers for minkowski) and offers it the training rows in index order; a row enters only when its
/// distance is strictly below the heap's largest, which then leaves. Which of several rows tied at the k-th
/// distance survive depends on the heap's layout, not simply on their indices, so the search runs the same
/// heap (`NeighborHeaps`) and orders it with the same sort (`SimultaneousSort`). Reduced distances are sums in
/// feature order, as scikit-learn's `DistanceMetric` computes them, so equal inputs give equal bits.
///
/// Euclidean search screens candidates with an integer kernel first (`EuclideanScreen`) and computes the exact
/// distance only for rows the screen cannot prove to be too far to enter the heap; the rows offered to each
/// heap and the result are those of the exact computation.
struct NeighborIndex: Sendable {
    let metric: NeighborMetric
    let rowCount: Int
    let columns: Int
    /// The training rows, row-major.
    let rows: [Double]
    /// Euclidean: the integer screen (`nil` without columns, where `search` needs none).
    let screen: EuclideanScreen?
    /// Manhattan, and minkowski with a screen: the training rows in panels of `panelLanes`, feature-major
    /// within a panel.
    let panels: [Double]

    static let panelLanes = 4

    /// - Precondition: `rows.count == rowCount × columns`.
    /// - Complexity: O(rowCount × columns).
    init(rows: [Double], rowCount: Int, columns: Int, metric: NeighborMetric) {
        self.metric = metric
        self.rowCount = rowCount
        self.columns = columns
        self.rows = rows
        screen =
            metric == .euclidean && columns > 0
            ? EuclideanScreen(rows: rows, rowCount: rowCount, columns: columns) : nil
        switch metric {
        case .manhattan,
            .minkowski where MinkowskiPower(metric, columns: columns) != nil:
            panels = Self.pack(rows, rowCount: rowCount, columns: columns, lanes: Self.panelLanes)
        default:
            panels = []
        }
    }

    /// Row-major rows regrouped in panels of `lanes` rows: value (row, column) at
    /// `((row / lanes) × columns + column) × lanes + row % lanes`; missing rows of the last panel are 0.
    static func pack(_ rows: [Double], rowCount: Int, columns: Int, lanes: Int) -> [Double] {
        let panelCount = (rowCount + lanes - 1) / lanes
        var packed = [Double](repeating: 0, count: panelCount * columns * lanes)
        packed.withUnsafeMutableBufferPointer { out in
            rows.withUnsafeBufferPointer { source in
                for row in 0..<rowCount {
                    let base = (row / lanes) * columns * lanes + row % lanes
                    for column in 0..<columns { out[base + column * lanes] = source[row * columns + column] }
                }
            }
        }
        return packed
    }

    /// The `k` nearest training rows of every row of `queries` (row-major, `columns` wide).
    ///
    /// - Precondition: `1 ≤ k ≤ rowCount`, `queries.count == queryCount × columns`.
    /// - Complexity: O(queryCount × rowCount × columns).
    func search(_ queries: [Double], queryCount: Int, k: Int) -> NeighborLists {
        var heaps = NeighborHeaps(queryCount: queryCount, k: k)
        guard columns > 0 else {
            // Every distance is 0 (and there are no coordinates to point at): the heap keeps the first k rows.
            heaps.withStorage { heap in
                for query in 0..<queryCount {
                    for row in 0..<rowCount { heap.push(0, row: row, query: query) }
                }
            }
            return heaps.sortedLists(rowCount: rowCount, distance: metric.distance(fromReduced:))
        }
        queries.withUnsafeBufferPointer { queryBuffer in
            rows.withUnsafeBufferPointer { rowBuffer in
                heaps.withStorage { heap in
                    guard let x = queryBuffer.baseAddress, let y = rowBuffer.baseAddress else { return }
                    switch metric {
                    case .euclidean:
                        if let screen {
                            screen.search(x, queryCount: queryCount, rows: y, rowCount: rowCount, heap: heap)
                        } else {
                            searchExact(x, queryCount: queryCount, rows: y, heap: heap) { a, b, n in
                                Self.squaredEuclidean(a, b, columns: n)
                            }
                        }
                    case .manhattan:
                        searchManhattan(x, queryCount: queryCount, heap: heap)
                    case .minkowski(let p):
                        if let power = MinkowskiPower(metric, columns: columns) {
                            searchMinkowski(x, queryCount: queryCount, rows: y, power: power, heap: heap)
                        } else {
                            searchMinkowskiExact(x, queryCount: queryCount, rows: y, p: p, heap: heap)
                        }
                    }
                }
            }
        }
        return heaps.sortedLists(rowCount: rowCount, distance: metric.distance(fromReduced:))
    }

    /// Σ (x − y)² in feature order, scikit-learn's `euclidean_rdist`.
    @inline(__always)
    static func squaredEuclidean(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, columns: Int) -> Double {
        var sum = 0.0
        for column in 0..<columns {
            let difference = x[column] - y[column]
            sum += difference * difference
        }
        return sum
    }

    /// `squaredEuclidean` of one query row with four training rows, the four sums interleaved.
    @inline(__always)
    static func squaredEuclidean(
        _ x: UnsafePointer<Double>, _ y0: UnsafePointer<Double>, _ y1: UnsafePointer<Double>,
        _ y2: UnsafePointer<Double>, _ y3: UnsafePointer<Double>, columns: Int
    ) -> SIMD4<Double> {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        for column in 0..<columns {
            let value = x[column]
            let d0 = value - y0[column], d1 = value - y1[column], d2 = value - y2[column], d3 = value - y3[column]
            s0 += d0 * d0
            s1 += d1 * d1
            s2 += d2 * d2
            s3 += d3 * d3
        }
        return SIMD4(s0, s1, s2, s3)
    }

    /// Every (query, row) pair through `reduced`, one pair at a time.
    private func searchExact(
        _ x: UnsafePointer<Double>, queryCount: Int, rows y: UnsafePointer<Double>, heap: HeapStorage,
        reduced: (UnsafePointer<Double>, UnsafePointer<Double>, Int) -> Double
    ) {
        for query in 0..<queryCount {
            let xq = x + query * columns
            for row in 0..<rowCount { heap.push(reduced(xq, y + row * columns, columns), row: row, query: query) }
        }
    }

    /// Manhattan distances, 4 queries × 4 training rows at a time, each a sum in feature order as scikit-learn's
    /// `ManhattanDistance`.
    private func searchManhattan(_ x: UnsafePointer<Double>, queryCount: Int, heap: HeapStorage) {
        let columns = columns, lanes = Self.panelLanes
        let panelCount = (rowCount + lanes - 1) / lanes
        let magnitude = SIMD4<UInt64>(repeating: ~(UInt64(1) << 63))
        panels.withUnsafeBufferPointer { packed in
            guard let y = packed.baseAddress else { return }
            var first = 0
            while first < queryCount {
                let tile = min(4, queryCount - first)
                // Rows past the last query repeat it; their sums are not used.
                let x0 = x + first * columns
                let x1 = x + (first + min(1, tile - 1)) * columns
                let x2 = x + (first + min(2, tile - 1)) * columns
                let x3 = x + (first + min(3, tile - 1)) * columns
                for panel in 0..<panelCount {
                    let base = y + panel * columns * lanes
                    var a0 = SIMD4<Double>(), a1 = SIMD4<Double>(), a2 = SIMD4<Double>(), a3 = SIMD4<Double>()
                    for column in 0..<columns {
                        let v = UnsafeRawPointer(base + column * lanes).loadUnaligned(as: SIMD4<Double>.self)
                        a0 += Self.magnitude(SIMD4(repeating: x0[column]) - v, magnitude)
                        a1 += Self.magnitude(SIMD4(repeating: x1[column]) - v, magnitude)
                        a2 += Self.magnitude(SIMD4(repeating: x2[column]) - v, magnitude)
                        a3 += Self.magnitude(SIMD4(repeating: x3[column]) - v, magnitude)
                    }
                    let start = panel * lanes, valid = min(lanes, rowCount - start)
                    for lane in 0..<valid {
                        heap.push(a0[lane], row: start + lane, query: first)
                        if tile > 1 { heap.push(a1[lane], row: start + lane, query: first + 1) }
                        if tile > 2 { heap.push(a2[lane], row: start + lane, query: first + 2) }
                        if tile > 3 { heap.push(a3[lane], row: start + lane, query: first + 3) }
                    }
                }
                first += tile
            }
        }
    }

    /// Σ |x − y|ᵖ in feature order with the C library's `pow`, as scikit-learn's `MinkowskiDistance`.
    ///
    /// Terms are non-negative, so a partial sum that reaches the heap's root proves the whole sum would be
    /// refused, and the pair is abandoned there.
    private func searchMinkowskiExact(
        _ x: UnsafePointer<Double>, queryCount: Int, rows y: UnsafePointer<Double>, p: Double, heap: HeapStorage
    ) {
        for query in 0..<queryCount {
            let xq = x + query * columns
            for row in 0..<rowCount {
                let yr = y + row * columns
                let root = heap.root(of: query)
                var sum = 0.0
                for column in 0..<columns {
                    sum += Foundation.pow(Swift.abs(xq[column] - yr[column]), p)
                    if sum >= root { break }
                }
                heap.push(sum, row: row, query: query)
            }
        }
    }

    /// Minkowski search for an integer or half-integer p: |d|ᵖ by multiplications (and a square root) for 4
    /// queries × 4 rows at a time, then `pow` only for pairs that this approximation cannot rule out.
    ///
    /// The approximate term differs from `pow`'s by at most (m + 4) units of roundoff relative, m the number
    /// of multiplications, and both sums are of non-negative terms, so the exact sum is at least
    /// `power.lowerBoundFactor` times the approximate one; a pair is skipped when that bound reaches the root.
    private func searchMinkowski(
        _ x: UnsafePointer<Double>, queryCount: Int, rows y: UnsafePointer<Double>, power: MinkowskiPower,
        heap: HeapStorage
    ) {
        let columns = columns, lanes = Self.panelLanes, p = power.p
        let panelCount = (rowCount + lanes - 1) / lanes
        let magnitude = SIMD4<UInt64>(repeating: ~(UInt64(1) << 63))
        let factor = SIMD4<Double>(repeating: power.lowerBoundFactor)
        panels.withUnsafeBufferPointer { packed in
            guard let panelBase = packed.baseAddress else { return }
            for first in stride(from: 0, to: queryCount, by: 2) {
                let tile = min(2, queryCount - first)
                let x0 = x + first * columns
                let x1 = x + (first + tile - 1) * columns
                for panel in 0..<panelCount {
                    let base = panelBase + panel * columns * lanes
                    var a0 = SIMD4<Double>(), a1 = SIMD4<Double>()
                    for column in 0..<columns {
                        let v = UnsafeRawPointer(base + column * lanes).loadUnaligned(as: SIMD4<Double>.self)
                        a0 += power.term(Self.magnitude(SIMD4(repeating: x0[column]) - v, magnitude))
                        a1 += power.term(Self.magnitude(SIMD4(repeating: x1[column]) - v, magnitude))
                    }
                    let start = panel * lanes, valid = min(lanes, rowCount - start)
                    let slack = SIMD4<Double>(repeating: 1e-290)
                    offerMinkowski(
                        a0 * factor - slack, x: x, rows: y, start: start, valid: valid, query: first,
                        p: p, heap: heap)
                    if tile > 1 {
                        offerMinkowski(
                            a1 * factor - slack, x: x, rows: y, start: start, valid: valid,
                            query: first + 1, p: p, heap: heap)
                    }
                }
            }
        }
    }

    /// Offers a panel's rows to a query's heap, computing `pow` sums only where `bound` (a lower bound of the
    /// exact sum, infinite or NaN when it overflowed) does not reach the root.
    @inline(__always)
    private func offerMinkowski(
        _ bound: SIMD4<Double>, x: UnsafePointer<Double>, rows y: UnsafePointer<Double>, start: Int, valid: Int,
        query: Int, p: Double, heap: HeapStorage
    ) {
        for lane in 0..<valid {
            if bound[lane] >= heap.root(of: query) && bound[lane] < .infinity { continue }
            let xq = x + query * columns, yr = y + (start + lane) * columns
            var sum = 0.0
            for column in 0..<columns { sum += Foundation.pow(Swift.abs(xq[column] - yr[column]), p) }
            heap.push(sum, row: start + lane, query: query)
        }
    }

    /// |value| by clearing the sign bits (no SIMD `abs` in the standard library).
    @inline(__always)
    private static func magnitude(_ value: SIMD4<Double>, _ mask: SIMD4<UInt64>) -> SIMD4<Double> {
        unsafeBitCast(unsafeBitCast(value, to: SIMD4<UInt64>.self) & mask, to: SIMD4<Double>.self)
    }
}
