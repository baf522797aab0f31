/// Absolute error about the weighted median (leaves predict the median), as scikit-learn's `MAE`: for each
/// feature, the absolute errors of every prefix and suffix of the sorted samples come from a Fenwick tree
/// over the node's target ranks, O(n log n) per feature.
struct AbsoluteErrorCriterion: SplitCriterion {
    private let targets: UnsafeBufferPointer<Double>
    private let weights: UnsafeBufferPointer<Double>?
    private let localTargets: UnsafeMutablePointer<Double>
    private let localWeights: UnsafeMutablePointer<Double>
    /// The rank of each local position's target in the node's sorted targets.
    private let targetRanks: UnsafeMutablePointer<Int32>
    private let sortedTargets: UnsafeMutablePointer<Double>
    private let sortedWeights: UnsafeMutablePointer<Double>
    private let order: UnsafeMutablePointer<Int32>
    private let prefixErrors: UnsafeMutablePointer<Double>
    private let suffixErrors: UnsafeMutablePointer<Double>
    private let positions: UnsafeMutablePointer<UInt32>
    private var fenwick: WeightedFenwickTree
    private var count = 0
    private var weightTotal = 0.0
    private var weightLeft = 0.0

    init(targets: UnsafeBufferPointer<Double>, weights: UnsafeBufferPointer<Double>?, capacity: Int) {
        self.targets = targets
        self.weights = weights
        let size = max(capacity, 1)
        localTargets = .allocate(capacity: size)
        localWeights = .allocate(capacity: size)
        targetRanks = .allocate(capacity: size)
        sortedTargets = .allocate(capacity: size)
        sortedWeights = .allocate(capacity: size)
        order = .allocate(capacity: size)
        prefixErrors = .allocate(capacity: size)
        suffixErrors = .allocate(capacity: size)
        positions = CriterionMath.identity(capacity: capacity)
        fenwick = WeightedFenwickTree(capacity: size)
    }

    var payloads: UnsafePointer<UInt32> { UnsafePointer(positions) }

    func deallocate() {
        localTargets.deallocate()
        localWeights.deallocate()
        targetRanks.deallocate()
        sortedTargets.deallocate()
        sortedWeights.deallocate()
        order.deallocate()
        prefixErrors.deallocate()
        suffixErrors.deallocate()
        positions.deallocate()
        fenwick.deallocate()
    }

    mutating func loadNode(rows: UnsafePointer<Int32>, count: Int) -> Double {
        var weight = 0.0
        for local in 0..<count {
            let row = Int(rows[local])
            localTargets[local] = targets[row]
            localWeights[local] = weights?[row] ?? 1
            weight += localWeights[local]
        }
        self.count = count
        weightTotal = weight
        sortByTarget(values: localTargets, weights: localWeights, count: count)
        for rank in 0..<count { targetRanks[Int(order[rank])] = Int32(rank) }
        return weight
    }

    /// Fills `order` with 0..<count sorted by `values` (ties by position) and the sorted values and weights.
    private func sortByTarget(values: UnsafePointer<Double>, weights: UnsafePointer<Double>, count: Int) {
        for index in 0..<count { order[index] = Int32(index) }
        var indices = UnsafeMutableBufferPointer(start: order, count: count)
        indices.sort { a, b in
            let x = values[Int(a)], y = values[Int(b)]
            return x < y || (x == y && a < b)
        }
        for rank in 0..<count {
            sortedTargets[rank] = values[Int(order[rank])]
            sortedWeights[rank] = weights[Int(order[rank])]
        }
    }

    /// The weighted median of `count` sorted values and their absolute error about it, scikit-learn's way:
    /// the first value whose cumulative weight exceeds half the total, or the midpoint with the previous
    /// value when the weight before it is exactly half.
    private func medianAndError(count: Int) -> (median: Double, error: Double) {
        var total = 0.0, totalWeighted = 0.0
        for rank in 0..<count {
            total += sortedWeights[rank]
            totalWeighted += sortedWeights[rank] * sortedTargets[rank]
        }
        let half = 0.5 * total
        var below = 0.0, belowWeighted = 0.0
        var rank = 0
        while rank < count - 1, below + sortedWeights[rank] <= half {
            below += sortedWeights[rank]
            belowWeighted += sortedWeights[rank] * sortedTargets[rank]
            rank += 1
        }
        let median =
            below == half && rank > 0 ? (sortedTargets[rank - 1] + sortedTargets[rank]) / 2 : sortedTargets[rank]
        let error = (totalWeighted - belowWeighted - median * (total - below)) + (median * below - belowWeighted)
        return (median, error)
    }

    mutating func nodeImpurity() -> Double { medianAndError(count: count).error / weightTotal }

    mutating func nodeValue(into destination: UnsafeMutablePointer<Double>) {
        destination[0] = medianAndError(count: count).median
    }

    mutating func impurity(rows: UnsafePointer<Int32>, count childCount: Int) -> (impurity: Double, weight: Double) {
        // Uses the suffix buffers as scratch: the scan that filled them is over.
        let values = prefixErrors, childWeights = suffixErrors
        for index in 0..<childCount {
            let row = Int(rows[index])
            values[index] = targets[row]
            childWeights[index] = weights?[row] ?? 1
        }
        sortByTarget(values: values, weights: childWeights, count: childCount)
        let (_, error) = medianAndError(count: childCount)
        var weight = 0.0
        for index in 0..<childCount { weight += childWeights[index] }
        // Restore the node's own sorted targets (the caller may still ask for its value).
        sortByTarget(values: localTargets, weights: localWeights, count: count)
        return (error / weight, weight)
    }

    mutating func beginScan(order scan: UnsafePointer<UInt64>, count: Int) {
        weightLeft = 0
        fill(errors: prefixErrors, scan: scan, count: count, forward: true)
        fill(errors: suffixErrors, scan: scan, count: count, forward: false)
    }

    /// The absolute error of every prefix (forward) or suffix of the scan order, indexed by its last position.
    private mutating func fill(
        errors: UnsafeMutablePointer<Double>, scan: UnsafePointer<UInt64>, count: Int, forward: Bool
    ) {
        fenwick.reset(size: count)
        for step in 0..<count {
            let position = forward ? step : count - 1 - step
            let local = Int(truncatingIfNeeded: scan[position] & 0xFFFF_FFFF)
            let rank = Int(targetRanks[local])
            fenwick.add(rank, value: sortedTargets[rank], weight: localWeights[local])
            let half = 0.5 * fenwick.totalWeight
            let (medianRank, below, belowWeighted) = fenwick.firstExceeding(half)
            var median = sortedTargets[medianRank]
            if below == half, below > 0 {
                median = (sortedTargets[fenwick.firstReaching(half)] + median) / 2
            }
            errors[position] =
                (fenwick.totalWeighted - belowWeighted - median * (fenwick.totalWeight - below))
                + (median * below - belowWeighted)
        }
    }

    @inline(__always)
    mutating func moveLeft(_ payload: UInt32) { weightLeft += localWeights[Int(payload)] }

    @inline(__always)
    func proxyImprovement(leftCount: Int) -> Double {
        let weightRight = weightTotal - weightLeft
        let impurityLeft = prefixErrors[leftCount - 1] / weightLeft
        let impurityRight = suffixErrors[leftCount] / weightRight
        return -weightRight * impurityRight - weightLeft * impurityLeft
    }
}
