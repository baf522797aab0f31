import Foundation
import HyperplanCore

/// A search space as a box of unit coordinates, the common ground of the model-based and evolutionary
/// strategies (`tpe`, `evolution`, `cmaes`).
///
/// Each dimension becomes one coordinate:
/// - continuous: the position in [0, 1] of `Domain.value(atUnit:)` (log space for `loguniform`);
/// - integer: the position of the integer itself in the cover [lo − ½, hi + ½] (log space for log integers,
///   where the integer n sits at log n, as Optuna places its kernels), with the
///   integer's cell [n − ½, n + ½] in the same coordinates given by `cell(at:dimension:)`;
/// - categorical: the index of the value, as a `Double`;
/// - fixed (a zero-width range, a single integer, a single choice): always 0, and excluded from every model.
package struct UnitCoordinates: Sendable {
    package enum Kind: Sendable, Hashable {
        case fixed
        case continuous
        case integer
        case categorical(count: Int)

        /// Whether the coordinate has an order (continuous or integer).
        package var isOrdered: Bool { self == .continuous || self == .integer }
    }

    package let space: SearchSpace
    /// One kind per dimension, in the space's order.
    package let kinds: [Kind]

    package init(_ space: SearchSpace) {
        self.space = space
        kinds = space.dimensions.map { dimension in
            switch dimension.domain {
            case .choice(let values): return values.count > 1 ? .categorical(count: values.count) : .fixed
            case .uniform(let lower, let upper, _), .logUniform(let lower, let upper, _):
                return upper > lower ? .continuous : .fixed
            case .integer(let lower, let upper, _, _): return upper > lower ? .integer : .fixed
            }
        }
    }

    /// The dimensions that take part in models: every one that is not fixed.
    package var searchedDimensions: [Int] { kinds.indices.filter { kinds[$0] != .fixed } }

    /// The dimensions with an order (continuous and integer), which CMA-ES and mutation move in.
    package var orderedDimensions: [Int] {
        kinds.indices.filter { kinds[$0].isOrdered }
    }

    /// The coordinates of a configuration, or `nil` when it is not a point of the space (a value missing or
    /// outside its domain). A conditional dimension the configuration does not have gets NaN.
    package func coordinates(of configuration: Configuration) -> [Double]? {
        var result = [Double](repeating: 0, count: kinds.count)
        let active = space.isConditional ? space.activity(of: configuration) : []
        for (index, dimension) in space.dimensions.enumerated() {
            if !active.isEmpty, !active[index] {
                guard configuration[dimension.name] == nil else { return nil }
                result[index] = .nan
                continue
            }
            guard let value = configuration[dimension.name] else { return nil }
            switch (kinds[index], dimension.domain) {
            case (.fixed, _):
                result[index] = 0
            case (.categorical, .choice(let values)):
                guard let position = values.firstIndex(of: value) else { return nil }
                result[index] = Double(position)
            case (.integer, .integer(let lower, let upper, let log, _)):
                guard case .int(let n) = value, n >= lower, n <= upper else { return nil }
                result[index] = Self.integerCoordinate(n, lower: lower, upper: upper, log: log)
            default:
                guard let unit = dimension.domain.unit(of: value) else { return nil }
                result[index] = unit
            }
        }
        return result
    }

    /// The configuration at `coordinates` (one per dimension; categorical indices are clamped). Conditional
    /// dimensions whose condition fails are left out, whatever their coordinate; a NaN coordinate of one that
    /// exists reads as the middle of its range (the first choice).
    package func configuration(at coordinates: [Double]) -> Configuration {
        space.configuration(values: space.dimensions.indices.map { value(at: coordinates[$0], dimension: $0) })
    }

    /// Which dimensions exist at `coordinates` (only the parents' coordinates are read).
    package func activity(at coordinates: [Double]) -> [Bool] {
        guard space.isConditional else { return [Bool](repeating: true, count: kinds.count) }
        return space.activity { value(at: coordinates[$0], dimension: $0) }
    }

    /// The value of dimension `index` at unit coordinate `u`.
    private func value(at u: Double, dimension index: Int) -> ParameterValue {
        let domain = space.dimensions[index].domain
        if case .categorical(let count) = kinds[index], case .choice(let values) = domain {
            return values[u.isNaN ? 0 : Int(min(Double(count - 1), max(0, u)))]
        }
        return domain.value(atUnit: u.isNaN ? 0.5 : u)
    }

    /// The coordinate of the integer nearest unit position `u` of integer dimension `index`.
    package func roundedInteger(_ u: Double, dimension index: Int) -> Double {
        guard case .integer(let lower, let upper, let log, _) = space.dimensions[index].domain,
            case .int(let n) = space.dimensions[index].domain.value(atUnit: u)
        else { return u }
        return Self.integerCoordinate(n, lower: lower, upper: upper, log: log)
    }

    /// The cell [n − ½, n + ½] of the integer at `coordinate` of dimension `index`, in unit coordinates
    /// ([log(n − ½), log(n + ½)] mapped for log integers, which is not centred on log n). For linear integers
    /// the cell is the coordinate ± half of 1/(hi − lo + 1), which stays exact even for 2⁶⁴-wide ranges.
    package func cell(at coordinate: Double, dimension index: Int) -> (lower: Double, upper: Double) {
        guard case .integer(let lower, let upper, let log, _) = space.dimensions[index].domain else {
            return (coordinate, coordinate)
        }
        guard log else {
            let half = 0.5 / (Double(upper) - Double(lower) + 1)
            return (coordinate - half, coordinate + half)
        }
        let (low, high) = (Foundation.log(Double(lower) - 0.5), Foundation.log(Double(upper) + 0.5))
        let n = Foundation.exp(low + (high - low) * coordinate).rounded()
        return ((Foundation.log(n - 0.5) - low) / (high - low), (Foundation.log(n + 0.5) - low) / (high - low))
    }

    /// A uniformly random configuration from trial `trial`'s stream of random search, so that the random
    /// start of an adaptive strategy is exactly `strategy: random`'s first trials.
    package static func randomConfiguration(in space: SearchSpace, trial: Int, seed: UInt64) -> Configuration {
        var generator = SeededGenerator(seed: seed, key: "search/random/\(trial)")
        return space.sample(using: &generator)
    }

    private static func integerCoordinate(_ n: Int, lower: Int, upper: Int, log: Bool) -> Double {
        let low = Double(lower) - 0.5, high = Double(upper) + 0.5
        guard log else { return (Double(n) - low) / (high - low) }
        let logLow = Foundation.log(low)
        return (Foundation.log(Double(n)) - logLow) / (Foundation.log(high) - logLow)
    }
}
