/// The marginal of a tree over a group of columns, and its variance.
///
/// The marginal m(x) of columns G at a point x of their sub-box is the volume-weighted mean of the leaves whose
/// box contains x, each weighted by its volume in the other columns: Optuna's `_get_marginalized_statistics`,
/// which walks the tree once per point. m is constant on the cells the tree's thresholds cut G's sub-box into,
/// so instead of walking the tree per cell each leaf adds its weighted value to the range of cells its box
/// covers, through a difference array (one column) or a multi-dimensional one (a one-hot group), and one prefix
/// sum per column turns the differences into the sums. The variance of m is then weighted by each cell's volume
/// times its total weight, as Optuna's `get_marginal_variance` weighs its midpoints.
extension FanovaTree {
    /// How `marginalVariance` sums over a group of several columns.
    enum MarginalMethod {
        /// The cheaper of the two below, by operation count.
        case automatic
        /// A dense grid of the group's cells: O(cells × columns + Σ over leaves of 2^(columns the leaf is cut
        /// in)).
        case grid
        /// Pairs of distinct leaf extents within the group: O(extents² × columns), for groups whose grid would
        /// be too large (a categorical with many choices, each cut by the tree).
        case pairs
    }

    /// The largest grid `automatic` builds (cells).
    static var gridLimit: Int { 1 << 22 }

    /// The variance of the tree's marginal over columns `group` (contiguous encoded columns).
    ///
    /// - Complexity: O(leaves) for one column after O(cells) set-up; see `MarginalMethod` for several.
    func marginalVariance(of group: Range<Int>, method: MarginalMethod = .automatic) -> Double {
        guard !group.isEmpty, leafCount > 0 else { return 0 }
        if group.count == 1 { return lineVariance(group.lowerBound) }
        switch method {
        case .grid: return gridVariance(group)
        case .pairs: return pairVariance(group)
        case .automatic:
            var cells = 1
            for column in group {
                let (product, overflow) = cells.multipliedReportingOverflow(by: cellCount(column))
                guard !overflow, product <= Self.gridLimit else { return pairVariance(group) }
                cells = product
            }
            var corners = 0.0
            for leaf in 0..<leafCount {
                var cut = 0
                for column in group where Int(upper[leaf * columnCount + column]) < cellCount(column) { cut += 1 }
                corners += Double(1 << min(cut, 62))
            }
            let gridCost = Double(cells) * Double(group.count + 3) + corners
            let pairCost = Double(leafCount) * Double(leafCount) * Double(group.count)
            return gridCost <= pairCost ? gridVariance(group) : pairVariance(group)
        }
    }

