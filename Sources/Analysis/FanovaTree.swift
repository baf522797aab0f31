import Learners

/// One regression tree seen as a piecewise-constant function on the search box, with what fANOVA needs of it:
/// the box of every leaf, the variance of the function over the box, and the variance of its marginal over a
/// group of columns (`FanovaTree+Marginal.swift`).
///
/// Every column is rescaled to [0, 1] by its bounds, so a leaf's volume is the fraction of the search box it
/// covers; Optuna's `_FanovaTree` weighs leaves by their volume in raw units, which differs only by a constant
/// factor and so gives the same averages up to rounding. Along each column the tree's split thresholds (clamped
/// to the bounds) cut [0, 1] into cells, and a leaf's extent along a column is a range of whole cells, kept as
/// two breakpoint indices.
struct FanovaTree {
    /// Number of encoded columns.
    let columnCount: Int
    /// Each column's breakpoints in [0, 1]: 0, the sorted distinct split thresholds, 1; column c's are at
    /// `breakStart[c]..<breakStart[c + 1]`.
    let breaks: [Double]
    let breakStart: [Int]
    /// Leaf values minus the volume-weighted mean `mean`, so that marginal sums do not cancel a large offset.
    let centered: [Double]
    /// Leaf l's extent along column c: breakpoint indices (relative to the column's first) at
    /// `l * columnCount + c`, lower and upper.
    let lower: [Int32]
    let upper: [Int32]
    /// Products of a leaf's widths over columns 0..<c at `l * (columnCount + 1) + c` (`prefix`), and over
    /// columns c..<columnCount at the same place (`suffix`): the volume outside a group of columns a..<b is
    /// `prefix[a] * suffix[b]`.
    let prefix: [Double]
    let suffix: [Double]
    /// The volume-weighted mean and variance of the leaf values over the box.
    let mean: Double
    let variance: Double

    var leafCount: Int { centered.count }

