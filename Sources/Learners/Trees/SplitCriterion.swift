import Foundation

/// The statistics of a node's samples that the best-split search updates one sample at a time.
///
/// A node's targets and weights are first loaded into local positions 0..<count; the search then sorts the
/// positions by a feature, moves them to the left child in that order and asks for the proxy improvement at
/// each allowed split position. Formulas and their evaluation order are scikit-learn's (`_criterion.pyx`), so
/// the same split wins whenever the candidates are not tied.
protocol SplitCriterion {
    /// Loads the targets and weights of `rows` into local positions; returns the node's total weight.
    mutating func loadNode(rows: UnsafePointer<Int32>, count: Int) -> Double
    /// The impurity of the loaded node.
    mutating func nodeImpurity() -> Double
    /// Writes the loaded node's value (class fractions, mean or median) to `destination`.
    mutating func nodeValue(into destination: UnsafeMutablePointer<Double>)
    /// The impurity and total weight of `rows` (a child after partitioning), leaving the loaded node intact.
    mutating func impurity(rows: UnsafePointer<Int32>, count: Int) -> (impurity: Double, weight: Double)
    /// What the search carries through sorting for each local position of the loaded node: the position
    /// itself, or (classification with small integer weights) the class and weight packed in 32 bits, which
    /// spares the scan a look-up per sample.
    var payloads: UnsafePointer<UInt32> { get }
    /// Starts a scan with every sample on the right; `order` lists payloads in the scan's order in its lower
    /// 32 bits.
    mutating func beginScan(order: UnsafePointer<UInt64>, count: Int)
    /// Moves the sample with `payload` to the left child.
    mutating func moveLeft(_ payload: UInt32)
    /// A quantity that orders splits as their impurity decrease does, for the first `leftCount` samples on the
    /// left.
    func proxyImprovement(leftCount: Int) -> Double
    /// Frees the criterion's buffers.
    func deallocate()
}

/// 10 × machine epsilon: scikit-learn's floor below which a Poisson child's target sum counts as zero.
private let poissonEpsilon = 10 * Double.ulpOfOne

/// ln 2, as the C library computes it.
private let naturalLogOfTwo = Foundation.log(2.0)

/// scikit-learn's `log` in `sklearn/tree/_utils.pyx`, ln(x) / ln(2): entropy is measured in bits and the Poisson
/// proxy uses it too (its impurity uses the natural logarithm).
@inline(__always)
private func log2(_ x: Double) -> Double { Foundation.log(x) / naturalLogOfTwo }

/// Gini impurity or entropy of class counts (`weights` are bootstrap counts or 1, so counts are exact integers).
struct ClassificationCriterion: SplitCriterion {
    private let labels: UnsafeBufferPointer<Int32>
    private let weights: UnsafeBufferPointer<Double>?
    private let classCount: Int
    private let entropy: Bool
    private let localLabels: UnsafeMutablePointer<Int32>
    private let localWeights: UnsafeMutablePointer<Double>
    private let total: UnsafeMutablePointer<Double>
    private let left: UnsafeMutablePointer<Double>
    private let scratch: UnsafeMutablePointer<Double>
    private let localPayloads: UnsafeMutablePointer<UInt32>
    /// Whether payloads hold the class (16 bits) and the weight (16 bits) rather than the local position.
    private let packed: Bool
    private var weightTotal = 0.0
    private var weightLeft = 0.0
    private var weightRight = 0.0
    /// Σₖ countₖ² of each side, kept exactly (integer counts below 2⁵³).
    private var squaresLeft = 0.0
    private var squaresRight = 0.0

    init(
        labels: UnsafeBufferPointer<Int32>, weights: UnsafeBufferPointer<Double>?, classCount: Int, capacity: Int,
        entropy: Bool
    ) {
        self.labels = labels
        self.weights = weights
        self.classCount = classCount
        self.entropy = entropy
        localLabels = .allocate(capacity: max(capacity, 1))
        localWeights = .allocate(capacity: max(capacity, 1))
        total = .allocate(capacity: classCount)
        left = .allocate(capacity: classCount)
        scratch = .allocate(capacity: classCount)
        localPayloads = .allocate(capacity: max(capacity, 1))
        packed =
            classCount <= 1 << 16
            && (weights?.allSatisfy { $0 >= 0 && $0 < 65536 && $0.rounded(.towardZero) == $0 } ?? true)
    }

