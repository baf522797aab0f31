import Foundation

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
        positions = CriterionMath.identity(capacity: capacity)
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
            guard sum > CriterionMath.poissonEpsilon else { return (.infinity, weight) }
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
        guard sum > CriterionMath.poissonEpsilon else { return .infinity }
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
            if sumLeft <= CriterionMath.poissonEpsilon || sumRight <= CriterionMath.poissonEpsilon { return -.infinity }
            let proxyLeft = -(sumLeft * CriterionMath.log2(sumLeft / weightLeft))
            let proxyRight = -(sumRight * CriterionMath.log2(sumRight / weightRight))
            return -proxyLeft - proxyRight
        }
        return sumLeft * sumLeft / weightLeft + sumRight * sumRight / weightRight
    }
}
