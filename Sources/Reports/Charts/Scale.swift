import Foundation
import HyperplanCore

/// Maps data values to pixel positions along one axis, and chooses the axis's ticks.
///
/// Linear and logarithmic scales pick "nice" ticks (1, 2, 5 × 10ⁿ; decades on a log axis); a category scale
/// gives each category an equal band. Ticks and labels depend only on the data's range, so a chart is the same
/// bytes for the same data.
struct Scale: Sendable {
    enum Kind: Sendable, Equatable {
        case linear
        case log
        /// Categories by index, each in the middle of its band.
        case categories([String])
    }

    var kind: Kind
    /// The data range (log scales: positive values).
    var domain: ClosedRange<Double>
    /// Pixel positions of `domain`'s ends (may run backwards, as a y axis does).
    var range: (Double, Double)

    /// A linear or log scale over `values`, padded a little so that marks at the extremes stay inside.
    static func fitting(_ values: [Double], log: Bool, range: (Double, Double), includeZero: Bool = false) -> Scale {
        let finite = values.filter { $0.isFinite && (!log || $0 > 0) }
        guard var low = finite.min(), var high = finite.max() else {
            return Scale(kind: log ? .log : .linear, domain: log ? 1...10 : 0...1, range: range)
        }
        if log {
            if low == high { (low, high) = (low / 2, high * 2) }
            let pad = pow(high / low, 0.04)
            return Scale(kind: .log, domain: (low / pad)...(high * pad), range: range)
        }
        if includeZero { (low, high) = (min(low, 0), max(high, 0)) }
        if low == high { (low, high) = (low - max(1, abs(low)) * 0.5, high + max(1, abs(high)) * 0.5) }
        let pad = (high - low) * 0.04
        return Scale(kind: .linear, domain: (low - (includeZero && low == 0 ? 0 : pad))...(high + pad), range: range)
    }

    static func categories(_ names: [String], range: (Double, Double)) -> Scale {
        Scale(kind: .categories(names), domain: -0.5...(Double(max(names.count, 1)) - 0.5), range: range)
    }

    private func unit(_ value: Double) -> Double {
        switch kind {
        case .log:
            let (low, high) = (Foundation.log10(domain.lowerBound), Foundation.log10(domain.upperBound))
            return (Foundation.log10(max(value, .leastNormalMagnitude)) - low) / (high - low)
        case .linear, .categories:
            return (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        }
    }

    /// The pixel position of `value`.
    func callAsFunction(_ value: Double) -> Double { range.0 + unit(value) * (range.1 - range.0) }

    /// The width of one category's band, in pixels.
    var bandWidth: Double {
        guard case .categories(let names) = kind else { return 0 }
        return abs(range.1 - range.0) / Double(max(names.count, 1))
    }

    /// Tick positions (data values) and their labels.
    func ticks(count: Int = 6) -> [(value: Double, label: String)] {
        switch kind {
        case .categories(let names):
            return names.enumerated().map { (Double($0.offset), $0.element) }
        case .log:
            let first = Int(Foundation.floor(Foundation.log10(domain.lowerBound)))
            let last = Int(Foundation.ceil(Foundation.log10(domain.upperBound)))
            let decades = max(1, last - first)
            let step = max(1, Int((Double(decades) / Double(count)).rounded(.up)))
            var ticks: [(Double, String)] = []
            var exponent = first
            while exponent <= last {
                let value = Foundation.pow(10, Double(exponent))
                if domain.contains(value) { ticks.append((value, Scale.label(value))) }
                exponent += step
            }
            if ticks.count < 2 {
                // Less than a decade: label 1-2-5 steps inside it.
                for exponent in (first - 1)...last {
                    for mantissa in [1.0, 2.0, 5.0] {
                        let value = mantissa * Foundation.pow(10, Double(exponent))
                        if domain.contains(value), !ticks.contains(where: { $0.0 == value }) {
                            ticks.append((value, Scale.label(value)))
                        }
                    }
                }
                ticks.sort { $0.0 < $1.0 }
            }
            return ticks
        case .linear:
            let span = domain.upperBound - domain.lowerBound
            guard span > 0, span.isFinite else { return [(domain.lowerBound, Scale.label(domain.lowerBound))] }
            let rough = span / Double(max(count, 1))
            let magnitude = Foundation.pow(10, Foundation.floor(Foundation.log10(rough)))
            // The coarsest nice step near `rough` that still leaves at least three ticks in the range.
            let steps = [0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0].map { $0 * magnitude }
            var index = steps.firstIndex { $0 >= rough } ?? steps.count - 1
            while index > 0,
                Int(
                    Foundation.floor(domain.upperBound / steps[index])
                        - Foundation.ceil(domain.lowerBound / steps[index])) + 1 < 3
            {
                index -= 1
            }
            let step = steps[index]
            var value = Foundation.ceil(domain.lowerBound / step) * step
            var ticks: [(Double, String)] = []
            while value <= domain.upperBound + step * 1e-9, ticks.count < 50 {
                let clean = abs(value) < step * 1e-9 ? 0 : value
                ticks.append((clean, Scale.label(clean, step: step)))
                value += step
            }
            return ticks
        }
    }

    /// A compact tick label: `0.001`, `1e-05`, `2.5`, `1000`, `1.2e+06`.
    static func label(_ value: Double, step: Double? = nil) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e5 || magnitude < 1e-3 {
            let exponent = Int(Foundation.floor(Foundation.log10(magnitude)))
            let mantissa = value / Foundation.pow(10, Double(exponent))
            let text = NumberFormatting.fixed(mantissa, digits: 1)
            return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + "e\(exponent)"
        }
        let digits = step.map { max(0, min(6, -Int(Foundation.floor(Foundation.log10($0))) + 1)) } ?? 3
        var text = NumberFormatting.fixed(value, digits: digits)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}

extension Scale {
    /// The data value at a pixel position (the inverse of `callAsFunction`).
    func invert(_ pixel: Double) -> Double {
        let unit = (pixel - range.0) / (range.1 - range.0)
        switch kind {
        case .log:
            let (low, high) = (Foundation.log10(domain.lowerBound), Foundation.log10(domain.upperBound))
            return Foundation.pow(10, low + unit * (high - low))
        case .linear, .categories:
            return domain.lowerBound + unit * (domain.upperBound - domain.lowerBound)
        }
    }
}
