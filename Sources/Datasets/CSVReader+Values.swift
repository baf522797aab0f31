import Foundation

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
    package func value(of field: Field) -> FieldValue {
        bytes.withUnsafeBufferPointer { Self.value(of: field, in: $0) }
    }

    /// `value(of:)` for a field of `bytes` (the reader's bytes, from `withUnsafeStorage`), for loops over many
    /// fields that enter the buffers once.
    @inlinable
    package static func value(of field: Field, in bytes: UnsafeBufferPointer<UInt8>) -> FieldValue {
        let start = field.start, end = field.end
        if end > start, let base = bytes.baseAddress, let number = DecimalText.parse(base + start, count: end - start) {
            return .number(number)
        }
        let text = text(of: field, in: bytes)
        if DataTable.missingMarkers.contains(text) { return .missing }
        if let number = DataTable.number(text) { return .number(number) }
        return .text
    }

    /// `text(of:)` for a field of `bytes`.
    @inlinable
    package static func text(of field: Field, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]), as: UTF8.self)
        return field.quoted ? raw.replacingOccurrences(of: "\"\"", with: "\"") : raw
    }

    /// Calls `body` with the file's bytes and the row-major fields (row r's at `r × header.count …`), so that a
    /// loop over every field enters each buffer once.
    package func withUnsafeStorage<Result, Failure: Error>(
        _ body: (_ bytes: UnsafeBufferPointer<UInt8>, _ fields: UnsafeBufferPointer<Field>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try bytes.withUnsafeBufferPointer { (bytes) throws(Failure) in
            try fields.withUnsafeBufferPointer { (fields) throws(Failure) in try body(bytes, fields) }
        }
    }
}

/// Reads plain decimal numbers from bytes: Clinger's fast path, exact when it applies.
///
/// A decimal is an integer m (its digits) times 10ᵉ. When m ≤ 2⁵³ and |e| ≤ 22 both m and 10^|e| are exact
/// doubles, so one IEEE multiplication or division gives the correctly rounded value,
/// the same bits `Double(text)` (strtod) gives: up to 15 significant digits always fit. Anything else (more
/// digits, larger exponents, other syntax) returns `nil` and is left to `Double(text)`.
@usableFromInline
package enum DecimalText {
    /// 10⁰ … 10²², every one an exact double.
    @usableFromInline
    static let powers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ]

    /// The value of `[+-]digits[.digits][(e|E)[+-]digits]` (at least one mantissa digit) filling all of the
    /// `count` bytes at `text`, when the fast path can compute it exactly; otherwise `nil`.
    @inlinable
    static func parse(_ text: UnsafePointer<UInt8>, count: Int) -> Double? {
        guard let (value, length) = prefix(text, count: count), length == count else { return nil }
        return value
    }

    /// The number at the start of the `count` bytes at `text` and how many bytes it takes, under the same rule
    /// as `parse` (which is this with the whole field taken): `hyperplan predict` reads a row's fields with it
    /// without splitting the row first, checking that a delimiter follows.
    @inlinable @inline(__always)
    package static func prefix(_ text: UnsafePointer<UInt8>, count: Int) -> (value: Double, length: Int)? {
        guard count > 0 else { return nil }
        let zero = UInt8(ascii: "0")
        var index = 0
        var negative = false
        if text[0] == UInt8(ascii: "-") || text[0] == UInt8(ascii: "+") {
            negative = text[0] == UInt8(ascii: "-")
            index = 1
        }
        let limit: UInt64 = 1 << 53
        var mantissa: UInt64 = 0
        var exponent = 0
        var sawDigit = false
        // Digits accumulate while the mantissa stays at most 2⁵³: past that the fast path cannot be exact (and
        // appending digits only makes it larger), so the general path takes over.
        while index < count, text[index] &- zero < 10 {
            mantissa = mantissa &* 10 &+ UInt64(text[index] &- zero)
            guard mantissa <= limit else { return nil }
            sawDigit = true
            index += 1
        }
        if index < count, text[index] == UInt8(ascii: ".") {
            index += 1
            // Eight digits at once while the mantissa has room for them (the fraction of "%.10g" numbers).
            while index + 8 <= count, mantissa < limit / 100_000_000 {
                let word = UInt64(littleEndian: UnsafeRawPointer(text + index).loadUnaligned(as: UInt64.self))
                guard Self.isEightDigits(word) else { break }
                mantissa = mantissa &* 100_000_000 &+ Self.eightDigits(word)
                exponent -= 8
                sawDigit = true
                index += 8
            }
            while index < count, text[index] &- zero < 10 {
                mantissa = mantissa &* 10 &+ UInt64(text[index] &- zero)
                guard mantissa <= limit else { return nil }
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
        if mantissa == 0 { return (negative ? -0.0 : 0.0, index) }
        guard mantissa <= limit, exponent >= -22, exponent <= 22 else { return nil }
        let magnitude = exponent < 0 ? Double(mantissa) / powers[-exponent] : Double(mantissa) * powers[exponent]
        return (negative ? -magnitude : magnitude, index)
    }

    /// Whether the eight bytes of `word` (little-endian) are all ASCII digits.
    @inlinable
    static func isEightDigits(_ word: UInt64) -> Bool {
        (word & 0xF0F0_F0F0_F0F0_F0F0) | (((word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4)
            == 0x3333_3333_3333_3333
    }

    /// The value of eight ASCII digits (the first in the lowest byte), by three multiplications.
    @inlinable
    static func eightDigits(_ word: UInt64) -> UInt64 {
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        var value = word &- 0x3030_3030_3030_3030
        value = (value &* 10) &+ (value >> 8)
        return ((value & mask) &* 0x000F_4240_0000_0064 &+ ((value >> 16) & mask) &* 0x0000_2710_0000_0001) >> 32
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
