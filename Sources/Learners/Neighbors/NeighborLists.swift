/// The k nearest training rows of each query row, nearest first.
struct NeighborLists: Sendable {
    var queryCount: Int
    var k: Int
    /// Training row indices, `queryCount × k` row-major.
    var indices: [Int]
    /// The distances of those rows, in the same layout.
    var distances: [Double]
}