    var payloads: UnsafePointer<UInt32> { UnsafePointer(localPayloads) }

    func deallocate() {
        localLabels.deallocate()
        localWeights.deallocate()
        total.deallocate()
        left.deallocate()
        scratch.deallocate()
        localPayloads.deallocate()
    }

    mutating func loadNode(rows: UnsafePointer<Int32>, count: Int) -> Double {
        total.update(repeating: 0, count: classCount)
        var weight = 0.0
        for local in 0..<count {
            let row = Int(rows[local])
            let label = labels[row]
            let w = weights?[row] ?? 1
            localLabels[local] = label
            localWeights[local] = w
            localPayloads[local] = packed ? UInt32(label) | UInt32(w) << 16 : UInt32(local)
            total[Int(label)] += w
            weight += w
        }
        weightTotal = weight
        return weight
    }

    mutating func nodeImpurity() -> Double {
        Self.impurity(of: total, classCount: classCount, weight: weightTotal, entropy: entropy)
    }

    mutating func nodeValue(into destination: UnsafeMutablePointer<Double>) {
        for k in 0..<classCount { destination[k] = total[k] / weightTotal }
    }

    mutating func impurity(rows: UnsafePointer<Int32>, count: Int) -> (impurity: Double, weight: Double) {
        scratch.update(repeating: 0, count: classCount)
        var weight = 0.0
        for index in 0..<count {
            let row = Int(rows[index])
            let w = weights?[row] ?? 1
            scratch[Int(labels[row])] += w
            weight += w
        }
        return (Self.impurity(of: scratch, classCount: classCount, weight: weight, entropy: entropy), weight)
    }

    /// scikit-learn's `Gini.node_impurity` / `Entropy.node_impurity` for one output.
    private static func impurity(
        of counts: UnsafePointer<Double>, classCount: Int, weight: Double, entropy: Bool
    ) -> Double {
        if entropy {
            var result = 0.0
            for k in 0..<classCount where counts[k] > 0 {
                let fraction = counts[k] / weight
                result -= fraction * log2(fraction)
            }
            return result
        }
        var squares = 0.0
        for k in 0..<classCount { squares += counts[k] * counts[k] }
        return 1.0 - squares / (weight * weight)
    }

    mutating func beginScan(order: UnsafePointer<UInt64>, count: Int) {
        left.update(repeating: 0, count: classCount)
        weightLeft = 0
        weightRight = weightTotal
        squaresLeft = 0
        var squares = 0.0
        for k in 0..<classCount { squares += total[k] * total[k] }
        squaresRight = squares
    }

    @inline(__always)
    mutating func moveLeft(_ payload: UInt32) {
        let label: Int, w: Double
        if packed {
            label = Int(payload & 0xFFFF)
            w = Double(payload >> 16)
        } else {
            label = Int(localLabels[Int(payload)])
            w = localWeights[Int(payload)]
        }
        let countLeft = left[label]
        let countRight = total[label] - countLeft
        // (c + w)² − c² and (c − w)² − c², exact for integer counts.
        squaresLeft += (2 * countLeft + w) * w
        squaresRight += (w - 2 * countRight) * w
        left[label] = countLeft + w
        weightLeft += w
        weightRight = weightTotal - weightLeft
    }

