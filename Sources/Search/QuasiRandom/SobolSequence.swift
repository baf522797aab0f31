import HyperplanCore

/// The Sobol' sequence in up to 1111 dimensions, plain or scrambled, built as SciPy's `scipy.stats.qmc.Sobol`
/// builds it (30 bits, Joe & Kuo's direction numbers, Gray-code order, LMS + digital shift).
///
/// Along dimension d, point i is the binary fraction xᵢ = (g₀v₁ ⊕ g₁v₂ ⊕ g₂v₃ ⊕ …) / 2³⁰, where g₀g₁g₂… are the bits
/// of the Gray code i ⊕ (i >> 1) and vⱼ = mⱼ·2³⁰⁻ʲ are the dimension's direction numbers. The first s numbers
/// m₁ … mₛ come from Joe and Kuo's table (`SobolDirectionNumbers`); the rest follow from the dimension's primitive
/// polynomial xˢ + a₁xˢ⁻¹ + … + aₛ₋₁x + 1 by Bratley and Fox's recurrence
/// mⱼ = 2a₁mⱼ₋₁ ⊕ 2²a₂mⱼ₋₂ ⊕ … ⊕ 2ˢ⁻¹aₛ₋₁mⱼ₋ₛ₊₁ ⊕ 2ˢmⱼ₋ₛ ⊕ mⱼ₋ₛ. Dimension 0 has every mⱼ = 1 (van der Corput).
/// Gray-code order makes point i differ from point i − 1 by one XOR, with v at the lowest set bit of i, and lists
/// the same 2ᵐ points as the natural order in every prefix of length 2ᵐ. Coordinates are exact multiples of 2⁻³⁰,
/// so the unscrambled points are bit for bit SciPy's `Sobol(d, scramble=False).random(n)`; point 0 is the origin.
///
/// Scrambling (Matoušek's linear matrix scramble plus a digital shift, "LMS+shift", as in SciPy; see `Scrambling`)
/// draws, for each dimension, a random 30 × 30 lower-triangular bit matrix L with ones on its diagonal and a random
/// 30-bit shift e, and replaces each direction number's bit vector (most significant bit first) by L·v over GF(2);
/// the points are then e ⊕ (the same XORs). Given SciPy's matrices and shifts, the points are SciPy's bit for bit.
/// An invertible L maps the 2ᵐ points of every Sobol' prefix to another digital net with the same t-value, so
/// every 2ᵐ prefix still has one point in each interval [k/2ᵐ, (k+1)/2ᵐ) of every one-dimensional projection, and
/// the shift makes each point uniform on the cube. The random bits come
/// from `SeededGenerator` streams keyed by the dimension, so dimension d's column does not depend on how many
/// dimensions follow it. SciPy draws its bits from NumPy's generator instead, so the scrambled points are a
/// different member of the same random family, not SciPy's numbers.
package struct SobolSequence: Sendable, Hashable {
    /// Bits of each coordinate (SciPy's default): the sequence has 2³⁰ distinct points.
    package static let bits = 30
    /// The number of distinct points.
    package static let maximumCount = 1 << bits
    /// The number of dimensions the direction-number table covers.
    package static var maximumDimensions: Int { SobolDirectionNumbers.dimensions }

    /// The number of coordinates of each point.
    package let dimensions: Int
    /// Direction numbers vⱼ as 30-bit integers, row-major: dimension d's number for bit j is at d · bits + j.
    private let directions: [UInt32]
    /// The digital shift of each dimension (zero when unscrambled): the integer coordinates of point 0.
    private let shifts: [UInt32]

    /// The sequence in `dimensions` dimensions, unscrambled (`scrambleSeed == nil`) or scrambled from the streams
    /// `search/sobol/scramble/<d>` of `scrambleSeed`, one per dimension d.
    ///
    /// - Throws: `SearchError` when `dimensions` is negative or beyond the 1111 of the table.
    /// - Complexity: O(dimensions · bits) unscrambled, O(dimensions · bits²) scrambled.
    package init(dimensions: Int, scrambleSeed: UInt64? = nil) throws(SearchError) {
        guard let scrambleSeed else {
            try self.init(dimensions: dimensions, scramblings: nil)
            return
        }
        let scramblings = (0..<max(0, dimensions)).map { dimension in
            var generator = SeededGenerator(seed: scrambleSeed, key: "search/sobol/scramble/\(dimension)")
            return Scrambling.random(using: &generator)
        }
        try self.init(dimensions: dimensions, scramblings: scramblings)
    }

    /// The sequence in `dimensions` dimensions, each scrambled by its own `Scrambling` (or none when `nil`).
    ///
    /// - Throws: `SearchError` when `dimensions` is negative or beyond the 1111 of the table, or when the
    ///   scramblings are not one valid `Scrambling` per dimension.
    /// - Complexity: O(dimensions · bits), plus O(dimensions · bits²) to scramble.
    package init(dimensions: Int, scramblings: [Scrambling]?) throws(SearchError) {
        guard dimensions >= 0, dimensions <= SobolDirectionNumbers.dimensions else {
            throw SearchError(
                "the Sobol' sequence has direction numbers for at most \(SobolDirectionNumbers.dimensions) "
                    + "dimensions, not \(dimensions)")
        }
        if let scramblings {
            guard scramblings.count == dimensions else {
                throw SearchError("a Sobol' scrambling for \(scramblings.count) dimensions, not \(dimensions)")
            }
            if let problem = scramblings.lazy.compactMap(\.problem).first { throw SearchError(problem) }
        }
        let bits = SobolSequence.bits
        var directions = [UInt32](repeating: 0, count: dimensions * bits)
        var shifts = [UInt32](repeating: 0, count: dimensions)
        var offset = 0
        for dimension in 0..<dimensions {
            var numbers = SobolSequence.directionNumbers(dimension: dimension, offset: &offset)
            if let scrambling = scramblings?[dimension] {
                numbers = scrambling.apply(to: numbers)
                shifts[dimension] = scrambling.shift
            }
            for j in 0..<bits { directions[dimension * bits + j] = numbers[j] }
        }
        self.dimensions = dimensions
        self.directions = directions
        self.shifts = shifts
    }

    /// The first `count` points, in sequence order.
    ///
    /// - Throws: `SearchError` when `count` is negative or more than the 2³⁰ distinct points.
    /// - Complexity: O(count · dimensions).
    package func points(count: Int) throws(SearchError) -> UnitDesign {
        guard count >= 0, count <= SobolSequence.maximumCount else {
            throw SearchError("the Sobol' sequence has \(SobolSequence.maximumCount) distinct points, not \(count)")
        }
        let dimensions = self.dimensions, bits = SobolSequence.bits
        var coordinates = [Double](repeating: 0, count: count * dimensions)
        guard count > 0, dimensions > 0 else {
            return UnitDesign(count: count, dimensions: dimensions, coordinates: coordinates)
        }
        var state = shifts
        directions.withUnsafeBufferPointer { directions in
            state.withUnsafeMutableBufferPointer { state in
                coordinates.withUnsafeMutableBufferPointer { output in
                    for d in 0..<dimensions { output[d] = Double(state[d]) * 0x1p-30 }
                    for i in 1..<count {
                        // Gray code: point i is point i − 1 with the direction number of i's lowest set bit.
                        let j = i.trailingZeroBitCount
                        let row = i * dimensions
                        for d in 0..<dimensions {
                            state[d] ^= directions[d * bits + j]
                            output[row + d] = Double(state[d]) * 0x1p-30
                        }
                    }
                }
            }
        }
        return UnitDesign(count: count, dimensions: dimensions, coordinates: coordinates)
    }

    /// The 30 low bits.
    static let mask: UInt32 = (1 << UInt32(bits)) - 1

    /// Dimension `dimension`'s direction numbers vⱼ = mⱼ · 2³⁰⁻ʲ (j = 1 … 30, stored from index 0); `offset` is
    /// where its initial numbers start in the table and is advanced past them.
    private static func directionNumbers(dimension: Int, offset: inout Int) -> [UInt32] {
        let bits = SobolSequence.bits
        var m = [UInt32](repeating: 1, count: bits)
        if dimension > 0 {
            let polynomial = UInt32(SobolDirectionNumbers.polynomials[dimension])
            let degree = UInt32.bitWidth - polynomial.leadingZeroBitCount - 1
            for k in 0..<degree { m[k] = UInt32(SobolDirectionNumbers.initialNumbers[offset + k]) }
            offset += degree
            for j in degree..<bits {
                var next = m[j - degree]
                for k in 0..<degree where (polynomial >> UInt32(degree - 1 - k)) & 1 == 1 {
                    next ^= m[j - k - 1] << UInt32(k + 1)
                }
                m[j] = next
            }
        }
        return (0..<bits).map { j in m[j] << UInt32(bits - 1 - j) }
    }
}
