import Foundation
import HyperplanCore

/// A CSV file read in pieces of whole records, each made a CSV text of its own (the header line, then its
/// records), so that pieces can be parsed and predicted in parallel, and a file of any size in bounded memory.
///
/// A piece ends at a line break outside quotes: quotes come in pairs in well-formed CSV (a quote inside a quoted
/// field is doubled), so a line break after an even number of quotes since the last boundary ends a record.
struct InputChunks {
    /// One piece: the header line followed by whole records.
    struct Chunk: Sendable {
        var index: Int
        var bytes: [UInt8]
        /// Where the records start in `bytes` (the header's length).
        var bodyStart: Int
    }

    /// Bytes read per piece by default (the last record read may make a piece longer).
    static let defaultPieceSize = 8 << 20

    /// Bytes read per piece.
    let pieceSize: Int

    private let descriptor: Int32
    private let path: String
    /// The header line with its line break.
    let header: [UInt8]
    /// The header, then the bytes read after the last piece's end (the start of a record).
    private var carried: [UInt8]
    private var finished = false
    private var nextIndex = 0

    /// Opens `path` and reads its header line.
    ///
    /// - Throws: `PredictionError` when the file does not exist, is a folder, cannot be read, or is empty.
    init(path: String, pieceSize: Int = defaultPieceSize) throws(PredictionError) {
        self.pieceSize = max(pieceSize, 1)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw PredictionError(.input, "input-missing", "the input file '\(path)' does not exist")
        }
        guard !isDirectory.boolValue else {
            throw PredictionError(.input, "input-missing", "the input '\(path)' is a folder, not a CSV file")
        }
        self.path = path
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw PredictionError(
                .input, "input-unreadable", "cannot read the input file '\(path)': \(SystemReason.current)")
        }
        var start: [UInt8] = []
        var boundary: Int?
        var size = 1 << 16
        while boundary == nil, !finished {
            start = try Self.read(descriptor, after: start, upTo: size, path: path, finished: &finished)
            boundary = Self.firstBoundary(in: start)
            size *= 2
        }
        let end = boundary.map { $0 + 1 } ?? start.count
        header = Array(start[..<end])
        carried = start
        guard !header.isEmpty else {
            close(descriptor)
            throw PredictionError(
                .input, "input-empty", "the input file is empty; it needs a header row and rows", file: path)
        }
        if finished { close(descriptor) }
    }

    /// The next piece, or `nil` at the end of the file (the file is then closed).
    ///
    /// - Throws: `PredictionError` when reading fails.
    mutating func next() throws(PredictionError) -> Chunk? {
        var buffer = carried
        var size = header.count + pieceSize
        while true {
            if !finished {
                buffer = try Self.read(descriptor, after: buffer, upTo: size, path: path, finished: &finished)
                if finished { close(descriptor) }
            }
            guard buffer.count > header.count else { return nil }
            var end = buffer.count
            if !finished {
                guard let boundary = Self.lastBoundary(in: buffer, from: header.count) else {
                    // One record longer than a piece: read on until it ends.
                    size *= 2
                    continue
                }
                end = boundary + 1
            }
            carried = header + buffer[end...]
            buffer.removeLast(buffer.count - end)
            defer { nextIndex += 1 }
            return Chunk(index: nextIndex, bytes: buffer, bodyStart: header.count)
        }
    }

    /// `prefix` followed by up to `capacity − prefix.count` bytes of the file, in one allocation filled by
    /// `read(2)`; sets `finished` at the end of the file.
    private static func read(
        _ descriptor: Int32, after prefix: [UInt8], upTo capacity: Int, path: String, finished: inout Bool
    ) throws(PredictionError) -> [UInt8] {
        var failed = false
        var reachedEnd = false
        let buffer = [UInt8](unsafeUninitializedCapacity: max(capacity, prefix.count)) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            prefix.withUnsafeBufferPointer { source in
                if let from = source.baseAddress { base.initialize(from: from, count: source.count) }
            }
            var total = prefix.count
            while total < buffer.count {
                let result = Foundation.read(descriptor, base + total, buffer.count - total)
                if result < 0, errno == EINTR { continue }
                if result < 0 { failed = true }
                if result <= 0 {
                    reachedEnd = true
                    break
                }
                total += result
            }
            initialized = total
        }
        guard !failed else {
            throw PredictionError(
                .input, "input-unreadable", "cannot read the input file '\(path)': \(SystemReason.current)")
        }
        if reachedEnd { finished = true }
        return buffer
    }

    /// The first line break outside quotes.
    static func firstBoundary(in bytes: [UInt8]) -> Int? {
        var quotes = 0
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\"") {
                quotes += 1
            } else if byte == UInt8(ascii: "\n"), quotes % 2 == 0 {
                return index
            }
        }
        return nil
    }

    /// The last line break outside quotes at or after `start`, counting quotes from `start` (a record boundary).
    static func lastBoundary(in bytes: [UInt8], from start: Int) -> Int? {
        let hasQuote = bytes.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress, start < raw.count else { return false }
            return memchr(base + start, Int32(UInt8(ascii: "\"")), raw.count - start) != nil
        }
        guard hasQuote else {
            let last = bytes.lastIndex(of: UInt8(ascii: "\n"))
            return last.flatMap { $0 >= start ? $0 : nil }
        }
        var quotes = 0
        var last: Int?
        for index in start..<bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                quotes += 1
            } else if byte == UInt8(ascii: "\n"), quotes % 2 == 0 {
                last = index
            }
        }
        return last
    }
}