    /// The partition of `table` over a box whose column c spans `bounds[c]` (each of positive width).
    ///
    /// - Complexity: O(nodes × columns + nodes × log nodes).
    init(_ table: TreeNodeTable, bounds: [ClosedRange<Double>]) {
        let columns = bounds.count
        columnCount = columns
        let nodeCount = table.nodeCount
        // Each internal node's breakpoint index in its column, from the column's sorted distinct thresholds.
        var splitsByColumn = [[(threshold: Double, node: Int)]](repeating: [], count: columns)
        for node in 0..<nodeCount where table.left[node] >= 0 {
            let column = table.feature[node]
            if column >= 0, column < columns { splitsByColumn[column].append((table.threshold[node], node)) }
        }
        var breakIndex = [Int32](repeating: 0, count: nodeCount)
        var breaks: [Double] = []
        var breakStart: [Int] = []
        for column in 0..<columns {
            breakStart.append(breaks.count)
            let low = bounds[column].lowerBound, width = bounds[column].upperBound - low
            breaks.append(0)
            var previous = Double.nan
            for split in splitsByColumn[column].sorted(by: { $0.threshold < $1.threshold }) {
                if split.threshold != previous {
                    breaks.append(min(max((split.threshold - low) / width, 0), 1))
                    previous = split.threshold
                }
                breakIndex[split.node] = Int32(breaks.count - 1 - breakStart[column])
            }
            breaks.append(1)
        }
        breakStart.append(breaks.count)
        self.breaks = breaks
        self.breakStart = breakStart

        // Boxes from the root down: a child's box is its parent's, cut at the parent's threshold.
        var nodeLower = [Int32](repeating: 0, count: nodeCount * columns)
        var nodeUpper = [Int32](repeating: 0, count: nodeCount * columns)
        var leaves: [Int] = []
        if nodeCount > 0 {
            for column in 0..<columns {
                nodeUpper[column] = Int32(breakStart[column + 1] - breakStart[column] - 1)
            }
            nodeLower.withUnsafeMutableBufferPointer { nodeLower in
                nodeUpper.withUnsafeMutableBufferPointer { nodeUpper in
                    var stack = [0]
                    var visited = 0
                    while let node = stack.popLast(), visited < nodeCount {
                        visited += 1
                        let left = table.left[node], right = table.right[node], column = table.feature[node]
                        guard left >= 0, right >= 0, left < nodeCount, right < nodeCount, column >= 0,
                            column < columns
                        else {
                            leaves.append(node)
                            continue
                        }
                        let parent = node * columns, leftBox = left * columns, rightBox = right * columns
                        for c in 0..<columns {
                            let low = nodeLower[parent + c], high = nodeUpper[parent + c]
                            nodeLower[leftBox + c] = low
                            nodeUpper[leftBox + c] = high
                            nodeLower[rightBox + c] = low
                            nodeUpper[rightBox + c] = high
                        }
                        nodeUpper[leftBox + column] = breakIndex[node]
                        nodeLower[rightBox + column] = breakIndex[node]
                        stack.append(right)
                        stack.append(left)
                    }
                }
            }
        }
        let tree = Self.leafTable(
            leaves: leaves, columns: columns, nodeLower: nodeLower, nodeUpper: nodeUpper, breaks: breaks,
            breakStart: breakStart)
        lower = tree.lower
        upper = tree.upper
        prefix = tree.prefix
        suffix = tree.suffix
        // Volume-weighted mean and variance of the leaf values, as Optuna's `_FanovaTree.variance`.
        var totalVolume = 0.0, weightedSum = 0.0
        for (index, leaf) in leaves.enumerated() {
            let volume = tree.suffix[index * (columns + 1)]
            totalVolume += volume
            weightedSum += volume * table.value[leaf]
        }
        let mean = totalVolume > 0 ? weightedSum / totalVolume : 0
        var centered = [Double](repeating: 0, count: leaves.count)
        var squares = 0.0
        for (index, leaf) in leaves.enumerated() {
            centered[index] = table.value[leaf] - mean
            squares += tree.suffix[index * (columns + 1)] * centered[index] * centered[index]
        }
        self.mean = mean
        self.centered = centered
        variance = totalVolume > 0 ? squares / totalVolume : 0
    }

    /// The leaves' extents and width products, laid out flat.
    private static func leafTable(
        leaves: [Int], columns: Int, nodeLower: [Int32], nodeUpper: [Int32], breaks: [Double], breakStart: [Int]
    ) -> (lower: [Int32], upper: [Int32], prefix: [Double], suffix: [Double]) {
        let span = columns + 1
        var lower = [Int32](repeating: 0, count: leaves.count * columns)
        var upper = [Int32](repeating: 0, count: leaves.count * columns)
        var prefix = [Double](repeating: 1, count: leaves.count * span)
        var suffix = [Double](repeating: 1, count: leaves.count * span)
        var widths = [Double](repeating: 0, count: columns)
        for (index, leaf) in leaves.enumerated() {
            for column in 0..<columns {
                let low = nodeLower[leaf * columns + column], high = nodeUpper[leaf * columns + column]
                lower[index * columns + column] = low
                upper[index * columns + column] = high
                widths[column] = breaks[breakStart[column] + Int(high)] - breaks[breakStart[column] + Int(low)]
            }
            for column in 0..<columns {
                prefix[index * span + column + 1] = prefix[index * span + column] * widths[column]
            }
            for column in stride(from: columns - 1, through: 0, by: -1) {
                suffix[index * span + column] = suffix[index * span + column + 1] * widths[column]
            }
        }
        return (lower, upper, prefix, suffix)
    }

    /// The number of cells column `column` is cut into.
    func cellCount(_ column: Int) -> Int { breakStart[column + 1] - breakStart[column] - 1 }

    /// The width of cell `cell` of column `column`.
    func cellWidth(_ column: Int, _ cell: Int) -> Double {
        breaks[breakStart[column] + cell + 1] - breaks[breakStart[column] + cell]
    }
}