    @inline(__always)
    func proxyImprovement(leftCount: Int) -> Double {
        if !entropy {
            let giniLeft = 1.0 - squaresLeft / (weightLeft * weightLeft)
            let giniRight = 1.0 - squaresRight / (weightRight * weightRight)
            return -weightRight * giniRight - weightLeft * giniLeft
        }
        var entropyLeft = 0.0
        var entropyRight = 0.0
        for k in 0..<classCount {
            let countLeft = left[k]
            if countLeft > 0 {
                let fraction = countLeft / weightLeft
                entropyLeft -= fraction * log2(fraction)
            }
            let countRight = total[k] - countLeft
            if countRight > 0 {
                let fraction = countRight / weightRight
                entropyRight -= fraction * log2(fraction)
            }
        }
        return -weightRight * entropyRight - weightLeft * entropyLeft
    }
}

/// Squared error (leaves predict the mean) or half Poisson deviance (the same leaves, a different proxy).
struct MeanCriterion: SplitCriterion {
    private let targets: UnsafeBufferPointer<Double>
    private let weights: UnsafeBufferPointer<Double>?
    private let poisson: Bool
    private let localTargets: UnsafeMutablePointer<Double>
    private let localWeights: UnsafeMutablePointer<Double>
    private let positions: UnsafeMutablePointer<UInt32>
    private var weightTotal = 0.0
    private var sumTotal = 0.0
    private var squaresTotal = 0.0
    private var weightLeft = 0.0
    private var sumLeft = 0.0
    private var loadedRows: UnsafePointer<Int32>?
    private var loadedCount = 0

    init(targets: UnsafeBufferPointer<Double>, weights: UnsafeBufferPointer<Double>?, capacity: Int, poisson: Bool) {
        self.targets = targets
        self.weights = weights
        self.poisson = poisson
        localTargets = .allocate(capacity: max(capacity, 1))
        localWeights = .allocate(capacity: max(capacity, 1))
        positions = .identity(capacity: capacity)
    }

    var payloads: UnsafePointer<UInt32> { UnsafePointer(positions) }

    func deallocate() {
        localTargets.deallocate()
        localWeights.deallocate()
        positions.deallocate()
    }

    mutating func loadNode(rows: UnsafePointer<Int32>, count: Int) -> Double {
        var weight = 0.0, sum = 0.0, squares = 0.0
        for local in 0..<count {
            let row = Int(rows[local])
            let y = targets[row]
            let w = weights?[row] ?? 1
            localTargets[local] = y
            localWeights[local] = w
            let weighted = w * y
            sum += weighted
            squares += weighted * y
            weight += w
        }
        weightTotal = weight
        sumTotal = sum
        squaresTotal = squares
        loadedCount = count
        return weight
    }

    mutating func nodeImpurity() -> Double {
        if poisson { return poissonLoss(count: loadedCount, sum: sumTotal, weight: weightTotal) }
        let mean = sumTotal / weightTotal
        return squaresTotal / weightTotal - mean * mean
    }

    mutating func nodeValue(into destination: UnsafeMutablePointer<Double>) {
        destination[0] = sumTotal / weightTotal
    }

    mutating func impurity(rows: UnsafePointer<Int32>, count: Int) -> (impurity: Double, weight: Double) {
        var weight = 0.0, sum = 0.0, squares = 0.0
        for index in 0..<count {
            let row = Int(rows[index])
            let y = targets[row]
            let w = weights?[row] ?? 1
            sum += w * y
            squares += w * y * y
            weight += w
        }
        if poisson {
            guard sum > poissonEpsilon else { return (.infinity, weight) }
            let mean = sum / weight
            var loss = 0.0
            for index in 0..<count {
                let row = Int(rows[index])
                loss += (weights?[row] ?? 1) * Self.xlogy(targets[row], targets[row] / mean)
            }
            return (loss / weight, weight)
        }
        let mean = sum / weight
        return (squares / weight - mean * mean, weight)
    }

    /// scikit-learn's `Poisson.poisson_loss` of the loaded node.
    private func poissonLoss(count: Int, sum: Double, weight: Double) -> Double {
        guard sum > poissonEpsilon else { return .infinity }
        let mean = sum / weight
        var loss = 0.0
        for local in 0..<count {
            loss += localWeights[local] * Self.xlogy(localTargets[local], localTargets[local] / mean)
        }
        return loss / weight
    }

