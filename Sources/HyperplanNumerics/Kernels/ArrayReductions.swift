/// Reductions over whole `[Double]` arrays in plain index order, for an optimiser's per-iteration
/// bookkeeping, where vectors are short and the summation order is part of the result.
@usableFromInline
package enum ArrayReductions {
    /// Σᵢ a[i]·b[i], added one product at a time from 0 in increasing i.
    ///
    /// - Complexity: O(a.count).
    @inlinable
    package static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }

    /// ‖a‖₂ = √(a·a).
    ///
    /// - Complexity: O(a.count).
    @inlinable
    package static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

    /// maxᵢ |a[i]|, 0 for an empty array.
    ///
    /// - Complexity: O(a.count).
    @inlinable
    package static func maxAbs(_ a: [Double]) -> Double { a.reduce(0) { max($0, abs($1)) } }
}
