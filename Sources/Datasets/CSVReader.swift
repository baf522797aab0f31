import Foundation
import HyperplanCore

/// Splits CSV text into a header and rows of fields (RFC 4180: quoted fields, doubled quotes, CRLF).
///
/// Fields are kept as byte ranges into the text until a column's type is known, so a large file is not
/// turned into millions of `String`s. Unquoted fields are trimmed of surrounding spaces.
package struct CSVReader {
    /// A field's byte range, in 8 bytes: a file has millions of fields (5.1 million for 100,000 × 51), so this
    /// is most of the reader's memory.
    package struct Field {
        private var offset: UInt32
        /// The length, with the top bit set for a quoted field.
        private var lengthAndQuote: UInt32

        /// - Precondition: `end` ≤ `CSVReader.maximumSize` (checked once for the whole file).
        init(start: Int, end: Int, quoted: Bool) {
            offset = UInt32(truncatingIfNeeded: start)
            lengthAndQuote = UInt32(truncatingIfNeeded: end - start) | (quoted ? 0x8000_0000 : 0)
        }

        package var start: Int { Int(offset) }
        package var end: Int { Int(offset) + Int(lengthAndQuote & 0x7FFF_FFFF) }
        /// Quoted fields may contain doubled quotes that must be unescaped when read.
        package var quoted: Bool { lengthAndQuote & 0x8000_0000 != 0 }
    }

    /// The largest file read: 2 GiB − 1 bytes, so that every field's offset and length fit in `Field`.
    static let maximumSize = Int(Int32.max)

    package let bytes: [UInt8]
    package let file: String
    package private(set) var header: [String] = []
    /// Row-major fields: row r's fields are `fields[r * header.count ..< (r + 1) * header.count]`.
    private(set) var fields: [Field] = []
    /// The 1-based line on which each data row starts.
    package private(set) var rowLines: [Int] = []

    package var rowCount: Int { rowLines.count }
    /// The line breaks read (outside and inside quoted fields): the lines the text spans, less one when it
    /// ends with a line break.
    package private(set) var lineBreaks = 0

    package init(bytes: [UInt8], file: String) throws(DatasetError) {
        guard bytes.count <= Self.maximumSize else {
            throw DatasetError(
                "csv-too-large", "dataset file '\(file)' is larger than 2 GiB, the most a CSV file may hold")
        }
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        // Lines ended by CR alone (classic Mac OS) would make the whole file one header line, and every column
        // name unknown; say what it is instead.
        if let carriageReturn = bytes.firstIndex(of: UInt8(ascii: "\r")), !bytes.contains(UInt8(ascii: "\n")),
            bytes[(carriageReturn + 1)...].contains(where: { $0 != UInt8(ascii: "\r") })
        {
            // No position: the whole file is its first line, which is not worth echoing.
            throw DatasetError(
                "csv-line-endings",
                "the lines of '\(file)' end with a carriage return alone (classic Mac OS line endings); "
                    + "save it with LF or CRLF line endings")
        }
        self.bytes = bytes
        self.file = file
        try parse(from: start)
    }

    package func text(of field: Field) -> String {
        let raw = String(decoding: bytes[field.start..<field.end], as: UTF8.self)
        return field.quoted ? raw.replacingOccurrences(of: "\"\"", with: "\"") : raw
    }

    package func field(row: Int, column: Int) -> Field { fields[row * header.count + column] }

    /// The 1-based column (in Unicode scalars) at which a field starts on its line, for error messages.
    package func column(of field: Field) -> Int {
        var lineStart = field.quoted ? field.start - 1 : field.start
        while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        let start = field.quoted ? field.start - 1 : field.start
        return String(decoding: bytes[lineStart..<start], as: UTF8.self).unicodeScalars.count + 1
    }

    private func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    private mutating func parse(from start: Int) throws(DatasetError) {
        // One pass over the bytes through a buffer pointer: the reader's hot loop (50 million fields for a million
        // rows of 50 columns), without an array bounds check per byte.
        let bytes = self.bytes
        try bytes.withUnsafeBufferPointer { (buffer) throws(DatasetError) in try parse(buffer, from: start) }
    }

    /// The first position at or after `start` (before `end`) holding a comma, a line feed or a quote, or `end`.
    ///
    /// Eight bytes at a time: a byte equal to c makes `(x − 0x01…01) & ~x & 0x80…80` non-zero in x = word ^ c·0x01…01,
    /// and the lowest set bit marks the first such byte exactly.
    @inline(__always)
    static func delimiter(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var cursor = start
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            while cursor + 8 <= end {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: cursor, as: UInt64.self))
                let comma = word ^ (ones &* 0x2C), newline = word ^ (ones &* 0x0A), quote = word ^ (ones &* 0x22)
                let found =
                    ((comma &- ones) & ~comma | (newline &- ones) & ~newline | (quote &- ones) & ~quote) & highs
                if found != 0 { return cursor + found.trailingZeroBitCount / 8 }
                cursor += 8
            }
        }
        while cursor < end {
            let byte = bytes[cursor]
            if byte == 0x2C || byte == 0x0A || byte == 0x22 { return cursor }
            cursor += 1
        }
        return end
    }

    private mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) throws(DatasetError) {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r"), space = UInt8(ascii: " ")
        var index = start
        var line = 1
        var lineStart = start
        var rowFields: [Field] = []
        var parsed: [Field] = []
        var lines: [Int] = []
        var rowStart = 0
        var rowLine = 1
        var isHeader = true

        func column(at position: Int) -> Int {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<position]), as: UTF8.self)
                .unicodeScalars.count + 1
        }

        while index <= bytes.count {
            // Parse one field starting at `index`.
            var fieldStart = index
            var fieldEnd = index
            var quoted = false
            while fieldStart < bytes.count, bytes[fieldStart] == space { fieldStart += 1 }
            if fieldStart < bytes.count, bytes[fieldStart] == quote {
                quoted = true
                let openLine = line, openColumn = column(at: fieldStart)
                var cursor = fieldStart + 1
                var closed = false
                while cursor < bytes.count {
                    if bytes[cursor] == quote {
                        if cursor + 1 < bytes.count, bytes[cursor + 1] == quote { cursor += 2; continue }
                        closed = true
                        break
                    }
                    if bytes[cursor] == newline { line += 1; lineStart = cursor + 1 }
                    cursor += 1
                }
                guard closed else {
                    throw DatasetError(
                        "csv-unterminated-quote", "unterminated quoted field",
                        at: location(line: openLine, column: openColumn))
                }
                fieldStart += 1
                fieldEnd = cursor
                index = cursor + 1
                while index < bytes.count, bytes[index] == space { index += 1 }
                if index < bytes.count, bytes[index] != comma, bytes[index] != newline, bytes[index] != carriageReturn {
                    throw DatasetError(
                        "csv-text-after-quote", "unexpected text after a quoted field",
                        at: location(line: line, column: column(at: index)))
                }
            } else {
                let cursor = Self.delimiter(in: bytes, from: fieldStart, to: bytes.count)
                if cursor < bytes.count, bytes[cursor] == quote {
                    throw DatasetError(
                        "csv-stray-quote", "quote inside an unquoted field",
                        at: location(line: line, column: column(at: cursor)))
                }
                fieldEnd = cursor
                index = cursor
                while fieldEnd > fieldStart, bytes[fieldEnd - 1] == space || bytes[fieldEnd - 1] == carriageReturn {
                    fieldEnd -= 1
                }
            }
            if index < bytes.count, bytes[index] == carriageReturn { index += 1 }
            let field = Field(start: fieldStart, end: fieldEnd, quoted: quoted)
            if isHeader { rowFields.append(field) } else { parsed.append(field) }

            let atEnd = index >= bytes.count
            if !atEnd, bytes[index] == comma {
                index += 1
                continue
            }
            // End of a record.
            if isHeader {
                let blank = rowFields.count == 1 && rowFields[0].start == rowFields[0].end && !rowFields[0].quoted
                if blank {
                    let onlyBlankLines = bytes[index...].allSatisfy {
                        $0 == newline || $0 == carriageReturn || $0 == space
                    }
                    throw onlyBlankLines
                        ? DatasetError("csv-empty", "the CSV file is empty", at: location(line: 1, column: 1))
                        : DatasetError(
                            "csv-missing-header", "the first line must be the header row, but it is empty",
                            at: location(line: rowLine, column: 1))
                }
                try readHeader(
                    rowFields, line: rowLine,
                    columns: rowFields.map { column(at: max($0.start - ($0.quoted ? 1 : 0), lineStart)) })
                isHeader = false
                // At most one row per remaining line: reserve the fields once instead of growing by copies.
                let remainingLines = Self.count(newline, in: bytes, from: index) + 1
                parsed.reserveCapacity(remainingLines * header.count)
                lines.reserveCapacity(remainingLines)
            } else {
                let count = parsed.count - rowStart
                let first = parsed[rowStart]
                if count == 1, first.start == first.end, !first.quoted {
                    parsed.removeLast()  // a blank line
                } else {
                    guard count == header.count else {
                        throw DatasetError(
                            "csv-field-count", "row has \(count) fields but the header has \(header.count)",
                            at: location(line: rowLine, column: 1))
                    }
                    lines.append(rowLine)
                }
                rowStart = parsed.count
            }
            if atEnd { break }
            index += 1
            line += 1
            lineStart = index
            rowLine = line
        }
        fields = parsed
        rowLines = lines
        lineBreaks = line - 1
    }

    /// How many bytes equal to `byte` there are in `bytes` from `start` on (`memchr` from one to the next).
    static func count(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress, start < bytes.count else { return 0 }
        var count = 0
        var cursor = UnsafeRawPointer(base + start)
        let end = UnsafeRawPointer(base + bytes.count)
        while cursor < end, let found = memchr(cursor, Int32(byte), end - cursor) {
            count += 1
            cursor = UnsafeRawPointer(found) + 1
        }
        return count
    }

    private mutating func readHeader(_ headerFields: [Field], line: Int, columns: [Int]) throws(DatasetError) {
        var seen: [String: Int] = [:]
        for (position, field) in headerFields.enumerated() {
            let name = text(of: field)
            let location = location(line: line, column: columns[position])
            if name.isEmpty {
                throw DatasetError("csv-empty-column-name", "column \(position + 1) has an empty name", at: location)
            }
            if seen[name] != nil {
                throw DatasetError("csv-duplicate-column", "duplicate column name '\(name)'", at: location)
            }
            seen[name] = position
            header.append(name)
        }
    }
}
