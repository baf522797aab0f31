import HyperplanCore

/// The training rows in the layout the split search reads, built once per fit and shared by a forest's trees.
///
/// As scikit-learn does, feature values are rounded to single precision first: thresholds are midpoints of
/// single-precision values and prediction compares the single-precision value of a feature. Each value is
/// then replaced by its rank among the feature's distinct values, so a node's values of a feature sort by a
/// radix sort of at most ⌈log₂ distinct values⌉ bits, and the ranks are stored twice: one contiguous column per
/// feature (read by nodes holding many rows) and row by row (read by nodes holding few).
///
/// `@unchecked Sendable` is safe: the buffers are written only in `init`, never mutated afterwards, and freed
/// in `deinit`; trees read them through pointers while the set is alive.
final class TreeTrainingSet: @unchecked Sendable {
    let rowCount: Int
    let featureCount: Int
    let target: TreeTarget
    /// The rank of row r's value of feature f among the feature's distinct values, at `f * rowCount + r`.
    let ranks: UnsafeMutablePointer<UInt32>
    /// The same ranks row by row, at `r * featureCount + f`: a node with few rows reads each row's ranks from
    /// one or a few cache lines, which stay cached while its features are examined one after another.
    let rowRanks: UnsafeMutablePointer<UInt32>
    /// Each feature's distinct values in ascending order: feature f's at `levelStart[f]..<levelStart[f + 1]`.
    let levels: UnsafeMutablePointer<Float>
    let levelStart: UnsafeMutablePointer<Int>
    /// Bit `levelStart[f] + r` is set when level r of feature f is within `featureThreshold` of level r − 1,
    /// so that the split search needs a feature's values only where such close values meet.
    let closeToPrevious: UnsafeMutablePointer<UInt64>
    /// Class labels (classification) or target values (regression) per row; the other is empty.
    let labels: UnsafeBufferPointer<Int32>
    let values: UnsafeBufferPointer<Double>

    /// scikit-learn's `FEATURE_THRESHOLD`: sorted single-precision values no more than this above their
    /// predecessor (in single-precision arithmetic) are treated as equal to it, and a node whose values span
    /// no more is constant in that feature.
    static var featureThreshold: Float { 1e-7 }

    /// - Throws: `FitFailure` when a value is not finite or too large for single precision.
    /// - Complexity: O(rows × features) (a radix sort per feature).
    init(features: Matrix, target: TreeTarget) throws(FitFailure) {
        let rows = features.rows, columns = features.columns
        rowCount = rows
        featureCount = columns
        self.target = target
        let single = UnsafeMutablePointer<Float>.allocate(capacity: max(rows * columns, 1))
        var finite = true
        features.storage.withUnsafeBufferPointer { x in
            for row in 0..<rows {
                let base = row * columns
                for column in 0..<columns {
                    // Adding zero turns −0 into +0, so the two zeros share a rank.
                    let value = Float(x[base + column]) + 0
                    if !value.isFinite { finite = false }
                    single[column * rows + row] = value
                }
            }
        }
        guard finite else {
            single.deallocate()
            throw FitFailure("training features contain non-finite values or values beyond single precision")
        }
        ranks = .allocate(capacity: max(rows * columns, 1))
        var distinct: [Float] = []
        distinct.reserveCapacity(rows)
        var starts = [0]
        let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: max(rows, 1))
        let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: max(rows, 1))
        let histogram = UnsafeMutablePointer<Int>.allocate(capacity: RankSort.histogramCapacity)
        defer {
            keys.deallocate()
            scratch.deallocate()
            histogram.deallocate()
        }
        for column in 0..<columns {
            let base = column * rows
            for row in 0..<rows { keys[row] = UInt64(RankSort.orderKey(single[base + row])) << 32 | UInt64(row) }
            let sorted = RankSort.sort(
                keys, scratch: scratch, count: rows, low: 0, span: UInt32.max, histogram: histogram)
            var rank: UInt32 = 0
            for position in 0..<rows {
                let row = Int(truncatingIfNeeded: sorted[position] & 0xFFFF_FFFF)
                let value = single[base + row]
                if position == 0 {
                    distinct.append(value)
                } else if value != distinct[distinct.count - 1] {
                    rank += 1
                    distinct.append(value)
                }
                ranks[base + row] = rank
            }
            starts.append(distinct.count)
        }
        single.deallocate()
        levels = Self.buffer(distinct)
        levelStart = Self.buffer(starts)
        var close = [UInt64](repeating: 0, count: distinct.count / 64 + 1)
        for column in 0..<columns where starts[column + 1] - starts[column] > 1 {
            for level in (starts[column] + 1)..<starts[column + 1]
            where distinct[level] <= distinct[level - 1] + Self.featureThreshold {
                close[level >> 6] |= 1 << UInt64(level & 63)
            }
        }
        closeToPrevious = Self.buffer(close)
        rowRanks = .allocate(capacity: max(rows * columns, 1))
        for column in 0..<columns {
            for row in 0..<rows { rowRanks[row * columns + column] = ranks[column * rows + row] }
        }
        switch target {
        case .classes(let classLabels, _):
            labels = UnsafeBufferPointer(start: Self.buffer(classLabels), count: classLabels.count)
            values = UnsafeBufferPointer(start: Self.buffer([]), count: 0)
        case .values(let targetValues):
            labels = UnsafeBufferPointer(start: Self.buffer([]), count: 0)
            values = UnsafeBufferPointer(start: Self.buffer(targetValues), count: targetValues.count)
        }
    }

    deinit {
        ranks.deallocate()
        rowRanks.deallocate()
        levels.deallocate()
        levelStart.deallocate()
        closeToPrevious.deallocate()
        labels.baseAddress?.deallocate()
        values.baseAddress?.deallocate()
    }

    /// A new buffer holding a copy of `elements` (with room for one element when there are none).
    private static func buffer<Element>(_ elements: [Element]) -> UnsafeMutablePointer<Element> {
        let buffer = UnsafeMutablePointer<Element>.allocate(capacity: max(elements.count, 1))
        elements.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { buffer.initialize(from: base, count: source.count) }
        }
        return buffer
    }
}
