import HyperplanCore

/// A stable sort of 64-bit entries by a rank held in their upper 32 bits (the lower bits carry a payload).
enum RankSort {
    /// Histogram entries `sort` needs: at most three passes of 11 bits, or five narrower ones.
    static let histogramCapacity = 3 << 11

    /// Below this many entries an insertion sort is faster than counting.
    static let insertionLimit = 24

    /// A key whose unsigned order is the order of the single-precision values (for finite values).
    @inline(__always)
    static func orderKey(_ value: Float) -> UInt32 {
        let bits = value.bitPattern
        return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    }

    /// Sorts `count` entries of `source` by their rank minus `low`, each in `0...span`; the order of equal
    /// ranks is kept. Returns the buffer holding the result: `source` or `scratch`.
    ///
    /// - Complexity: O(count × passes) with ⌈bits(span) / 11⌉ counting passes, or O(count²) for tiny inputs.
    @inline(__always)
    static func sort(
        _ source: UnsafeMutablePointer<UInt64>, scratch: UnsafeMutablePointer<UInt64>, count: Int, low: UInt32,
        span: UInt32, histogram: UnsafeMutablePointer<Int>
    ) -> UnsafeMutablePointer<UInt64> {
        if count <= insertionLimit {
            // Entries are distinct (the payloads differ) and the payloads ascend, so comparing whole entries
            // keeps equal ranks in payload order, as the counting passes do.
            var index = 1
            while index < count {
                let entry = source[index]
                var hole = index
                while hole > 0, source[hole - 1] > entry {
                    source[hole] = source[hole - 1]
                    hole -= 1
                }
                source[hole] = entry
                index += 1
            }
            return source
        }
        let bits = span == 0 ? 0 : UInt32.bitWidth - span.leadingZeroBitCount
        if bits == 0 { return source }
        // Fewest passes of at most 11 bits, or more passes of narrower digits when that costs less: each pass
        // clears and sums its 2^digitBits counters and moves every entry.
        var passes = (bits + 10) / 11
        var cost = passes * ((1 << ((bits + passes - 1) / passes)) + 3 * count)
        for more in (passes + 1)..<(passes + 3) where more <= bits {
            let moreCost = more * ((1 << ((bits + more - 1) / more)) + 3 * count)
            if moreCost < cost {
                passes = more
                cost = moreCost
            }
        }
        let digitBits = (bits + passes - 1) / passes
        let buckets = 1 << digitBits
        let mask = UInt32(buckets - 1)
        histogram.update(repeating: 0, count: passes * buckets)
        for index in 0..<count {
            var key = UInt32(truncatingIfNeeded: source[index] >> 32) &- low
            var pass = 0
            while pass < passes {
                histogram[pass &* buckets &+ Int(key & mask)] &+= 1
                key >>= UInt32(digitBits)
                pass &+= 1
            }
        }
        var from = source
        var to = scratch
        for pass in 0..<passes {
            let counts = histogram + pass * buckets
            var total = 0
            var single = false
            for bucket in 0..<buckets {
                let size = counts[bucket]
                if size == count { single = true }
                counts[bucket] = total
                total &+= size
            }
            if single { continue }
            let shift = UInt32(pass * digitBits)
            for index in 0..<count {
                let entry = from[index]
                let digit = Int(((UInt32(truncatingIfNeeded: entry >> 32) &- low) >> shift) & mask)
                to[counts[digit]] = entry
                counts[digit] &+= 1
            }
            swap(&from, &to)
        }
        return from
    }
}
