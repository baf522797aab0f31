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
