import Foundation

/// The distance a neighbour search ranks training rows by.
///
/// Minkowski distances with p = 1 and p = 2 are `manhattan` and `euclidean`, as scikit-learn maps them.
enum NeighborMetric: Sendable, Hashable {
    case euclidean
    case manhattan
    /// (Σ |x − y|ᵖ)^(1/p) for a finite p ≥ 1 other than 1 and 2.
    case minkowski(Double)

    init(name: String, p: Double) {
        switch name {
        case "euclidean": self = .euclidean
        case "manhattan": self = .manhattan
        default: self = p == 1 ? .manhattan : p == 2 ? .euclidean : .minkowski(p)
        }
    }

    /// The metric's name in a saved model: `euclidean`, `manhattan` or `minkowski` (with its power).
    var name: String {
        switch self {
        case .euclidean: return "euclidean"
        case .manhattan: return "manhattan"
        case .minkowski: return "minkowski"
        }
    }

    /// The distance from a reduced distance (squared for euclidean, the pᵗʰ power for minkowski).
    func distance(fromReduced reduced: Double) -> Double {
        switch self {
        case .euclidean: return reduced.squareRoot()
        case .manhattan: return reduced
        case .minkowski(let p): return Foundation.pow(reduced, 1 / p)
        }
    }
}
