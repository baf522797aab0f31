import Foundation
package import HyperplanCore

/// Standard normal deviates from a `SeededGenerator`, by the Ziggurat method.
///
/// Marsaglia and Tsang's 256-layer ziggurat (2000), in the form Doornik (2005) and Rust's `rand_distr` use:
/// one 64-bit draw gives both the layer (its low 8 bits) and the abscissa (its high 53 bits), so the two are
/// independent; about 99% of draws return after one multiplication and one comparison. The wedges are
/// resolved by an exact density test and the tail beyond r ≈ 3.654 by Marsaglia's exponential method, so
/// the deviates are exactly normal up to floating-point rounding (no approximation is involved).
///
/// The tables are computed once, from r and the layer area v, with the same recurrence as `rand_distr`.
package enum NormalSampler {
    /// The right edge of the base layer's tail, r.
    static let tailStart = 3.654_152_885_361_008_8
    /// The area of each layer, v.
    static let layerArea = 0.004_928_673_233_99

    /// Layer edges `x[0...256]`, decreasing: `x[0] = v / f(r)` (the base layer's width with its tail),
    /// `x[1] = r`, `x[256] = 0`; and the density `f(x) = exp(−x²/2)` at each.
    static let tables: (x: [Double], f: [Double]) = {
        func density(_ x: Double) -> Double { Foundation.exp(-x * x / 2) }
        var x = [Double](repeating: 0, count: 257)
        x[0] = layerArea / density(tailStart)
        x[1] = tailStart
        for index in 2..<256 {
            x[index] = (-2 * Foundation.log(layerArea / x[index - 1] + density(x[index - 1]))).squareRoot()
        }
        return (x, x.map(density))
    }()

    /// Fills `buffer` with independent standard normal deviates.
    ///
    /// - Complexity: O(`buffer.count`); about 1.01 draws from `generator` per deviate.
    package static func fill(_ buffer: UnsafeMutableBufferPointer<Double>, using generator: inout SeededGenerator) {
        let (xs, fs) = tables
        xs.withUnsafeBufferPointer { x in
            fs.withUnsafeBufferPointer { f in
                for index in 0..<buffer.count { buffer[index] = sample(x: x, f: f, using: &generator) }
            }
        }
    }

    /// `count` standard normal deviates.
    package static func deviates(_ count: Int, using generator: inout SeededGenerator) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Double is trivial, so assigning into the uninitialised buffer is valid.
            fill(buffer, using: &generator)
            initialized = count
        }
    }

    @inline(__always)
    private static func sample(
        x: UnsafeBufferPointer<Double>, f: UnsafeBufferPointer<Double>, using generator: inout SeededGenerator
    ) -> Double {
        while true {
            let bits = generator.next()
            let layer = Int(truncatingIfNeeded: bits & 0xFF)
            // Uniform in [−1, 1) from the 53 high bits, disjoint from the layer's.
            let u = Double(bits >> 11) * 0x1.0p-52 - 1
            let candidate = u * x[layer]
            if abs(candidate) < x[layer + 1] { return candidate }
            if layer == 0 { return tail(negative: u < 0, using: &generator) }
            let height = f[layer + 1] + (f[layer] - f[layer + 1]) * generator.nextUnitInterval()
            if height < Foundation.exp(-candidate * candidate / 2) { return candidate }
        }
    }

    /// A deviate beyond ±r (Marsaglia 1964): r + E₁/r with E₁, E₂ exponential, accepted when 2E₂ ≥ (E₁/r)².
    private static func tail(negative: Bool, using generator: inout SeededGenerator) -> Double {
        while true {
            let excess = -Foundation.log(openUnit(&generator)) / tailStart
            let bound = -Foundation.log(openUnit(&generator))
            if 2 * bound >= excess * excess { return negative ? -(tailStart + excess) : tailStart + excess }
        }
    }

    /// Uniform in (0, 1).
    private static func openUnit(_ generator: inout SeededGenerator) -> Double {
        while true {
            let value = generator.nextUnitInterval()
            if value > 0 { return value }
        }
    }
}
