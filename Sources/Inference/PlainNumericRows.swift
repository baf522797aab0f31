import Datasets
import Foundation
import HyperplanCore

/// The fast path of `hyperplan predict` for the common input: every column the model reads is a plain decimal
/// number, fields are separated by commas and rows end in `\n`. A piece is read in one pass, each field's
/// number parsed where it stands (`DecimalText.prefix`, the loader's own rule, so the same bits) and written
/// scaled into the feature matrix, without splitting the piece into fields first.
///
/// Anything else in a piece (a quote, a space, a carriage return, an empty or non-numeric field, a wrong number
/// of fields, a categorical column) makes it return `nil`, and the piece takes the general path (`CSVReader`,
/// `ColumnPlan.transform`), which handles it and reports problems with their line and column. A piece the fast
/// path accepts is one the general path would read to the same matrix.
enum PlainNumericRows {
    struct Result {
        var features: Matrix
        var rows: Int
        var lineBreaks: Int
    }

    /// The piece's feature matrix, or `nil` when the piece needs the general path.
    ///
    /// - Parameter columns: the number of columns of the input's header.
    /// - Complexity: O(bytes of the piece); no allocation but the matrix.
    static func transform(_ chunk: InputChunks.Chunk, plan: ColumnPlan, columns: Int) -> Result? {
        guard plan.categorical.isEmpty, columns > 0 else { return nil }
        // Per input column: where its value goes in a row of the matrix (-1: the model does not read it).
        var target = [Int](repeating: -1, count: columns)
        var center = [Double](repeating: 0, count: columns)
        var scale = [Double](repeating: 1, count: columns)
        for entry in plan.numeric where entry.source < columns {
            target[entry.source] = entry.offset
            center[entry.source] = entry.center
            scale[entry.source] = entry.scale
        }
        let width = plan.width
        return chunk.bytes.withUnsafeBufferPointer { buffer -> Result? in
            guard let base = buffer.baseAddress else { return nil }
            let end = buffer.count
            let start = chunk.bodyStart
            guard start < end else { return nil }
            let rows = Self.rowCount(base, from: start, to: end)
            var lineBreaks = 0
            var accepted = false
            // Every cell is written when the piece is accepted (every output column is a numeric input's), so
            // the matrix starts uninitialised; a rejected piece's matrix is thrown away.
            let storage = [Double](unsafeUninitializedCapacity: rows * width) { out, initialized in
                initialized = rows * width
                accepted = target.withUnsafeBufferPointer { target in
                    center.withUnsafeBufferPointer { center in
                        scale.withUnsafeBufferPointer { scale in
                            read(
                                base, start: start, end: end, rows: rows, width: width, columns: columns,
                                target: target, center: center, scale: scale, out: out, lineBreaks: &lineBreaks)
                        }
                    }
                }
            }
            guard accepted else { return nil }
            return Result(
                features: Matrix(rows: rows, columns: width, storage: storage), rows: rows, lineBreaks: lineBreaks)
        }
    }

    /// The rows of the piece into `out`; `false` at the first thing the fast path does not read.
    private static func read(
        _ base: UnsafePointer<UInt8>, start: Int, end: Int, rows: Int, width: Int, columns: Int,
        target: UnsafeBufferPointer<Int>, center: UnsafeBufferPointer<Double>, scale: UnsafeBufferPointer<Double>,
        out: UnsafeMutableBufferPointer<Double>, lineBreaks: inout Int
    ) -> Bool {
        let (comma, newline, quote, carriageReturn) = (
            UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\""), UInt8(ascii: "\r")
        )
        var position = start
        for row in 0..<rows {
            let rowBase = row * width
            for column in 0..<columns {
                let offset = target[column]
                if offset >= 0 {
                    guard let (value, length) = DecimalText.prefix(base + position, count: end - position)
                    else { return false }
                    out[rowBase + offset] = StoredPreprocessing.scaled(
                        value, center: center[column], scale: scale[column])
                    position += length
                } else {
                    // A column the model does not read: skipped, but still plain.
                    while position < end {
                        let byte = base[position]
                        if byte == comma || byte == newline { break }
                        // Quotes and carriage returns need the general reader; bytes beyond ASCII, its
                        // UTF-8 check.
                        if byte == quote || byte == carriageReturn || byte >= 0x80 { return false }
                        position += 1
                    }
                }
                if column < columns - 1 {
                    guard position < end, base[position] == comma else { return false }
                    position += 1
                } else if position < end {
                    guard base[position] == newline else { return false }
                    position += 1
                    lineBreaks += 1
                }
            }
        }
        return position == end
    }

    /// The records from `start`: one per line break, and one more for a last line without it.
    private static func rowCount(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var count = 0
        var position = start
        while position < end, let found = memchr(base + position, Int32(UInt8(ascii: "\n")), end - position) {
            count += 1
            position = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return position < end ? count + 1 : count
    }
}
