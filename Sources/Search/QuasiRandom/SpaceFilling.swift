/// Measures of how evenly a design fills the unit cube: the centered L2 discrepancy (lower is more uniform) and
/// the smallest distance between two points (larger is better spread, the maximin criterion).
package enum SpaceFilling {
    /// The squared centered L2 discrepancy of Hickernell (1998), as `scipy.stats.qmc.discrepancy(method="CD")`
    /// returns it:
    ///
    ///     CD² = (13/12)ᵈ − (2/n) Σᵢ Πₖ (1 + ½|xᵢₖ − ½| − ½|xᵢₖ − ½|²)
    ///           + (1/n²) Σᵢ Σⱼ Πₖ (1 + ½|xᵢₖ − ½| + ½|xⱼₖ − ½| − ½|xᵢₖ − xⱼₖ|)
    ///
    /// It is the L2 norm, over all boxes with a corner at the cube's centre and one at a vertex (and their
    /// projections), of the difference between each box's volume and the share of points inside it. The terms
    /// are summed in point order, so the result is reproducible for a given build.
    ///
    /// - Complexity: O(n² · d).
    package static func centeredDiscrepancy(of design: UnitDesign) -> Double {
        let n = design.count, d = design.dimensions
        guard n > 0 else { return 0 }
        var single = 0.0, pairs = 0.0
        design.coordinates.withUnsafeBufferPointer { x in
            for i in 0..<n {
                var product = 1.0
                for k in 0..<d {
                    let a = abs(x[i * d + k] - 0.5)
                    product *= 1 + 0.5 * a - 0.5 * a * a
                }
                single += product
            }
            for i in 0..<n {
                for j in 0..<n {
                    var product = 1.0
                    for k in 0..<d {
                        let xi = x[i * d + k], xj = x[j * d + k]
                        product *= 1 + 0.5 * abs(xi - 0.5) + 0.5 * abs(xj - 0.5) - 0.5 * abs(xi - xj)
                    }
                    pairs += product
                }
            }
        }
        var volume = 1.0
        for _ in 0..<d { volume *= 13.0 / 12.0 }
        return volume - 2 / Double(n) * single + pairs / (Double(n) * Double(n))
    }

    /// The smallest Euclidean distance between two distinct points of the design (in unit coordinates), or
    /// `+∞` for fewer than two points.
    ///
    /// With `stoppingAt`, the search stops as soon as it finds two points at most that far apart and returns
    /// their distance: enough to tell that the design does not beat one whose smallest distance is `stoppingAt`.
    ///
    /// - Complexity: O(n² · d).
    package static func minimumDistance(of design: UnitDesign, stoppingAt bound: Double = 0) -> Double {
        let n = design.count, d = design.dimensions
        guard n > 1 else { return .infinity }
        let boundSquared = bound * bound
        var smallest = Double.infinity
        design.coordinates.withUnsafeBufferPointer { x in
            search: for i in 0..<n {
                for j in (i + 1)..<n {
                    var squared = 0.0
                    for k in 0..<d {
                        let difference = x[i * d + k] - x[j * d + k]
                        squared += difference * difference
                    }
                    if squared < smallest {
                        smallest = squared
                        if smallest <= boundSquared { break search }
                    }
                }
            }
        }
        return smallest.squareRoot()
    }
}
