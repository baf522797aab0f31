package import HyperplanCore

/// How Bayesian optimisation sees a search space: each configuration as a point of a unit cube.
///
/// A continuous or integer dimension is one column, its position `Domain.unit(of:)` (in log space for log
/// domains). A categorical dimension of k values is a one-hot block of k columns. Dimensions with a single
/// value (one choice, lower == upper) are left out: they cannot matter. Integer columns only ever hold the
/// centre of an integer's cell (`snap`), so the model never sees two points between the same integers as
/// different (Garrido-Merchán & Hernández-Lobato 2020); categorical blocks only ever hold a one-hot vertex.
package struct SpaceEncoding: Sendable {
    /// One modelled dimension: its length-scale group and columns.
    package struct Group: Sendable {
        package enum Kind: Sendable, Hashable {
            case continuous
            case integer(lower: Int, upper: Int)
            case categorical(count: Int)
        }

        /// The index of the dimension in the search space.
        package var dimension: Int
        package var firstColumn: Int
        package var kind: Kind
        package var domain: Domain

        package var width: Int {
            if case .categorical(let count) = kind { return count }
            return 1
        }
    }

    package let space: SearchSpace
    package let groups: [Group]
    /// The group of each column.
    package let columnGroups: [Int]
    /// The columns of continuous dimensions, the ones gradient-based local search moves.
    package let continuousColumns: [Int]

    package var columnCount: Int { columnGroups.count }

    package init(_ space: SearchSpace) {
        self.space = space
        var groups: [Group] = []
        var columnGroups: [Int] = []
        var continuousColumns: [Int] = []
        for (index, dimension) in space.dimensions.enumerated() {
            let domain = dimension.domain
            let kind: Group.Kind
            switch domain {
            case .choice(let values):
                guard values.count > 1 else { continue }
                kind = .categorical(count: values.count)
            case .uniform(let lower, let upper, _), .logUniform(let lower, let upper, _):
                guard upper > lower else { continue }
                kind = .continuous
                continuousColumns.append(columnGroups.count)
            case .integer(let lower, let upper, _, _):
                guard upper > lower else { continue }
                kind = .integer(lower: lower, upper: upper)
            }
            let group = Group(dimension: index, firstColumn: columnGroups.count, kind: kind, domain: domain)
            columnGroups += [Int](repeating: groups.count, count: group.width)
            groups.append(group)
        }
        self.groups = groups
        self.columnGroups = columnGroups
        self.continuousColumns = continuousColumns
    }

    /// The point of `configuration`, or `nil` when one of its values is missing or outside its domain. The
    /// columns of a conditional dimension the configuration does not have stay 0.
    package func encode(_ configuration: Configuration) -> [Double]? {
        var point = [Double](repeating: 0, count: columnCount)
        let active = space.isConditional ? space.activity(of: configuration) : []
        for group in groups {
            if !active.isEmpty, !active[group.dimension] { continue }
            let name = space.dimensions[group.dimension].name
            let entries = configuration.entries
            let value =
                group.dimension < entries.count && entries[group.dimension].name == name
                ? entries[group.dimension].value : configuration[name]
            guard let value, let u = group.domain.unit(of: value) else { return nil }
            if case .categorical(let count) = group.kind {
                point[group.firstColumn + min(count - 1, Int(u * Double(count)))] = 1
            } else {
                point[group.firstColumn] = u
            }
        }
        return point
    }

    /// Moves integer columns to their integer's cell centre and makes each categorical block one-hot at its
    /// largest entry (the first on ties).
    package func snap(_ point: inout [Double]) {
        for group in groups {
            switch group.kind {
            case .continuous:
                point[group.firstColumn] = min(1, max(0, point[group.firstColumn]))
            case .integer:
                let column = group.firstColumn
                point[column] = group.domain.unit(of: group.domain.value(atUnit: point[column])) ?? point[column]
            case .categorical(let count):
                var chosen = 0
                for k in 1..<count where point[group.firstColumn + k] > point[group.firstColumn + chosen] {
                    chosen = k
                }
                for k in 0..<count { point[group.firstColumn + k] = k == chosen ? 1 : 0 }
            }
        }
        project(&point)
    }

    /// The integer at an integer group's column.
    package func integer(of group: Group, in point: [Double]) -> Int {
        group.domain.value(atUnit: point[group.firstColumn]).intValue ?? 0
    }

    /// The cell centre of `value` in an integer group (clamped to the domain).
    package func unit(ofInteger value: Int, in group: Group) -> Double {
        guard case .integer(let lower, let upper) = group.kind else { return 0.5 }
        return group.domain.unit(of: .int(min(upper, max(lower, value)))) ?? 0.5
    }

    /// A uniformly random point of the cube, snapped.
    package func randomPoint(using generator: inout SeededGenerator) -> [Double] {
        var point = [Double](repeating: 0, count: columnCount)
        for group in groups {
            if case .categorical(let count) = group.kind {
                point[group.firstColumn + generator.nextInt(below: count)] = 1
            } else {
                point[group.firstColumn] = generator.nextUnitInterval()
            }
        }
        snap(&point)
        return point
    }

    /// The configuration at a snapped point; dimensions left out of the model take their only value, and
    /// conditional dimensions whose condition fails are left out.
    package func configuration(at point: [Double]) -> Configuration {
        space.configuration(values: values(at: point))
    }

    /// Every dimension's value at `point` (inactive ones included).
    private func values(at point: [Double]) -> [ParameterValue] {
        var values = space.dimensions.map { $0.domain.value(atUnit: 0.5) }
        for group in groups {
            if case .categorical(let count) = group.kind {
                var chosen = 0
                for k in 1..<count where point[group.firstColumn + k] > point[group.firstColumn + chosen] {
                    chosen = k
                }
                values[group.dimension] = group.domain.value(atUnit: (Double(chosen) + 0.5) / Double(count))
            } else {
                values[group.dimension] = group.domain.value(atUnit: point[group.firstColumn])
            }
        }
        return values
    }

    /// Whether each group's dimension exists at `point` (all of them in an unconditional space).
    package func activeGroups(at point: [Double]) -> [Bool] {
        guard space.isConditional else { return [Bool](repeating: true, count: groups.count) }
        let values = values(at: point)
        let active = space.activity { values[$0] }
        return groups.map { active[$0.dimension] }
    }

    /// Sets the columns of conditional dimensions that do not exist at `point` to 0, the value every
    /// observation without them has, so the model sees one point per configuration.
    package func project(_ point: inout [Double]) {
        guard space.isConditional else { return }
        for (group, active) in zip(groups, activeGroups(at: point)) where !active {
            for k in 0..<group.width { point[group.firstColumn + k] = 0 }
        }
    }
}
