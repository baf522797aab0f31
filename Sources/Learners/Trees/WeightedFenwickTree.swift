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
