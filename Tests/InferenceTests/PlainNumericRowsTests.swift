import Datasets
import HyperplanCore
import Testing

@testable import Inference

/// The one-pass reader of plain numeric pieces gives the general path's matrix bit for bit, and hands back
/// (`nil`) every piece it does not read.
@Suite("Plain numeric rows")
struct PlainNumericRowsTests {
    static let pipeline = StoredPreprocessing(
        plan: PreprocessingPlan([.standardize]),
        columns: [
            .numeric(name: "a", fill: nil, center: 0.5, scale: 3),
            .numeric(name: "b", fill: nil, center: -1.25, scale: 0.7),
        ])

    static func chunk(_ body: String, header: String = "b,id,a\n") -> InputChunks.Chunk {
        InputChunks.Chunk(index: 0, bytes: Array((header + body).utf8), bodyStart: header.utf8.count)
    }

    static func plan(header: [String] = ["b", "id", "a"]) throws -> ColumnPlan {
        try ColumnPlan(header: header, preprocessing: pipeline, target: nil, file: "rows.csv")
    }

    /// The general path's matrix of the same piece.
    static func general(_ chunk: InputChunks.Chunk, plan: ColumnPlan) throws -> Matrix {
        let reader = try CSVReader(bytes: chunk.bytes, file: "rows.csv")
        var problems = InputProblems()
        let matrix = plan.transform(reader, problems: &problems)
        #expect(!problems.hasErrors(policy: .ignore))
        return matrix
    }

    @Test(
        "plain numbers, in any column order, with an ignored text column and no final line break",
        arguments: [
            "1.5,row-1,-2\n3e-4,x,0.1234567891\n-0,y,12345678.25\n",
            "0.4967141530,a,-0.1382643012\n1E+5,b,7",
            "-9007199254740992,c,1.5e-12\n",
        ])
    func sameAsTheGeneralPath(_ body: String) throws {
        let plan = try Self.plan()
        let chunk = Self.chunk(body)
        let plain = try #require(PlainNumericRows.transform(chunk, plan: plan, columns: 3))
        let expected = try Self.general(chunk, plan: plan)
        #expect(plain.features.storage.map(\.bitPattern) == expected.storage.map(\.bitPattern))
        #expect(plain.rows == expected.rows)
    }

    @Test(
        "anything else goes to the general path",
        arguments: [
            "1,\"q\",2\n",  // a quote
            "1, x,2\n",  // fine: spaces in an ignored column are still plain …
            "1,x, 2\n",  // … but not around a number the model reads
            "1,x,2\r\n",  // a carriage return
            "1,x,\n",  // a missing value
            "1,x,NA\n",  // a missing marker
            "1,x,two\n",  // text in a numeric column
            "1,x\n",  // too few fields
            "1,x,2,3\n",  // too many
            "1,é,2\n",  // bytes beyond ASCII (the general path checks UTF-8)
            "12345678901234567890,x,1\n",  // more digits than the exact fast path takes
            "1,x,1.0000000001e-22\n",  // an exponent beyond it
            "\n",  // an empty line
        ])
    func rejected(_ body: String) throws {
        let result = PlainNumericRows.transform(Self.chunk(body), plan: try Self.plan(), columns: 3)
        if body == "1, x,2\n" {
            #expect(result != nil)
        } else {
            #expect(result == nil, "\(body.debugDescription) needs the general path")
        }
    }
}
