/// How much a computed number may differ from a reference: the larger of an absolute amount and a fraction
/// of the reference's magnitude.
package struct Tolerance: Sendable, CustomStringConvertible {
    package var relative: Double
    package var absolute: Double

    package init(relative: Double, absolute: Double) {
        self.relative = relative
        self.absolute = absolute
    }

    /// A fraction of the reference's magnitude, with `absolute` as the floor for references near zero.
    package static func relative(_ relative: Double, absolute: Double = 0) -> Tolerance {
        Tolerance(relative: relative, absolute: absolute)
    }

    /// A fixed amount, whatever the reference's size.
    package static func absolute(_ absolute: Double) -> Tolerance {
        Tolerance(relative: 0, absolute: absolute)
    }

    /// The largest difference allowed from `reference`.
    package func allowance(for reference: Double) -> Double { max(absolute, relative * abs(reference)) }

    package var description: String {
        switch (relative, absolute) {
        case (0, let absolute): return "absolute \(absolute)"
        case (let relative, 0): return "relative \(relative)"
        default: return "relative \(relative), absolute \(absolute)"
        }
    }
}

/// One computed number against its reference, with enough detail in `description` to explain a failure.
///
/// Tests assert on it themselves: `#expect(closeness.isClose, "\(closeness)")`.
package struct Closeness: Sendable, CustomStringConvertible {
    package var actual: Double
    package var reference: Double
    package var tolerance: Tolerance

    package init(_ actual: Double, reference: Double, within tolerance: Tolerance) {
        self.actual = actual
        self.reference = reference
        self.tolerance = tolerance
    }

    package var difference: Double { abs(actual - reference) }

    /// Equal values (including equal infinities) are close; NaN on either side never is.
    package var isClose: Bool { actual == reference || difference <= tolerance.allowance(for: reference) }

    /// The difference as a multiple of what is allowed (above 1 fails).
    package var excess: Double {
        if actual == reference { return 0 }
        let allowance = tolerance.allowance(for: reference)
        return allowance > 0 ? difference / allowance : .infinity
    }

    package var description: String {
        "\(actual) vs reference \(reference): differs by \(difference), "
            + "allowed \(tolerance.allowance(for: reference)) (\(tolerance))"
    }
}

/// Two vectors compared element by element, reporting the elements that are out of tolerance.
package struct VectorCloseness: Sendable, CustomStringConvertible {
    package var actualCount: Int
    package var referenceCount: Int
    /// Every element outside its tolerance, in index order.
    package var failures: [(index: Int, closeness: Closeness)]
    /// The element with the largest difference relative to its allowance (when the lengths match).
    package var worst: (index: Int, closeness: Closeness)?

    /// Compares `actual[i]` with `reference[i]`; the same `tolerance` applies to each element.
    package init(_ actual: [Double], reference: [Double], within tolerance: Tolerance) {
        actualCount = actual.count
        referenceCount = reference.count
        failures = []
        worst = nil
        guard actual.count == reference.count else { return }
        for index in actual.indices {
            let closeness = Closeness(actual[index], reference: reference[index], within: tolerance)
            if !closeness.isClose { failures.append((index, closeness)) }
            if worst.map({ closeness.excess > $0.closeness.excess }) ?? true { worst = (index, closeness) }
        }
    }

    package var isClose: Bool { actualCount == referenceCount && failures.isEmpty }

    package var description: String {
        guard actualCount == referenceCount else {
            return "\(actualCount) values, but the reference has \(referenceCount)"
        }
        var text: String
        if failures.isEmpty {
            text = "all \(actualCount) values within tolerance"
        } else {
            text = "\(failures.count) of \(actualCount) values out of tolerance"
            let shown = failures.prefix(5).map { "[\($0.index)] \($0.closeness)" }
            text += "; first: " + shown.joined(separator: "; ")
        }
        if let worst { text += "; worst [\(worst.index)] \(worst.closeness)" }
        return text
    }
}
