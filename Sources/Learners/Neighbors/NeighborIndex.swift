import Foundation

/// The distance a neighbour search ranks training rows by.
///
/// Minkowski distances with p = 1 and p = 2 are `manhattan` and `euclidean`, as scikit-learn maps them.
enum NeighborMetric: Sendable, Hashable {
    case euclidean
    case manhattan
    /// (Σ |x − y|ᵖ)^(1/p) for a finite p ≥ 1 other than 1 and 2.
    case minkowski(Double)

    init(name: String, p: Double) {
        switch name {
        case "euclidean": self = .euclidean
        case "manhattan": self = .manhattan
        default: self = p == 1 ? .manhattan : p == 2 ? .euclidean : .minkowski(p)
        }
    }

    /// The metric's name in a saved model: `euclidean`, `manhattan` or `minkowski` (with its power).
    var name: String {
        switch self {
        case .euclidean: return "euclidean"
        case .manhattan: return "manhattan"
        case .minkowski: return "minkowski"
        }
    }

    /// The distance from a reduced distance (squared for euclidean, the pᵗʰ power for minkowski).
    func distance(fromReduced reduced: Double) -> Double {
        switch self {
        case .euclidean: return reduced.squareRoot()
        case .manhattan: return reduced
        case .minkowski(let p): return Foundation.pow(reduced, 1 / p)
        }
    }
}

/// The k nearest training rows of each query row, nearest first.
struct NeighborLists: Sendable {
    var queryCount: Int
    var k: Int
    /// Training row indices, `queryCount × k` row-major.
    var indices: [Int]
    /// The distances of those rows, in the same layout.
    var distances: [Double]
}

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

/// |d|ᵖ by multiplications for p = q or q + ½ (q ≤ 64): aᵠ by repeated squaring, times √a for a half.
struct MinkowskiPower {
    let p: Double
    let whole: Int
    let half: Bool
    /// A factor f < 1 with Σ pow(aⱼ, p) ≥ f · Σ term(aⱼ) for sums over up to `columns` terms in feature order.
    let lowerBoundFactor: Double

    init?(_ metric: NeighborMetric, columns: Int = 0) {
        guard case .minkowski(let p) = metric, p >= 1, p <= 64, (2 * p).rounded() == 2 * p else { return nil }
        self.p = p
        whole = Int(p)
        half = Double(whole) != p
        // At most 14 roundings in the exponentiation, the √ and its product, pow's own error (< 1 ulp) and
        // the n − 1 additions of each sum: under (2n + 30) units of roundoff; allowed 4(n + 40).
        lowerBoundFactor = 1 - 4 * Double(max(columns, 1) + 40) * Double.ulpOfOne / 2
    }

    @inline(__always)
    func term(_ a: SIMD4<Double>) -> SIMD4<Double> {
        var result = SIMD4<Double>(repeating: 1), base = a, exponent = whole
        while exponent > 0 {
            if exponent & 1 == 1 { result *= base }
            exponent >>= 1
            if exponent > 0 { base *= base }
        }
        return half ? result * a.squareRoot() : result
    }
}

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

/// Pointers into `NeighborHeaps`, valid inside `withStorage`.
struct HeapStorage {
    let values: UnsafeMutablePointer<Double>
    let rows: UnsafeMutablePointer<Int>
    let k: Int

    /// The largest reduced distance on the query's heap: a row must be strictly closer to enter.
    @inline(__always)
    func root(of query: Int) -> Double { values[query * k] }

    /// `sklearn.utils._heap.heap_push`: a value not below the root is refused; otherwise it replaces the root
    /// and sinks. Returns whether the row entered.
    @inline(__always)
    @discardableResult
    func push(_ value: Double, row: Int, query: Int) -> Bool {
        let values = values + query * k, rows = rows + query * k
        if value >= values[0] { return false }
        var current = 0
        while true {
            let left = 2 * current + 1, right = left + 1
            let next: Int
            if left >= k {
                break
            } else if right >= k {
                if values[left] > value { next = left } else { break }
            } else if values[left] >= values[right] {
                if value < values[left] { next = left } else { break }
            } else {
                if value < values[right] { next = right } else { break }
            }
            values[current] = values[next]
            rows[current] = rows[next]
            current = next
        }
        values[current] = value
        rows[current] = row
        return true
    }
}

