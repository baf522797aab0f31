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
                result -= fraction * CriterionMath.log2(fraction)
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
                entropyLeft -= fraction * CriterionMath.log2(fraction)
            }
            let countRight = total[k] - countLeft
            if countRight > 0 {
                let fraction = countRight / weightRight
                entropyRight -= fraction * CriterionMath.log2(fraction)
            }
        }
        return -weightRight * entropyRight - weightLeft * entropyLeft
    }
}