    /// The grid of one column, where it is a line: each leaf adds its weighted value at the start of its range
    /// of cells and subtracts it at the end.
    private func lineVariance(_ column: Int) -> Double {
        let cells = cellCount(column)
        guard cells > 1 else { return 0 }
        var sums = [Double](repeating: 0, count: cells + 1)
        var weights = [Double](repeating: 0, count: cells + 1)
        let span = columnCount + 1, columns = columnCount, leaves = leafCount
        sums.withUnsafeMutableBufferPointer { sums in
            weights.withUnsafeMutableBufferPointer { weights in
                prefix.withUnsafeBufferPointer { prefix in
                    suffix.withUnsafeBufferPointer { suffix in
                        lower.withUnsafeBufferPointer { lower in
                            upper.withUnsafeBufferPointer { upper in
                                centered.withUnsafeBufferPointer { centered in
                                    for leaf in 0..<leaves {
                                        // The leaf's volume outside the column.
                                        let weight = prefix[leaf * span + column] * suffix[leaf * span + column + 1]
                                        let weighted = weight * centered[leaf]
                                        let low = Int(lower[leaf * columns + column])
                                        let high = Int(upper[leaf * columns + column])
                                        sums[low] += weighted
                                        sums[high] -= weighted
                                        weights[low] += weight
                                        weights[high] -= weight
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var runningSum = 0.0, runningWeight = 0.0
        var total = 0.0, weightedSum = 0.0, weightedSquares = 0.0
        for cell in 0..<cells {
            runningSum += sums[cell]
            runningWeight += weights[cell]
            let volume = runningWeight * cellWidth(column, cell)
            guard runningWeight > 0, volume > 0 else { continue }
            let value = runningSum / runningWeight
            total += volume
            weightedSum += volume * value
            weightedSquares += volume * value * value
        }
        guard total > 0 else { return 0 }
        let mean = weightedSum / total
        return max(weightedSquares / total - mean * mean, 0)
    }

    /// Sums every leaf into a dense grid of the group's cells through a multi-dimensional difference array.
    private func gridVariance(_ group: Range<Int>) -> Double {
        let columns = Array(group)
        let counts = columns.map(cellCount)
        var strides = [Int](repeating: 1, count: columns.count)
        for index in 1..<max(columns.count, 1) { strides[index] = strides[index - 1] * counts[index - 1] }
        let cellTotal = counts.reduce(1, *)
        // A tree that never splits on the group has a constant marginal over it.
        guard cellTotal > 1 else { return 0 }
        var sums = [Double](repeating: 0, count: cellTotal)
        var weights = [Double](repeating: 0, count: cellTotal)
        let span = columnCount + 1
        var cuts = [Int](repeating: 0, count: columns.count)
        for leaf in 0..<leafCount {
            // The leaf's weight: its volume outside the group.
            let weight = prefix[leaf * span + group.lowerBound] * suffix[leaf * span + group.upperBound]
            let weighted = weight * centered[leaf]
            var base = 0, cutCount = 0
            for (index, column) in columns.enumerated() {
                let low = Int(lower[leaf * columnCount + column]), high = Int(upper[leaf * columnCount + column])
                base += low * strides[index]
                // The far end of the leaf's range is a corner only when it lies inside the grid.
                if high < counts[index] {
                    cuts[cutCount] = (high - low) * strides[index]
                    cutCount += 1
                }
            }
            for corner in 0..<(1 << cutCount) {
                var offset = base
                for bit in 0..<cutCount where corner & (1 << bit) != 0 { offset += cuts[bit] }
                let sign: Double = corner.nonzeroBitCount & 1 == 0 ? 1 : -1
                sums[offset] += sign * weighted
                weights[offset] += sign * weight
            }
        }
        for (index, count) in counts.enumerated() where count > 1 {
            let stride = strides[index], block = stride * count
            for start in Swift.stride(from: 0, to: cellTotal, by: block) {
                for position in (start + stride)..<(start + block) {
                    sums[position] += sums[position - stride]
                    weights[position] += weights[position - stride]
                }
            }
        }
        // Each cell's volume, by an odometer over its coordinates.
        var coordinates = [Int](repeating: 0, count: columns.count)
        var total = 0.0, weightedSum = 0.0, weightedSquares = 0.0
        for cell in 0..<cellTotal {
            var volume = weights[cell]
            for (index, column) in columns.enumerated() { volume *= cellWidth(column, coordinates[index]) }
            if weights[cell] > 0, volume > 0 {
                let value = sums[cell] / weights[cell]
                total += volume
                weightedSum += volume * value
                weightedSquares += volume * value * value
            }
            for index in coordinates.indices {
                coordinates[index] += 1
                if coordinates[index] < counts[index] { break }
                coordinates[index] = 0
            }
        }
        guard total > 0 else { return 0 }
        let mean = weightedSum / total
        return max(weightedSquares / total - mean * mean, 0)
    }

    /// E[m²] − E[m]² from pairs of distinct leaf extents: m is a sum of indicator functions of boxes, and the
    /// integral of a product of two indicators is the volume of the boxes' intersection.
    private func pairVariance(_ group: Range<Int>) -> Double {
        let width = group.count, span = columnCount + 1
        var index: [[Int32]: Int] = [:]
        var extents: [Int32] = []
        var amounts: [Double] = []
        var key = [Int32](repeating: 0, count: 2 * width)
        for leaf in 0..<leafCount {
            for (offset, column) in group.enumerated() {
                key[2 * offset] = lower[leaf * columnCount + column]
                key[2 * offset + 1] = upper[leaf * columnCount + column]
            }
            let weight = prefix[leaf * span + group.lowerBound] * suffix[leaf * span + group.upperBound]
            if let existing = index[key] {
                amounts[existing] += weight * centered[leaf]
            } else {
                index[key] = amounts.count
                extents.append(contentsOf: key)
                amounts.append(weight * centered[leaf])
            }
        }
        let columns = Array(group)
        var mean = 0.0, squares = 0.0
        for first in amounts.indices {
            var volume = 1.0
            for (offset, column) in columns.enumerated() {
                volume *=
                    breaks[breakStart[column] + Int(extents[first * 2 * width + 2 * offset + 1])]
                    - breaks[breakStart[column] + Int(extents[first * 2 * width + 2 * offset])]
            }
            mean += amounts[first] * volume
            squares += amounts[first] * amounts[first] * volume
            for second in (first + 1)..<amounts.count {
                var overlap = 1.0
                for (offset, column) in columns.enumerated() {
                    let low = max(extents[first * 2 * width + 2 * offset], extents[second * 2 * width + 2 * offset])
                    let high = min(
                        extents[first * 2 * width + 2 * offset + 1], extents[second * 2 * width + 2 * offset + 1])
                    guard low < high else {
                        overlap = 0
                        break
                    }
                    overlap *= breaks[breakStart[column] + Int(high)] - breaks[breakStart[column] + Int(low)]
                }
                squares += 2 * amounts[first] * amounts[second] * overlap
            }
        }
        return max(squares - mean * mean, 0)
    }
}
