import Foundation
package import HyperplanCore

/// Every domain as a map from the unit interval, the coordinates model-based and quasi-random strategies work in.
///
/// Continuous domains are affine in their own scale (log space for `loguniform` and log integers); an integer
/// domain [lo, hi] covers [lo − ½, hi + ½] so that every integer owns an equal share (of log space, for log
/// integers) and `value(atUnit:)` rounds; a choice of n values gives each value the cell [i/n, (i+1)/n).
/// `unit(of:)` is the inverse: the exact position for continuous values, the centre of the cell for integers
/// and choices.
extension Domain {
    /// How a strategy should treat the dimension.
    package enum Kind: Sendable, Hashable {
        case continuous
        /// `count` distinct integers (saturating at `Int.max`).
        case integer(count: Int)
        /// `count` unordered values.
        case categorical(count: Int)
    }

    package var kind: Kind {
        switch self {
        case .choice(let values): return .categorical(count: values.count)
        case .uniform, .logUniform: return .continuous
        case .integer(let lower, let upper, _, _):
            let (span, overflow) = upper.subtractingReportingOverflow(lower)
            return .integer(count: overflow || span == Int.max ? Int.max : span + 1)
        }
    }

    /// Whether distances along the dimension are measured in log space.
    package var isLogScaled: Bool {
        switch self {
        case .logUniform: return true
        case .integer(_, _, let log, _): return log
        case .choice, .uniform: return false
        }
    }

    /// The domain's value at position `u` of [0, 1] (clamped; NaN gives the lower end).
    package func value(atUnit u: Double) -> ParameterValue {
        let t = u.isNaN ? 0 : min(1, max(0, u))
        switch self {
        case .choice(let values):
            return values[min(values.count - 1, Int(t * Double(values.count)))]
        case .uniform(let lower, let upper, _):
            return .double(min(upper, max(lower, lower + (upper - lower) * t)))
        case .logUniform(let lower, let upper, _):
            let logLower = Foundation.log(lower), logUpper = Foundation.log(upper)
            return .double(min(upper, max(lower, Foundation.exp(logLower + (logUpper - logLower) * t))))
        case .integer(let lower, let upper, let log, _):
            let (low, high) = Self.integerEnds(lower, upper, log: log)
            let position = low + (high - low) * t
            return .int(Domain.integer(nearest: log ? Foundation.exp(position) : position, in: lower...upper))
        }
    }

    /// Where `value` sits in [0, 1], or `nil` when it is not a value of the domain.
    package func unit(of value: ParameterValue) -> Double? {
        switch self {
        case .choice(let values):
            guard let index = values.firstIndex(of: value) else { return nil }
            return (Double(index) + 0.5) / Double(values.count)
        case .uniform(let lower, let upper, _):
            guard let x = value.doubleValue, x >= lower, x <= upper else { return nil }
            return upper > lower ? (x - lower) / (upper - lower) : 0.5
        case .logUniform(let lower, let upper, _):
            guard let x = value.doubleValue, x >= lower, x <= upper else { return nil }
            let logLower = Foundation.log(lower), logUpper = Foundation.log(upper)
            return logUpper > logLower ? (Foundation.log(x) - logLower) / (logUpper - logLower) : 0.5
        case .integer(let lower, let upper, let log, _):
            guard case .int(let n) = value, n >= lower, n <= upper else { return nil }
            let (low, high) = Self.integerEnds(lower, upper, log: log)
            guard log else { return (Double(n) - low) / (high - low) }
            // The centre of the integer's share of log space.
            let cellLow = Foundation.log(max(Double(n) - 0.5, Double(lower) - 0.5))
            let cellHigh = Foundation.log(Double(n) + 0.5)
            return ((cellLow + cellHigh) / 2 - low) / (high - low)
        }
    }

    /// The ends of an integer domain's continuous cover, in its own scale.
    private static func integerEnds(_ lower: Int, _ upper: Int, log: Bool) -> (Double, Double) {
        let low = Double(lower) - 0.5, high = Double(upper) + 0.5
        return log ? (Foundation.log(low), Foundation.log(high)) : (low, high)
    }
}