/// Euclidean candidates ruled out with exact integer arithmetic before any exact distance is computed.
///
/// Training rows are centred on their column means, scaled by s and rounded to 16-bit integers q; the
/// kernel forms the integer dot products q_x·q_y of 4 queries × 8 rows exactly in 32 bits, two columns per
/// multiply-add (`pmaddwd`). Rounding moves each coordinate by at most e = 0.5001 (half a step, plus the
/// double arithmetic of centring and scaling), so ‖q_x − q_y‖ is within E = 2e√p of s‖x − y‖. A row is
/// skipped when
///
///     ‖q_x‖² + ‖q_y‖² − 2 q_x·q_y ≥ T = (s√r′ + E)²,   r′ = r / (1 − η),
///
/// r the query's heap root and η = 1.01(p + 3)·2⁻⁵³ the relative error of the exact double sum: then
/// ‖x − y‖² ≥ r′ and the exact sum is at least r, so the heap would refuse the row anyway. The test runs in
/// float32 as fl(aⱼ + b_q) ≥ 2·fl(q_x·q_y) with aⱼ = ‖q_y‖² and b_q = ‖q_x‖² − T − 4096, both rounded down:
/// |q_x·q_y| ≤ 2³⁰, and when the test passes |aⱼ + b_q| ≤ 2³¹ + 2¹⁰, so the three roundings together stay
/// below 4096.
///
/// The scale puts the median training row norm at 2¹³; a row or query whose norm exceeds 2¹⁵ (so that no
/// dot product can overflow 32 bits) or that is not finite is never skipped.
struct EuclideanScreen: Sendable {
    static let lanes = 8
    static let coordinateError = 0.5001
    static let largestNorm = 32768.0
    let columns: Int
    /// Column pairs, the multiply-add's unit (an odd last column is paired with a zero).
    let pairs: Int
    let panelCount: Int
    let scale: Double
    /// E = 2e√p in scaled units.
    let roundingAllowance: Double
    /// 1/(1 − η).
    let rootFactor: Double
    /// Column means of the training rows.
    let center: [Double]
    /// Scaled rows, panels of 8 rows; per column pair, two groups of 4 rows, each row's two columns adjacent.
    let panels: [Int16]
    /// aⱼ per row, padded to whole panels: +∞ for padding (always skipped), −∞ for unscreened rows.
    let rowTerms: [Float]

    /// - Complexity: O(rowCount × columns), plus sorting the row norms.
    init(rows: [Double], rowCount: Int, columns: Int) {
        self.columns = columns
        pairs = (columns + 1) / 2
        let lanes = Self.lanes
        panelCount = (rowCount + lanes - 1) / lanes
        var center = [Double](repeating: 0, count: columns)
        for row in 0..<rowCount {
            for column in 0..<columns { center[column] += rows[row * columns + column] }
        }
        for column in 0..<columns { center[column] /= Double(max(rowCount, 1)) }
        var norms = [Double](repeating: 0, count: rowCount)
        for row in 0..<rowCount {
            var norm = 0.0
            for column in 0..<columns {
                let value = rows[row * columns + column] - center[column]
                norm += value * value
            }
            norms[row] = norm
        }
        let finite = norms.filter(\.isFinite).sorted()
        let median = finite.isEmpty ? 0 : finite[finite.count / 2].squareRoot()
        let largest = finite.last.map { $0.squareRoot() } ?? 0
        let typical = median > 0 ? median : largest
        scale = typical > 0 && typical.isFinite ? 8192 / typical : 1
        roundingAllowance = 2 * Self.coordinateError * Double(columns).squareRoot()
        rootFactor = 1 / (1 - 1.01 * Double(columns + 3) * Double.ulpOfOne / 2)
        self.center = center

        var panels = [Int16](repeating: 0, count: panelCount * pairs * 2 * lanes)
        var rowTerms = [Float](repeating: .infinity, count: panelCount * lanes)
        var scaled = [Int16](repeating: 0, count: 2 * pairs)
        for row in 0..<rowCount {
            guard let norm = Self.quantize(rows, row: row, center: center, scale: scale, into: &scaled) else {
                rowTerms[row] = -.infinity
                continue
            }
            rowTerms[row] = Self.floatBelow(norm)
            let panel = row / lanes, group = (row % lanes) / 4, member = row % 4
            for pair in 0..<pairs {
                let base = ((panel * pairs + pair) * 2 + group) * lanes + member * 2
                panels[base] = scaled[2 * pair]
                panels[base + 1] = scaled[2 * pair + 1]
            }
        }
        self.panels = panels
        self.rowTerms = rowTerms
    }

