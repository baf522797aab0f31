/// Deterministic text forms of numbers, shared by every file Hyperplan writes.
///
/// Swift's `description` for `Double` is the shortest string that parses back to the same value, and it
/// does not depend on the locale. Integral values drop the trailing `.0` so that `1000` and `1000.0`
/// render alike in tables; JSON keeps the distinction through `JSONValue.int`/`.double`.
package enum NumberFormatting {
    /// The shortest round-trip form of `value`, with integral values written without a fraction
    /// (`1000`, `0.001`, `1e-05`, `nan`, `inf`).
    package static func shortest(_ value: Double) -> String {
        guard value.isFinite else {
            return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf")
        }
        if value == value.rounded(), abs(value) < 1e16 {
            if value == 0 { return value.sign == .minus ? "-0" : "0" }
            return String(Int64(value))
        }
        return value.description
    }

    /// A fixed-precision rendering for human-facing summaries (`0.9583`).
    package static func fixed(_ value: Double, digits: Int) -> String {
        guard value.isFinite, abs(value) < 1e12, digits <= 6 else { return shortest(value) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let integerPart = Int64(scaled / scale)
        var fraction = String(Int64(scaled) - integerPart * Int64(scale))
        while fraction.count < digits { fraction = "0" + fraction }
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return digits > 0 ? "\(sign)\(integerPart).\(fraction)" : "\(sign)\(integerPart)"
    }
}
