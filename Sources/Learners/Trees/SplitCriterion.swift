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

/// Numbers and functions the criteria share, as scikit-learn's `_criterion.pyx` and `_utils.pyx` define them.
enum CriterionMath {
    /// 10 × machine epsilon: the floor below which a Poisson child's target sum counts as zero.
    static let poissonEpsilon = 10 * Double.ulpOfOne

    /// ln 2, as the C library computes it.
    static let naturalLogOfTwo = Foundation.log(2.0)

    /// scikit-learn's `log` in `sklearn/tree/_utils.pyx`, ln(x) / ln(2): entropy is measured in bits, and the
    /// Poisson proxy uses it too (the Poisson impurity uses the natural logarithm).
    @inline(__always)
    static func log2(_ x: Double) -> Double { Foundation.log(x) / naturalLogOfTwo }

    /// A new buffer holding 0, 1, …, capacity − 1 (the payloads of criteria that carry local positions).
    static func identity(capacity: Int) -> UnsafeMutablePointer<UInt32> {
        let buffer = UnsafeMutablePointer<UInt32>.allocate(capacity: max(capacity, 1))
        for index in 0..<capacity { buffer[index] = UInt32(index) }
        return buffer
    }
}
