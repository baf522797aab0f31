import HyperplanCore

/// Latin hypercube designs: n points in the unit cube such that, along every dimension, each of the n equal
/// slices [s/n, (s+1)/n) holds exactly one point.
///
/// Dimension k of candidate design c draws from the stream `search/latin_hypercube/<c>/<k>` of the seed: a uniformly
/// random permutation π of the slices (point i goes to slice π(i)), then, unless the design is centered, one
/// uniform offset uᵢ ∈ [0, 1) per point, giving the coordinate (π(i) + uᵢ)/n; centered designs use uᵢ = ½. This is
/// McKay, Beckman and Conover's (1979) construction and SciPy's `LatinHypercube(scramble=not centered)`, though
/// SciPy draws from NumPy's generator, so the designs are not SciPy's. Every coordinate depends on n, so a design
/// of n + 1 points shares nothing with one of n points.
package enum LatinHypercube {
    /// Candidate design `candidate` of `count` points.
    ///
    /// - Complexity: O(count · dimensions).
    package static func design(count: Int, dimensions: Int, centered: Bool, seed: UInt64, candidate: Int = 0)
        -> UnitDesign
    {
        var coordinates = [Double](repeating: 0, count: count * dimensions)
        let n = Double(count)
        for k in 0..<dimensions {
            var generator = SeededGenerator(seed: seed, key: "search/latin_hypercube/\(candidate)/\(k)")
            let slices = generator.permutation(count: count)
            for i in 0..<count {
                let offset = centered ? 0.5 : generator.nextUnitInterval()
                // s + u can round up to s + 1 when u is within an ulp of 1; keep it in its own slice.
                let position = min(Double(slices[i]) + offset, Double(slices[i] + 1).nextDown)
                coordinates[i * dimensions + k] = position / n
            }
        }
        return UnitDesign(count: count, dimensions: dimensions, coordinates: coordinates)
    }

    /// The most widely spread of `candidates` designs: the candidate whose two closest points are farthest apart
    /// (Euclidean distance in unit coordinates), the earliest candidate on ties.
    ///
    /// Candidate 0 is the design that `design(count:dimensions:centered:seed:)` gives, so the chosen design is
    /// never worse by this criterion. Each candidate after the first stops measuring as soon as two of its points
    /// are no farther apart than the best candidate's closest pair.
    ///
    /// - Complexity: O(candidates · count² · dimensions) at worst.
    package static func maximinDesign(
        count: Int, dimensions: Int, centered: Bool, seed: UInt64, candidates: Int
    ) -> UnitDesign {
        var best = design(count: count, dimensions: dimensions, centered: centered, seed: seed, candidate: 0)
        var bestDistance = SpaceFilling.minimumDistance(of: best)
        for candidate in 1..<max(1, candidates) {
            let next = design(
                count: count, dimensions: dimensions, centered: centered, seed: seed, candidate: candidate)
            let distance = SpaceFilling.minimumDistance(of: next, stoppingAt: bestDistance)
            if distance > bestDistance {
                best = next
                bestDistance = distance
            }
        }
        return best
    }

    /// The number of squared-difference terms `maximinDesign` computes at worst:
    /// candidates · count(count − 1)/2 · dimensions, saturating at `Int.max`.
    package static func maximinWork(count: Int, dimensions: Int, candidates: Int) -> Int {
        let pairs = count.multipliedReportingOverflow(by: count - 1)
        let perCandidate = (pairs.partialValue / 2).multipliedReportingOverflow(by: max(1, dimensions))
        let total = perCandidate.partialValue.multipliedReportingOverflow(by: candidates)
        return pairs.overflow || perCandidate.overflow || total.overflow ? Int.max : total.partialValue
    }
}
