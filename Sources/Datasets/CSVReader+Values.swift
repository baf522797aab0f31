/// How a CSV field reads as a number: the one rule the dataset loader and `hyperplan predict` share, so a field
/// gives the same bits whichever reads it.
extension CSVReader {
    /// What a field holds.
    package enum FieldValue: Sendable, Equatable {
        /// A decimal number or an infinity (`DataTable.number`).
        case number(Double)
        /// One of `DataTable.missingMarkers`: empty, `NA`, `nan`, …
        case missing
        /// Anything else: text, which makes a column categorical.
        case text
    }

    /// The value of `field`: a missing marker, a number (exactly as `Double(text)` reads it), or text.
    ///
    /// Plain decimals such as `-12.5` or `3e-4` are read straight from the bytes without building a `String`
    /// (`DecimalText`); everything else takes the general path through the field's text.
    ///
    /// - Complexity: O(field length).
    @inline(__always)
    package func value(of field: Field) -> FieldValue {
        let start = field.start, end = field.end
        let fast = bytes.withUnsafeBufferPointer { buffer -> Double? in
            guard let base = buffer.baseAddress, end > start else { return nil }
            return DecimalText.parse(base + start, count: end - start)
        }
        if let fast { return .number(fast) }
        let text = text(of: field)
        if DataTable.missingMarkers.contains(text) { return .missing }
        if let number = DataTable.number(text) { return .number(number) }
        return .text
    }
}

/// Reads plain decimal numbers from bytes: Clinger's fast path, exact when it applies.
///
/// A decimal with at most 19 significant digits is an integer m times 10ᵉ. When m ≤ 2⁵³ and |e| ≤ 22 both m
/// and 10^|e| are exact doubles, so one IEEE multiplication or division gives the correctly rounded value,
/// the same bits `Double(text)` (strtod) gives. Anything else (more digits, larger exponents, other syntax)
/// returns `nil` and is left to `Double(text)`.
enum DecimalText {
    /// 10⁰ … 10²², every one an exact double.
    static let powers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ]

    /// The value of `[+-]digits[.digits][(e|E)[+-]digits]` (at least one mantissa digit) filling all of the
    /// `count` bytes at `text`, when the fast path can compute it exactly; otherwise `nil`.
    @inline(__always)
    static func parse(_ text: UnsafePointer<UInt8>, count: Int) -> Double? {
        let zero = UInt8(ascii: "0")
        var index = 0
        var negative = false
        if text[0] == UInt8(ascii: "-") || text[0] == UInt8(ascii: "+") {
            negative = text[0] == UInt8(ascii: "-")
            index = 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var sawDigit = false
        while index < count, text[index] &- zero < 10 {
            let digit = UInt64(text[index] &- zero)
            if mantissa != 0 || digit != 0 {
                guard significant < 19 else { return nil }
                mantissa = mantissa &* 10 &+ digit
                significant += 1
            }
            sawDigit = true
            index += 1
        }
        if index < count, text[index] == UInt8(ascii: ".") {
            index += 1
            while index < count, text[index] &- zero < 10 {
                let digit = UInt64(text[index] &- zero)
                if mantissa != 0 || digit != 0 {
                    guard significant < 19 else { return nil }
                    mantissa = mantissa &* 10 &+ digit
                    significant += 1
                }
                exponent -= 1
                sawDigit = true
                index += 1
            }
        }
        guard sawDigit else { return nil }
        if index < count, text[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < count, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") {
                exponentNegative = text[index] == UInt8(ascii: "-")
                index += 1
            }
            var written = 0
            var digits = 0
            while index < count, text[index] &- zero < 10 {
                if written < 100_000 { written = written * 10 + Int(text[index] &- zero) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard index == count else { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        guard mantissa <= 1 << 53, exponent >= -22, exponent <= 22 else { return nil }
        let magnitude = exponent < 0 ? Double(mantissa) / powers[-exponent] : Double(mantissa) * powers[exponent]
        return negative ? -magnitude : magnitude
    }
}

extension CSVReader {
    /// The 1-based line on which `row` (a data row) starts.
    package func line(ofRow row: Int) -> Int { rowLines[row] }

    /// The text of the line on which `field` starts, without its line break, for showing under a message.
    package func lineText(of field: Field) -> String {
        let position = field.quoted ? field.start - 1 : field.start
        var start = min(position, bytes.count)
        while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        var end = min(position, bytes.count)
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
