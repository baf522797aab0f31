package import HyperplanCore

/// Every combination of every dimension's grid points, the first dimension varying slowest. A conditional
/// dimension is combined only with the choices it belongs to (each model block's own grid).
package struct GridSearch: PlannedSearch {
    package static let name = "grid"
    package static let summary = "every combination of the grid points of every dimension"
    package static let schema = OptionSchema([])
    package static let needsFiniteSpace = true
    /// Grids larger than this are refused: an exhaustive search that size is a mistake, not a plan.
    package static let maximumSize = 1_000_000

    package init(options: Hyperparameters) {}

    package func proposals(for space: SearchSpace, seed: UInt64) throws(SearchError) -> [Configuration] {
        var axes: [[ParameterValue]] = []
        for dimension in space.dimensions {
            guard let values = dimension.domain.gridValues() else {
                throw SearchError("grid search needs a finite domain for '\(dimension.name)'")
            }
            axes.append(values)
        }
        guard let size = space.gridSize, size <= GridSearch.maximumSize else {
            throw SearchError("the grid has more than \(GridSearch.maximumSize) points")
        }
        return space.gridConfigurations(axes: axes)
    }
}
