import Crypto
import Foundation

/// The only source of randomness in Hyperplan: xoshiro256** seeded from the experiment's seed and a key.
///
/// The key names what is being computed ("test-split", "search/random/17", a node ID), so a stream never
/// depends on which other streams were drawn before it, on thread timing or on dictionary order. The state
/// is SHA-256(seed ‖ key), which makes streams for different keys independent in practice.
///
/// Bounded integers, real numbers and shuffles are implemented here rather than with the standard library's
/// `random(in:using:)` and `shuffle(using:)`, whose algorithms may change between Swift releases: a bundle
/// must be reproducible with a later toolchain.
package struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator for the stream named `key` under the experiment seed `seed`.
    package init(seed: UInt64, key: String) {
        var input = Data()
        withUnsafeBytes(of: seed.littleEndian) { input.append(contentsOf: $0) }
        input.append(contentsOf: Array(key.utf8))
        let digest = Array(SHA256.hash(data: input))
        func word(_ offset: Int) -> UInt64 {
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(digest[offset + index]) << (8 * UInt64(index)) }
            return value
        }
        state = (word(0), word(8), word(16), word(24))
        if state.0 | state.1 | state.2 | state.3 == 0 { state.0 = 0x9E37_79B9_7F4A_7C15 }
    }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    private func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }

    /// A real number uniformly distributed in [0, 1), with 53 random bits.
    package mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// An integer uniformly distributed in `0..<bound` (Lemire's nearly divisionless method, unbiased).
    ///
    /// - Precondition: `bound > 0`.
    package mutating func nextInt(below bound: Int) -> Int {
        Int(nextUInt64(below: UInt64(bound)))
    }

    /// An unsigned integer uniformly distributed in `0..<bound` (Lemire's method, unbiased).
    ///
    /// - Precondition: `bound > 0`.
    package mutating func nextUInt64(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "bound must be positive")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }

    /// A standard normal deviate (Box–Muller; one of the pair is discarded so the stream stays simple).
    package mutating func nextGaussian() -> Double {
        var u1 = nextUnitInterval()
        while u1 <= 0 { u1 = nextUnitInterval() }
        let u2 = nextUnitInterval()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// Shuffles `elements` in place with the Fisher–Yates algorithm, drawing from this generator.
    package mutating func shuffle<T>(_ elements: inout [T]) {
        guard elements.count > 1 else { return }
        for index in stride(from: elements.count - 1, to: 0, by: -1) {
            let other = nextInt(below: index + 1)
            if other != index { elements.swapAt(index, other) }
        }
    }

    /// A uniformly random permutation of `0..<count`.
    package mutating func permutation(count: Int) -> [Int] {
        var indices = Array(0..<count)
        shuffle(&indices)
        return indices
    }
}
