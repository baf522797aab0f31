import HyperplanCore

/// A set of points in the unit cube [0, 1)ᵈ, one coordinate per dimension of a search space: what quasi-random
/// strategies build before mapping each coordinate to a value with `Domain.value(atUnit:)`.
///
/// Coordinates are stored row-major in one flat buffer: point i's coordinate along dimension k is
/// `coordinates[i * dimensions + k]`.
package struct UnitDesign: Sendable, Hashable {
    /// The number of points.
    package let count: Int
    /// The number of coordinates of each point.
    package let dimensions: Int
    /// `count × dimensions` coordinates, row-major.
    package var coordinates: [Double]

    /// A design from row-major coordinates.
    ///
    /// - Precondition: `coordinates.count == count * dimensions`.
    package init(count: Int, dimensions: Int, coordinates: [Double]) {
        precondition(coordinates.count == count * dimensions, "a design needs count × dimensions coordinates")
        self.count = count
        self.dimensions = dimensions
        self.coordinates = coordinates
    }

    /// The coordinate of point `point` along dimension `dimension`.
    package subscript(point: Int, dimension: Int) -> Double { coordinates[point * dimensions + dimension] }

    /// Point `index` as an array of coordinates.
    package func point(_ index: Int) -> [Double] {
        Array(coordinates[index * dimensions..<(index + 1) * dimensions])
    }

    /// The coordinates of every point along `dimension`, in point order.
    package func column(_ dimension: Int) -> [Double] {
        (0..<count).map { coordinates[$0 * dimensions + dimension] }
    }

    /// The first `prefix` points.
    package func prefix(_ prefix: Int) -> UnitDesign {
        let kept = min(prefix, count)
        return UnitDesign(
            count: kept, dimensions: dimensions, coordinates: Array(coordinates[0..<kept * dimensions]))
    }

    /// One configuration per point: dimension k of the space takes the value of its domain at coordinate k (a
    /// conditional dimension only where its condition holds; its coordinate is unused elsewhere).
    ///
    /// - Precondition: `space.dimensions.count == dimensions`.
    package func configurations(in space: SearchSpace) -> [Configuration] {
        precondition(space.dimensions.count == dimensions, "the design and the space have different dimensions")
        return (0..<count).map { point in
            space.configuration(
                values: space.dimensions.indices.map { k in
                    space.dimensions[k].domain.value(atUnit: coordinates[point * dimensions + k])
                })
        }
    }
}
