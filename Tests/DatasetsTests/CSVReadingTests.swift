import Datasets
import Foundation
import HyperplanCore
import Testing

/// Reading CSV files: RFC 4180 quoting, line endings, a byte-order mark, blank lines, missing values and
/// the typing of columns.
@Suite("CSV reading")
struct CSVReadingTests {
    @Test("quoted fields keep commas, doubled quotes and newlines")
    func quotedFields() throws {
        let text = [
            #"name,comment,value"#,
            #""Smith, John","He said ""hi""",1.5"#,
            #"plain," spaced , text ",2"#,
            #""multi"#,
            #"line",x,3"#,
            "",
        ].joined(separator: "\n")
        let table = try TemporaryCSV.load(text).table
        #expect(table.columnNames == ["name", "comment", "value"])
        #expect(table.rowCount == 3)
        #expect(table.column(named: "name")?.texts == ["Smith, John", "plain", "multi\nline"])
        #expect(table.column(named: "comment")?.texts == ["He said \"hi\"", " spaced , text ", "x"])
        #expect(table.column(named: "value")?.numbers == [1.5, 2, 3])
        // The third record starts on line 4 and spans two lines.
        #expect(table.rowLines == [2, 3, 4])
    }

    @Test("CRLF line endings are not part of the last field")
    func crlf() throws {
        let table = try TemporaryCSV.load("a,b,c\r\n1,x,\"q\"\r\n2,y,r\r\n").table
        #expect(table.columnNames == ["a", "b", "c"])
        #expect(table.column(named: "a")?.numbers == [1, 2])
        #expect(table.column(named: "b")?.texts == ["x", "y"])
        #expect(table.column(named: "c")?.texts == ["q", "r"])
        #expect(table.rowLines == [2, 3])
    }

    @Test("a UTF-8 byte-order mark is skipped, and the file's hash covers the bytes as read")
    func byteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,label\n1,ä\n".utf8)
        let loaded = try TemporaryCSV.load(bytes: bytes)
        #expect(loaded.table.columnNames == ["id", "label"])
        #expect(loaded.table.column(named: "label")?.texts == ["ä"])
        #expect(loaded.sha256 == ContentHash(bytes: bytes))
    }

    @Test(
        "blank lines, trailing or in between, are not rows",
        arguments: ["a,b\n1,2\n\n\n", "a,b\n1,2\n\n3,4", "a,b\r\n1,2\r\n\r\n"])
    func blankLines(text: String) throws {
        let table = try TemporaryCSV.load(text).table
        let expected: [Double] = text.contains("3,4") ? [1, 3] : [1]
        #expect(table.column(named: "a")?.numbers == expected)
        #expect(table.rowLines == (text.contains("3,4") ? [2, 4] : [2]))
    }

    @Test("empty fields and NA-style markers are missing values")
    func missingValues() throws {
        let text = "x,y,kind\n1,NA,a\n2,,NA\n3,4,\nNA,5.5,b\n"
        let table = try TemporaryCSV.load(text).table
        let x = try #require(table.column(named: "x")?.numbers)
        let y = try #require(table.column(named: "y")?.numbers)
        #expect(x.map(\.isNaN) == [false, false, false, true])
        #expect(Array(x.prefix(3)) == [1, 2, 3])
        #expect(y.map(\.isNaN) == [true, true, false, false])
        #expect(Array(y.suffix(2)) == [4, 5.5])
        #expect(table.column(named: "kind")?.texts == ["a", nil, nil, "b"])
        #expect(table.columns.map(\.missingCount) == [1, 2, 2])
    }

    @Test("a column is numeric only when every present value is a number")
    func columnTyping() throws {
        let text = [
            "integers,reals,mixed,words,spaced",
            "1,1e3,1,red, 7",
            "2,-2.5,2,green,8 ",
            "3,.5,x,blue,9",
            "",
        ].joined(separator: "\n")
        let table = try TemporaryCSV.load(text).table
        #expect(table.column(named: "integers")?.isNumeric == true)
        #expect(table.column(named: "integers")?.isIntegral == true)
        #expect(table.column(named: "reals")?.numbers == [1000, -2.5, 0.5])
        #expect(table.column(named: "reals")?.isIntegral == false)
        #expect(table.column(named: "mixed")?.texts == ["1", "2", "x"])
        #expect(table.column(named: "spaced")?.numbers == [7, 8, 9])
        // Categories are sorted by their UTF-8 bytes; codes point into that list.
        guard case .categorical(let codes, let categories)? = table.column(named: "words")?.values else {
            Issue.record("'words' is not categorical")
            return
        }
        #expect(categories == ["blue", "green", "red"])
        #expect(codes == [2, 1, 0])
    }

    @Test("a header without rows is an empty table")
    func headerOnly() throws {
        let table = try TemporaryCSV.load("a,b\n").table
        #expect(table.columnNames == ["a", "b"])
        #expect(table.rowCount == 0)
    }
}