    /// Row `row` of `source`, centred and scaled, rounded into `output` (an odd last column followed by a 0);
    /// returns ‖q‖², or `nil` when the row is too large to screen.
    @inline(__always)
    static func quantize(
        _ source: UnsafePointer<Double>, row: Int, columns: Int, center: UnsafePointer<Double>, scale: Double,
        into output: UnsafeMutablePointer<Int16>
    ) -> Double? {
        var norm = 0.0
        for column in 0..<columns {
            let value = (source[row * columns + column] - center[column]) * scale
            guard abs(value) <= 32767 else { return nil }
            // Round half away from zero by truncation (no libm call); within ½ of `value` either way.
            let rounded = Int16(value + (value < 0 ? -0.5 : 0.5))
            output[column] = rounded
            norm += Double(rounded) * Double(rounded)
        }
        if columns % 2 == 1 { output[columns] = 0 }
        return norm <= largestNorm * largestNorm ? norm : nil
    }

    static func quantize(
        _ source: [Double], row: Int, center: [Double], scale: Double, into output: inout [Int16]
    ) -> Double? {
        let columns = center.count
        return source.withUnsafeBufferPointer { s in
            center.withUnsafeBufferPointer { c in
                output.withUnsafeMutableBufferPointer { o in
                    guard let s = s.baseAddress, let c = c.baseAddress, let o = o.baseAddress else {
                        return columns == 0 ? 0 : nil
                    }
                    return quantize(s, row: row, columns: columns, center: c, scale: scale, into: o)
                }
            }
        }
    }

    /// The largest float32 not above `value` (−∞ for NaN).
    static func floatBelow(_ value: Double) -> Float {
        guard !value.isNaN else { return -.infinity }
        let rounded = Float(value)
        return Double(rounded) > value ? rounded.nextDown : rounded
    }

    /// b_q for a query with squared scaled norm `norm` (NaN when unscreened) and heap root `root`.
    @inline(__always)
    func queryTerm(norm: Double, root: Double) -> Float {
        guard norm <= Self.largestNorm * Self.largestNorm, root >= 0 else { return -.infinity }
        let reach = scale * (root * rootFactor).squareRoot() + roundingAllowance
        return Self.floatBelow(norm - reach * reach * (1 + 1e-12) - 4096)
    }

