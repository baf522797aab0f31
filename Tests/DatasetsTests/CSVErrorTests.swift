import Datasets
import Foundation
import HyperplanCore
import Testing

/// Malformed CSV files are reported with the file, a stable ID and the 1-based line and column.
@Suite("CSV errors")
struct CSVErrorTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var text: String
        var id: DiagnosticID
        var line: Int
        var column: Int
    }

    static let cases: [Case] = [
        Case(description: "ragged row", text: "a,b\n1,2\n3\n4,5\n", id: "csv-field-count", line: 3, column: 1),
        Case(description: "too many fields", text: "a,b\n1,2,3\n", id: "csv-field-count", line: 2, column: 1),
        Case(
            description: "unterminated quote", text: "a,b\n1,2\n3,\"abc\n4,5\n", id: "csv-unterminated-quote", line: 3,
            column: 3),
        Case(description: "duplicate header", text: "a,b,a\n1,2,3\n", id: "csv-duplicate-column", line: 1, column: 5),
        Case(description: "empty column name", text: "a,,c\n1,2,3\n", id: "csv-empty-column-name", line: 1, column: 3),
        Case(description: "empty file", text: "", id: "csv-empty", line: 1, column: 1),
        Case(description: "stray quote", text: "a,b\n1,x\"y\n", id: "csv-stray-quote", line: 2, column: 4),
        Case(
            description: "text after a quoted field", text: "a,b\n\"x\"y,1\n", id: "csv-text-after-quote", line: 2,
            column: 4),
        Case(description: "infinite number", text: "a,b\n1,2\ninf,3\n", id: "csv-non-finite", line: 3, column: 1),
        Case(
            description: "infinite number, second field", text: "a,b\n1,2\n3,-Infinity\n", id: "csv-non-finite",
            line: 3, column: 3),
        Case(description: "only blank lines", text: "\n\n\n", id: "csv-empty", line: 1, column: 1),
        Case(description: "blank first line", text: "\na,b\n1,2\n", id: "csv-missing-header", line: 1, column: 1),
    ]

    @Test("hexadecimal-looking text is not a number, so the column is categorical")
    func hexadecimalIsText() throws {
        let table = try TemporaryCSV.load("a,b\n0x1A,1\n2,3\n").table
        #expect(table.column(named: "a")?.isNumeric == false)
        #expect(table.column(named: "b")?.isNumeric == true)
    }

    @Test("malformed files", arguments: cases)
    func malformed(_ testCase: Case) throws {
        let error = try #require(try TemporaryCSV.error(loading: testCase.text))
        #expect(error.id == testCase.id, "\(error)")
        #expect(
            error.location == SourceLocation(file: "data.csv", line: testCase.line, column: testCase.column), "\(error)"
        )
    }

    @Test("the message names the file and position")
    func rendering() throws {
        let error = try #require(try TemporaryCSV.error(loading: "a,b\n1,2\n3\n"))
        #expect(error.description == "data.csv:3:1: row has 1 fields but the header has 2")
    }

    @Test("a missing file, a directory and invalid UTF-8 are errors without a position")
    func unreadable() throws {
        let directory = FileManager.default.temporaryDirectory
        let missing = #expect(throws: DatasetError.self) {
            try DatasetLoader.load(.csv(path: "no-such-file-\(UUID().uuidString).csv"), relativeTo: directory)
        }
        #expect(missing?.id == "missing-file")
        let folder = #expect(throws: DatasetError.self) {
            try DatasetLoader.load(.csv(path: "."), relativeTo: directory)
        }
        #expect(folder?.id == "missing-file")
        let file = try TemporaryCSV(bytes: Array("a,b\n1,".utf8) + [0xFF, 0xFE] + Array("\n".utf8))
        defer { file.remove() }
        let encoding = #expect(throws: DatasetError.self) { try file.load() }
        #expect(encoding?.id == "csv-encoding")
        #expect(encoding?.location == nil)
    }

    @Test("a named pipe or a device is refused as not a regular file, without reading it (a pipe would block)")
    func notRegular() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try #require(mkfifo(directory.appendingPathComponent("rows.csv").path, 0o600) == 0)
        let fifo = #expect(throws: DatasetError.self) {
            try DatasetLoader.load(.csv(path: "rows.csv"), relativeTo: directory)
        }
        #expect(fifo?.message == "dataset path 'rows.csv' is a named pipe (FIFO), not a regular file")
        let device = #expect(throws: DatasetError.self) {
            try DatasetLoader.load(.csv(path: "/dev/zero"), relativeTo: directory)
        }
        #expect(device?.message == "dataset path '/dev/zero' is a character device, not a regular file")
    }

    @Test("an unknown built-in is an error")
    func unknownBuiltin() {
        let error = #expect(throws: DatasetError.self) {
            try DatasetLoader.load(.builtin("irises"), relativeTo: FileManager.default.temporaryDirectory)
        }
        #expect(error?.id == "unknown-dataset")
    }

    @Test("lines ended by a carriage return alone are named as such, without echoing the file as one line")
    func carriageReturnLines() throws {
        #expect {
            try TemporaryCSV.load("a,b\r1,2\r3,4\r")
        } throws: { error in
            let failure = error as? DatasetError
            return failure?.id == "csv-line-endings" && failure?.location == nil
                && failure?.message.contains("carriage return alone") == true
        }
        // A lone trailing CR on a one-line file is not this (nothing follows it), nor are CRLF files.
        #expect(try TemporaryCSV.load("a,b\r\n1,2\r\n").table.rowCount == 1)
    }
}
