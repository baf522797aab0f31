import Foundation
package import HyperplanCore

/// The values a searched hyperparameter may take, written inline in the experiment file
/// (`{choice: [...]}`, `{uniform: [lo, hi]}`, `{loguniform: [lo, hi]}`, `{int: [lo, hi]}`).
package enum Domain: Sendable, Hashable {
    /// One of the listed literals.
    case choice([ParameterValue])
    /// A real number in [lower, upper]; `grid` gives grid search that many evenly spaced points.
    case uniform(lower: Double, upper: Double, grid: Int?)
    /// A positive real number in [lower, upper], sampled uniformly in log space; grid points are log-spaced.
    case logUniform(lower: Double, upper: Double, grid: Int?)
    /// An integer in [lower, upper], optionally sampled in log space; grid search takes every integer
    /// unless `grid` asks for that many evenly spaced ones.
    case integer(lower: Int, upper: Int, log: Bool, grid: Int?)

    /// The domain names accepted in the file.
    package static let names = ["choice", "uniform", "loguniform", "int"]

    /// The largest integer range grid search enumerates without an explicit `grid:`.
    package static let maximumIntegerGrid = 10_000

    /// Whether grid search can enumerate the domain.
    package var isFinite: Bool { gridValues() != nil }

    /// The points grid search visits, in increasing order (choices in the order written), or `nil` for a
    /// continuous domain without `grid:`.
    package func gridValues() -> [ParameterValue]? {
        switch self {
        case .choice(let values):
            return values
        case .uniform(let lower, let upper, let grid):
            guard let grid else { return nil }
            return Domain.linearPoints(lower, upper, count: grid).map(ParameterValue.double)
        case .logUniform(let lower, let upper, let grid):
            guard let grid else { return nil }
            return Domain.logPoints(lower, upper, count: grid).map(ParameterValue.double)
        case .integer(let lower, let upper, let log, let grid):
            guard let grid else {
                let (span, overflow) = upper.subtractingReportingOverflow(lower)
                guard !overflow, span < Domain.maximumIntegerGrid else { return nil }
                return (lower...upper).map(ParameterValue.int)
            }
            let points =
                log
                ? Domain.logPoints(Double(lower), Double(upper), count: grid)
                : Domain.linearPoints(Double(lower), Double(upper), count: grid)
            var seen = Set<Int>()
            return points.map { Domain.integer(nearest: $0, in: lower...upper) }.filter { seen.insert($0).inserted }
                .map(ParameterValue.int)
        }
    }

    /// A random value from the domain; continuous domains ignore `grid`.
    package func sample(using generator: inout SeededGenerator) -> ParameterValue {
        switch self {
        case .choice(let values):
            return values[generator.nextInt(below: values.count)]
        case .uniform(let lower, let upper, _):
            return .double(min(upper, lower + (upper - lower) * generator.nextUnitInterval()))
        case .logUniform(let lower, let upper, _):
            let logLower = Foundation.log(lower), logUpper = Foundation.log(upper)
            let value = Foundation.exp(logLower + (logUpper - logLower) * generator.nextUnitInterval())
            return .double(min(upper, max(lower, value)))
        case .integer(let lower, let upper, let log, _):
            guard log else {
                // The width as an unsigned count, so that even [Int.min, Int.max] cannot overflow.
                let width = UInt64(bitPattern: Int64(upper &- lower)) &+ 1
                let offset = width == 0 ? generator.next() : generator.nextUInt64(below: width)
                return .int(lower &+ Int(truncatingIfNeeded: offset))
            }
            // Uniform in log space over [lower − ½, upper + ½], then rounded, so each integer gets the
            // share of log space that rounds to it (as Optuna does).
            let logLower = Foundation.log(Double(lower) - 0.5), logUpper = Foundation.log(Double(upper) + 0.5)
            let value = Foundation.exp(logLower + (logUpper - logLower) * generator.nextUnitInterval())
            return .int(Domain.integer(nearest: value, in: lower...upper))
        }
    }

    /// The domain as written, in canonical JSON (for resolved experiments and node IDs).
    package var json: JSONValue {
        switch self {
        case .choice(let values):
            return .object(["choice": .array(values.map(\.json))])
        case .uniform(let lower, let upper, let grid):
            return Domain.rangeJSON("uniform", .double(lower), .double(upper), grid: grid)
        case .logUniform(let lower, let upper, let grid):
            return Domain.rangeJSON("loguniform", .double(lower), .double(upper), grid: grid)
        case .integer(let lower, let upper, let log, let grid):
            var json = Domain.rangeJSON("int", .int(lower), .int(upper), grid: grid)
            if log, case .object(var fields) = json {
                fields["log"] = .bool(true)
                json = .object(fields)
            }
            return json
        }
    }

    private static func rangeJSON(_ name: String, _ lower: JSONValue, _ upper: JSONValue, grid: Int?) -> JSONValue {
        var fields: [String: JSONValue] = [name: .array([lower, upper])]
        if let grid { fields["grid"] = .int(grid) }
        return .object(fields)
    }

    /// The integer nearest `value`, clamped to `range`, without trapping on values beyond `Int`'s range.
    static func integer(nearest value: Double, in range: ClosedRange<Int>) -> Int {
        let rounded = value.rounded()
        if !(rounded > Double(range.lowerBound)) { return range.lowerBound }
        if !(rounded < Double(range.upperBound)) { return range.upperBound }
        return Int(exactly: rounded) ?? range.upperBound
    }

    static func linearPoints(_ lower: Double, _ upper: Double, count: Int) -> [Double] {
        guard count > 1 else { return [lower] }
        return (0..<count).map { index in
            index == count - 1 ? upper : lower + (upper - lower) * Double(index) / Double(count - 1)
        }
    }

    /// Log-spaced points computed in base 10, so decades come out exact (0.001, 0.01, …, 1000).
    static func logPoints(_ lower: Double, _ upper: Double, count: Int) -> [Double] {
        guard count > 1 else { return [lower] }
        let logLower = Foundation.log10(lower), logUpper = Foundation.log10(upper)
        return (0..<count).map { index in
            if index == 0 { return lower }
            if index == count - 1 { return upper }
            return Foundation.pow(10, logLower + (logUpper - logLower) * Double(index) / Double(count - 1))
        }
    }
}