    /// x ln y, with 0 for x = 0 (SciPy's `xlogy`).
    private static func xlogy(_ x: Double, _ y: Double) -> Double { x == 0 ? 0 : x * Foundation.log(y) }

    mutating func beginScan(order: UnsafePointer<UInt64>, count: Int) {
        weightLeft = 0
        sumLeft = 0
    }

    @inline(__always)
    mutating func moveLeft(_ payload: UInt32) {
        let w = localWeights[Int(payload)]
        sumLeft += w * localTargets[Int(payload)]
        weightLeft += w
    }

    @inline(__always)
    func proxyImprovement(leftCount: Int) -> Double {
        let weightRight = weightTotal - weightLeft
        let sumRight = sumTotal - sumLeft
        if poisson {
            if sumLeft <= poissonEpsilon || sumRight <= poissonEpsilon { return -.infinity }
            let proxyLeft = -(sumLeft * log2(sumLeft / weightLeft))
            let proxyRight = -(sumRight * log2(sumRight / weightRight))
            return -proxyLeft - proxyRight
        }
        return sumLeft * sumLeft / weightLeft + sumRight * sumRight / weightRight
    }
}

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
        positions = .identity(capacity: capacity)
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

/// Prefix sums of weights and weighted values over ranks, with searches by cumulative weight.
struct WeightedFenwickTree {
    private let weight: UnsafeMutablePointer<Double>
    private let weighted: UnsafeMutablePointer<Double>
    private var size = 0
    private var topBit = 0
    private(set) var totalWeight = 0.0
    private(set) var totalWeighted = 0.0

    init(capacity: Int) {
        weight = .allocate(capacity: capacity + 1)
        weighted = .allocate(capacity: capacity + 1)
    }

    func deallocate() {
        weight.deallocate()
        weighted.deallocate()
    }

    mutating func reset(size: Int) {
        self.size = size
        weight.update(repeating: 0, count: size + 1)
        weighted.update(repeating: 0, count: size + 1)
        totalWeight = 0
        totalWeighted = 0
        topBit = size == 0 ? 0 : 1 << (Int.bitWidth - 1 - size.leadingZeroBitCount)
    }

    /// Adds `weight` × `value` at the 0-based `rank`.
    @inline(__always)
    mutating func add(_ rank: Int, value: Double, weight w: Double) {
        var index = rank + 1
        let product = w * value
        while index <= size {
            weight[index] += w
            weighted[index] += product
            index += index & -index
        }
        totalWeight += w
        totalWeighted += product
    }

    /// The first rank whose cumulative weight exceeds `target`, and the sums of weights and weighted values
    /// below it.
    @inline(__always)
    func firstExceeding(_ target: Double) -> (rank: Int, weight: Double, weighted: Double) {
        var position = 0, remaining = target, sum = 0.0, sumWeighted = 0.0
        var bit = topBit
        while bit != 0 {
            let next = position + bit
            if next <= size, weight[next] <= remaining {
                position = next
                remaining -= weight[next]
                sum += weight[next]
                sumWeighted += weighted[next]
            }
            bit >>= 1
        }
        return (position, sum, sumWeighted)
    }

    /// The first rank whose cumulative weight reaches `target`.
    @inline(__always)
    func firstReaching(_ target: Double) -> Int {
        var position = 0, remaining = target
        var bit = topBit
        while bit != 0 {
            let next = position + bit
            if next <= size, weight[next] < remaining {
                position = next
                remaining -= weight[next]
            }
            bit >>= 1
        }
        return position
    }
}

extension UnsafeMutablePointer<UInt32> {
    /// A buffer holding 0, 1, …, capacity − 1.
    static func identity(capacity: Int) -> UnsafeMutablePointer<UInt32> {
        let buffer = UnsafeMutablePointer<UInt32>.allocate(capacity: Swift.max(capacity, 1))
        for index in 0..<capacity { buffer[index] = UInt32(index) }
        return buffer
    }
}
