package import HyperplanCore

/// Conditional dimensions: which dimensions a configuration has, and the walks over the space that depend on
/// it (random draws, the grid).
///
/// A condition names an earlier `choice` dimension, so walking the dimensions in order always knows the
/// parent's value before the child is reached; a dimension whose parent does not exist does not exist either.
extension SearchSpace {
    /// Whether any dimension is conditional.
    package var isConditional: Bool { dimensions.contains { $0.condition != nil } }

    /// The index of each dimension's parent, `nil` for unconditional dimensions (and for a parent that is not an
    /// earlier dimension, which the spec never produces; such a dimension never exists).
    package var parentIndices: [Int?] {
        var positions: [String: Int] = [:]
        return dimensions.enumerated().map { index, dimension in
            defer { positions[dimension.name] = index }
            return dimension.condition.map { positions[$0.parent] ?? -1 }
        }
    }

    /// Which dimensions exist, given each dimension's value (only parents' values are read; `value(i)` may
    /// return anything for the others).
    package func activity(_ value: (Int) -> ParameterValue?) -> [Bool] {
        let parents = parentIndices
        var active = [Bool](repeating: true, count: dimensions.count)
        for index in dimensions.indices {
            let holds = conditionHolds(index, parent: parents[index]) { active[$0] ? value($0) : nil }
            active[index] = holds
        }
        return active
    }

    /// Whether dimension `index` exists, given the values of the dimensions before it (`value(j)` is `nil` when
    /// dimension j does not exist). The one place the rule is written: no condition, or a parent that exists
    /// and takes one of the condition's values.
    private func conditionHolds(_ index: Int, parent: Int?, value: (Int) -> ParameterValue?) -> Bool {
        guard let condition = dimensions[index].condition else { return true }
        guard let parent, parent >= 0, let parentValue = value(parent) else { return false }
        return condition.values.contains(parentValue)
    }

    /// Which dimensions `configuration` has, by its parents' values.
    package func activity(of configuration: Configuration) -> [Bool] {
        activity { configuration[dimensions[$0].name] }
    }

    /// `values` (one per dimension, in order) as a configuration of the dimensions that exist at that point.
    package func configuration(values: [ParameterValue]) -> Configuration {
        let active = activity { values[$0] }
        return Configuration(
            dimensions.indices.filter { active[$0] }.map {
                Configuration.Entry(name: dimensions[$0].name, value: values[$0])
            })
    }

    /// The problem with `configuration` as a point of this space: a dimension it should have and lacks, one it
    /// has but should not, or a value outside its domain; `nil` when it belongs to the space.
    package func problem(with configuration: Configuration) -> String? {
        let active = activity(of: configuration)
        for (index, dimension) in dimensions.enumerated() {
            let value = configuration[dimension.name]
            switch (active[index], value) {
            case (true, nil): return "no value for '\(dimension.name)'"
            case (false, _?): return "'\(dimension.name)' does not apply to this configuration"
            case (true, let value?) where dimension.domain.unit(of: value) == nil:
                return "\(value) is outside the domain of '\(dimension.name)'"
            default: continue
            }
        }
        let names = Set(dimensions.map(\.name))
        if let unknown = configuration.entries.first(where: { !names.contains($0.name) }) {
            return "'\(unknown.name)' is not a searched hyperparameter"
        }
        return nil
    }

    /// Independent draws from the dimensions that exist, in order, each from its domain (log-uniform for log
    /// domains); an unconditional space takes one draw per dimension, as it always has.
    package func sample(using generator: inout SeededGenerator) -> Configuration {
        let parents = parentIndices
        var values: [ParameterValue?] = []
        values.reserveCapacity(dimensions.count)
        for (index, dimension) in dimensions.enumerated() {
            let exists = conditionHolds(index, parent: parents[index]) { values[$0] }
            values.append(exists ? dimension.domain.sample(using: &generator) : nil)
        }
        return Configuration(
            zip(dimensions, values).compactMap { dimension, value in
                value.map { Configuration.Entry(name: dimension.name, value: $0) }
            })
    }

    /// The number of grid points, or `nil` when some dimension is continuous without `grid:`. A conditional
    /// dimension multiplies only the points where it exists. Saturates at `Int.max` rather than overflowing.
    package var gridSize: Int? {
        var axes: [[ParameterValue]] = []
        for dimension in dimensions {
            guard let values = dimension.domain.gridValues() else { return nil }
            axes.append(values)
        }
        return gridCount(from: 0, axes: axes, parents: parentIndices, values: [])
    }

    /// Points of the grid from dimension `index` on, given the earlier dimensions' `values` (nil: absent).
    /// Only parents are branched on; every other dimension multiplies.
    private func gridCount(from index: Int, axes: [[ParameterValue]], parents: [Int?], values: [ParameterValue?])
        -> Int
    {
        guard index < dimensions.count else { return 1 }
        let isParent = parents[(index + 1)...].contains(index)
        var values = values
        guard conditionHolds(index, parent: parents[index], value: { values[$0] }) else {
            values.append(nil)
            return gridCount(from: index + 1, axes: axes, parents: parents, values: values)
        }
        guard isParent else {
            values.append(nil)
            let (product, overflow) = axes[index].count.multipliedReportingOverflow(
                by: gridCount(from: index + 1, axes: axes, parents: parents, values: values))
            return overflow ? Int.max : product
        }
        var total = 0
        for value in axes[index] {
            let (sum, overflow) = total.addingReportingOverflow(
                gridCount(from: index + 1, axes: axes, parents: parents, values: values + [value]))
            total = overflow ? Int.max : sum
        }
        return total
    }

    /// Every grid point, the first dimension varying slowest; conditional dimensions only where they exist.
    package func gridConfigurations(axes: [[ParameterValue]]) -> [Configuration] {
        let parents = parentIndices
        var result: [Configuration] = []
        var values: [ParameterValue?] = []
        func walk(_ index: Int) {
            guard index < dimensions.count else {
                result.append(
                    Configuration(
                        zip(dimensions, values).compactMap { dimension, value in
                            value.map { Configuration.Entry(name: dimension.name, value: $0) }
                        }))
                return
            }
            guard conditionHolds(index, parent: parents[index], value: { values[$0] }) else {
                values.append(nil)
                walk(index + 1)
                values.removeLast()
                return
            }
            for value in axes[index] {
                values.append(value)
                walk(index + 1)
                values.removeLast()
            }
        }
        walk(0)
        return result
    }
}
