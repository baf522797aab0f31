import HyperplanCore

/// The source of the random feature order of the split search.
protocol FeatureSampler {
    /// An integer drawn uniformly from 0..<bound.
    mutating func index(below bound: Int) -> Int
}

extension SeededGenerator: FeatureSampler {
    mutating func index(below bound: Int) -> Int { nextInt(below: bound) }
}