    /// Offers every training row to every query's heap, computing exact distances only for unscreened pairs.
    ///
    /// Queries go in blocks of 64 and training panels in chunks of about 256 KB, so that the kernel reads both
    /// from cache; each query still sees the rows in index order, as the heap rule requires.
    func search(
        _ x: UnsafePointer<Double>, queryCount: Int, rows y: UnsafePointer<Double>, rowCount: Int, heap: HeapStorage
    ) {
        let blockSize = 64
        let panelBytes = max(1, pairs * 2 * Self.lanes * MemoryLayout<Int16>.stride)
        let chunkPanels = max(1, (256 * 1024) / panelBytes)
        let scratch = ScreenScratch(blockSize: blockSize, pairs: pairs)
        defer { scratch.deallocate() }
        center.withUnsafeBufferPointer { centerBuffer in
            panels.withUnsafeBufferPointer { panelBuffer in
                rowTerms.withUnsafeBufferPointer { termBuffer in
                    guard let mean = centerBuffer.baseAddress, let packed = panelBuffer.baseAddress,
                        let rowTerm = termBuffer.baseAddress
                    else { return }
                    let pass = ScreenPass(
                        screen: self, queries: x, rows: y, rowCount: rowCount, scratch: scratch, heap: heap)
                    for blockStart in stride(from: 0, to: queryCount, by: blockSize) {
                        let count = min(blockSize, queryCount - blockStart)
                        prepare(x, first: blockStart, count: count, mean: mean, scratch: scratch)
                        for slot in 0..<count {
                            scratch.terms[slot] = queryTerm(
                                norm: scratch.norms[slot], root: heap.root(of: blockStart + slot))
                        }
                        for chunkStart in stride(from: 0, to: panelCount, by: chunkPanels) {
                            let chunk = chunkStart..<min(panelCount, chunkStart + chunkPanels)
                            for first in stride(from: 0, to: count, by: 4) {
                                let tile = min(4, count - first)
                                scan(
                                    scratch.block + first * pairs, tile: tile, panels: packed, rowTerms: rowTerm,
                                    chunk: chunk, pass: pass, firstQuery: blockStart + first, firstSlot: first)
                                for offset in 0..<tile {
                                    pass.flush(query: blockStart + first + offset, slot: first + offset, all: true)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Scales `count` query rows from `first` into the block, each column pair repeated in 4 lanes for the
    /// multiply-add, with their squared norms (NaN, and zero coordinates, for a query too large to screen).
    @inline(__always)
    private func prepare(
        _ x: UnsafePointer<Double>, first: Int, count: Int, mean: UnsafePointer<Double>, scratch: ScreenScratch
    ) {
        let scaled = scratch.scaled
        for slot in 0..<count {
            let norm = Self.quantize(x, row: first + slot, columns: columns, center: mean, scale: scale, into: scaled)
            scratch.norms[slot] = norm ?? .nan
            for pair in 0..<pairs {
                let two = norm == nil ? SIMD2<Int16>() : SIMD2(scaled[2 * pair], scaled[2 * pair + 1])
                scratch.block[slot * pairs + pair] = SIMD8(
                    lowHalf: SIMD4(lowHalf: two, highHalf: two), highHalf: SIMD4(lowHalf: two, highHalf: two))
            }
        }
    }

    /// The kernel: exact 32-bit dot products of up to 4 queries with the 8 rows of each panel of `chunk` (8
    /// accumulators of 4 lanes, two columns per multiply-add), then the screen test for each query.
    @inline(__always)
    private func scan(
        _ xs: UnsafePointer<SIMD8<Int16>>, tile: Int, panels: UnsafePointer<Int16>, rowTerms: UnsafePointer<Float>,
        chunk: Range<Int>, pass: ScreenPass, firstQuery: Int, firstSlot: Int
    ) {
        let pairs = pairs, lanes = Self.lanes
        // Rows past the last query repeat it; their results are not used.
        let x0 = xs
        let x1 = xs + min(1, tile - 1) * pairs
        let x2 = xs + min(2, tile - 1) * pairs
        let x3 = xs + min(3, tile - 1) * pairs
        for panel in chunk {
            let base = UnsafeRawPointer(panels + panel * pairs * 2 * lanes)
            var l0 = SIMD4<Int32>(), h0 = SIMD4<Int32>(), l1 = SIMD4<Int32>(), h1 = SIMD4<Int32>()
            var l2 = SIMD4<Int32>(), h2 = SIMD4<Int32>(), l3 = SIMD4<Int32>(), h3 = SIMD4<Int32>()
            for pair in 0..<pairs {
                let low = base.loadUnaligned(fromByteOffset: pair * 32, as: SIMD8<Int16>.self)
                let high = base.loadUnaligned(fromByteOffset: pair * 32 + 16, as: SIMD8<Int16>.self)
                l0 &+= Self.multiplyAdd(low, x0[pair])
                h0 &+= Self.multiplyAdd(high, x0[pair])
                l1 &+= Self.multiplyAdd(low, x1[pair])
                h1 &+= Self.multiplyAdd(high, x1[pair])
                l2 &+= Self.multiplyAdd(low, x2[pair])
                h2 &+= Self.multiplyAdd(high, x2[pair])
                l3 &+= Self.multiplyAdd(low, x3[pair])
                h3 &+= Self.multiplyAdd(high, x3[pair])
            }
            let a = UnsafeRawPointer(rowTerms + panel * lanes).loadUnaligned(as: SIMD8<Float>.self)
            pass.offer(Self.float(l0, h0), rowTerms: a, panel: panel, query: firstQuery, slot: firstSlot)
            if tile > 1 {
                pass.offer(Self.float(l1, h1), rowTerms: a, panel: panel, query: firstQuery + 1, slot: firstSlot + 1)
            }
            if tile > 2 {
                pass.offer(Self.float(l2, h2), rowTerms: a, panel: panel, query: firstQuery + 2, slot: firstSlot + 2)
            }
            if tile > 3 {
                pass.offer(Self.float(l3, h3), rowTerms: a, panel: panel, query: firstQuery + 3, slot: firstSlot + 3)
            }
        }
    }

    /// aᵢ·bᵢ + aᵢ₊₁·bᵢ₊₁ for the 4 adjacent pairs, exact in 32 bits (`pmaddwd`).
    @inline(__always)
    private static func multiplyAdd(_ a: SIMD8<Int16>, _ b: SIMD8<Int16>) -> SIMD4<Int32> {
        let product = SIMD8<Int32>(truncatingIfNeeded: a) &* SIMD8<Int32>(truncatingIfNeeded: b)
        return product.evenHalf &+ product.oddHalf
    }

    @inline(__always)
    private static func float(_ low: SIMD4<Int32>, _ high: SIMD4<Int32>) -> SIMD8<Float> {
        SIMD8(lowHalf: SIMD4<Float>(low), highHalf: SIMD4<Float>(high))
    }
}

/// Per-query working memory of a screened search, for one block of queries.
private struct ScreenScratch {
    /// Most rows a query can have waiting for exact distances: 3 left from earlier panels plus a panel's 8.
    static let pendingCapacity = 12
    /// The block's queries, scaled, each column pair repeated in 4 lanes.
    let block: UnsafeMutablePointer<SIMD8<Int16>>
    /// One query's scaled columns (and a padding 0), while preparing the block.
    let scaled: UnsafeMutablePointer<Int16>
    /// Squared scaled norms, by slot (NaN for an unscreened query).
    let norms: UnsafeMutablePointer<Double>
    /// b_q by slot; updated whenever the query's heap root falls.
    let terms: UnsafeMutablePointer<Float>
    /// Rows that passed the screen and wait for their exact distances, `pendingCapacity` per slot, in order.
    let pending: UnsafeMutablePointer<Int>
    let pendingCounts: UnsafeMutablePointer<Int>

    init(blockSize: Int, pairs: Int) {
        block = .allocate(capacity: max(1, blockSize * pairs))
        block.initialize(repeating: SIMD8(), count: max(1, blockSize * pairs))
        scaled = .allocate(capacity: 2 * pairs + 2)
        scaled.initialize(repeating: 0, count: 2 * pairs + 2)
        norms = .allocate(capacity: blockSize)
        norms.initialize(repeating: 0, count: blockSize)
        terms = .allocate(capacity: blockSize)
        terms.initialize(repeating: 0, count: blockSize)
        pending = .allocate(capacity: blockSize * Self.pendingCapacity)
        pending.initialize(repeating: 0, count: blockSize * Self.pendingCapacity)
        pendingCounts = .allocate(capacity: blockSize)
        pendingCounts.initialize(repeating: 0, count: blockSize)
    }

    func deallocate() {
        block.deallocate()
        scaled.deallocate()
        norms.deallocate()
        terms.deallocate()
        pending.deallocate()
        pendingCounts.deallocate()
    }
}

/// What one screened search shares between kernel calls: where the queries, rows, scratch and heaps are.
private struct ScreenPass {
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

/// `sklearn.utils._sorting.simultaneous_sort`: 2-way introsort with insertion sort below 16 elements, so
/// that equal distances end in the same order as scikit-learn's.
enum SimultaneousSort {
    static func sort(_ values: UnsafeMutablePointer<Double>, _ rows: UnsafeMutablePointer<Int>, count: Int) {
        guard count > 0 else { return }
        introsort(values, rows, count, depth: 2 * Int(Foundation.log2(Double(count))))
    }

    private static func introsort(
        _ values: UnsafeMutablePointer<Double>, _ rows: UnsafeMutablePointer<Int>, _ count: Int, depth: Int
    ) {
        var values = values, rows = rows, n = count, depth = depth
        while n > 15 {
            if depth <= 0 {
                heapsort(values, rows, n)
                return
            }
            depth -= 1
            let pivot = medianOfThree(values, rows, n)
            var i = 1, j = n - 2
            while true {
                while i <= j && values[i] < pivot { i += 1 }
                while i <= j && values[j] > pivot { j -= 1 }
                if i >= j { break }
                exchange(values, rows, i, j)
                i += 1
                j -= 1
            }
            exchange(values, rows, i, n - 1)
            introsort(values, rows, i, depth: depth)
            values += i + 1
            rows += i + 1
            n -= i + 1
        }
        insertionSort(values, rows, n)
    }

    /// Orders the first, middle and last values so that the last is their median, and returns it.
    private static func medianOfThree(
        _ values: UnsafeMutablePointer<Double>, _ rows: UnsafeMutablePointer<Int>, _ n: Int
    ) -> Double {
        let middle = n / 2
        if values[0] > values[n - 1] { exchange(values, rows, 0, n - 1) }
        if values[n - 1] > values[middle] {
            exchange(values, rows, n - 1, middle)
            if values[0] > values[n - 1] { exchange(values, rows, 0, n - 1) }
        }
        return values[n - 1]
    }

    private static func heapsort(_ values: UnsafeMutablePointer<Double>, _ rows: UnsafeMutablePointer<Int>, _ n: Int) {
        var start = (n - 2) / 2
        while true {
            siftDown(values, rows, start, n)
            if start == 0 { break }
            start -= 1
        }
        var end = n - 1
        while end > 0 {
            exchange(values, rows, 0, end)
            siftDown(values, rows, 0, end)
            end -= 1
        }
    }

    private static func siftDown(
        _ values: UnsafeMutablePointer<Double>, _ rows: UnsafeMutablePointer<Int>, _ start: Int, _ end: Int
    ) {
        var root = start
        while true {
            let child = root * 2 + 1
            var largest = root
            if child < end && values[largest] < values[child] { largest = child }
            if child + 1 < end && values[largest] < values[child + 1] { largest = child + 1 }
            if largest == root { return }
            exchange(values, rows, root, largest)
            root = largest
        }
    }

    private static func insertionSort(
        _ values: UnsafeMutablePointer<Double>, _ rows: UnsafeMutablePointer<Int>, _ n: Int
    ) {
        guard n > 1 else { return }
        for i in 1..<n {
            let value = values[i], row = rows[i]
            var j = i
            while j > 0 && values[j - 1] > value {
                values[j] = values[j - 1]
                rows[j] = rows[j - 1]
                j -= 1
            }
            values[j] = value
            rows[j] = row
        }
    }

    @inline(__always)
    private static func exchange(
        _ values: UnsafeMutablePointer<Double>, _ rows: UnsafeMutablePointer<Int>, _ i: Int, _ j: Int
    ) {
        (values[i], values[j]) = (values[j], values[i])
        (rows[i], rows[j]) = (rows[j], rows[i])
    }
}
