package import HyperplanCore

extension SobolSequence {
    /// One dimension's LMS+shift scrambling: a 30 × 30 lower-triangular bit matrix L with a unit diagonal and a
    /// 30-bit digital shift e.
    ///
    /// Bits are numbered from the most significant (position 0 has weight 2²⁹). Row p of L is stored as a mask
    /// whose bit of weight 2²⁹⁻ⁱ is L[p][i]: its own bit 2²⁹⁻ᵖ (the diagonal) is set and only more significant
    /// bits may be. Scrambling maps every direction number v to L·v over GF(2), whose bit p is the parity of
    /// (row p) ∧ v, so a digit of a coordinate is changed only by the digits before it; the points are then XORed
    /// with e. This is SciPy's `_cscramble` with its `ltm[d]` as the rows and `_shift[d]` as e.
    package struct Scrambling: Sendable, Hashable {
        /// The 30 rows of L, as masks.
        package var rows: [UInt32]
        /// The digital shift e: point 0's integer coordinate.
        package var shift: UInt32

        package init(rows: [UInt32], shift: UInt32) {
            self.rows = rows
            self.shift = shift
        }

        /// A uniformly random scrambling: each bit of L below the diagonal and each bit of e is a fair coin.
        package static func random(using generator: inout SeededGenerator) -> Scrambling {
            let rows = (0..<SobolSequence.bits).map { p in
                let diagonal = Scrambling.diagonal(p)
                return diagonal | (UInt32(truncatingIfNeeded: generator.next() >> 32) & Scrambling.above(diagonal))
            }
            let shift = UInt32(truncatingIfNeeded: generator.next() >> 32) & SobolSequence.mask
            return Scrambling(rows: rows, shift: shift)
        }

        /// Why the scrambling is not lower-triangular with a unit diagonal, or `nil` when it is.
        var problem: String? {
            guard rows.count == SobolSequence.bits else {
                return "a Sobol' scrambling matrix has \(SobolSequence.bits) rows, not \(rows.count)"
            }
            for (p, row) in rows.enumerated() {
                let diagonal = Scrambling.diagonal(p)
                if row & diagonal == 0 || row & ~(diagonal | Scrambling.above(diagonal)) != 0 {
                    return "row \(p) of a Sobol' scrambling matrix is not lower-triangular with a unit diagonal"
                }
            }
            return shift & ~SobolSequence.mask == 0 ? nil : "a Sobol' shift has more than \(SobolSequence.bits) bits"
        }

        /// L·v for every direction number v.
        ///
        /// - Complexity: O(numbers · bits).
        func apply(to numbers: [UInt32]) -> [UInt32] {
            numbers.map { v in
                var scrambled: UInt32 = 0
                for (p, row) in rows.enumerated() where (row & v).nonzeroBitCount & 1 == 1 {
                    scrambled |= Scrambling.diagonal(p)
                }
                return scrambled
            }
        }

        /// The mask of bit position p (weight 2²⁹⁻ᵖ).
        private static func diagonal(_ p: Int) -> UInt32 { 1 << UInt32(SobolSequence.bits - 1 - p) }

        /// The bits more significant than `diagonal`, within the 30 bits.
        private static func above(_ diagonal: UInt32) -> UInt32 { SobolSequence.mask & ~(diagonal | (diagonal - 1)) }
    }
}
