import Datasets
import Foundation
import HyperplanCore
import Testing

@testable import Inference

/// The input is read in pieces of whole records, predicted in parallel and put back in order: the result, and
/// the lines errors point at, are those of reading it whole.
@Suite("Input read in pieces")
struct ChunkedInputTests {
    static func temporary(_ name: String, _ text: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hyperplan-chunks-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("pieces end at record boundaries, also with quoted line breaks, and together hold the whole file")
    func boundaries() throws {
        var text = "a,\"b\nc\"\n"
        for row in 0..<200 { text += row % 7 == 0 ? "\(row),\"x\n\"\"y\"\"\"\n" : "\(row),plain\n" }
        text += "last,row"
        let url = try Self.temporary("rows.csv", text)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        for size in [1, 5, 16, 100, 1 << 20] {
            var chunks = try InputChunks(path: url.path, pieceSize: size)
            #expect(chunks.header == Array("a,\"b\nc\"\n".utf8))
            var body: [UInt8] = []
            var rows = 0
            while let chunk = try chunks.next() {
                #expect(Array(chunk.bytes[..<chunk.bodyStart]) == chunks.header)
                body += chunk.bytes[chunk.bodyStart...]
                rows += try CSVReader(bytes: chunk.bytes, file: "rows.csv").rowCount
            }
            #expect(chunks.header + body == Array(text.utf8), "piece size \(size)")
            #expect(rows == 201, "piece size \(size)")
        }
    }

    /// A bundle folder holding only a `model.json`: y = 2a − b + 1 after standardizing a.
    static func linearBundle() throws -> URL {
        let preprocessing = StoredPreprocessing(
            plan: PreprocessingPlan([.standardize]),
            columns: [
                .numeric(name: "a", fill: nil, center: 1, scale: 4),
                .numeric(name: "b", fill: nil, center: 0, scale: 1),
            ])
        let file = ModelFile(
            type: "linear_regression", trial: 0, hyperparameters: .object([:]), schedule: .null, task: .regression,
            target: "y", featureNames: preprocessing.featureNames, classes: nil, preprocessing: preprocessing,
            parameters: .object(["coefficients": .array([.double(2), .double(-1)]), "intercept": .double(1)]),
            fitReport: .null, trainScores: [:])
        let url = try Self.temporary(ModelFile.fileName, file.json.prettyString())
        return url.deletingLastPathComponent()
    }

    static func request(_ bundle: URL, _ input: URL) -> Prediction.Request {
        Prediction.Request(
            bundle: bundle, bundleDisplay: "bundle", input: input.path, output: nil, probabilities: false,
            unknownCategories: .ignore)
    }

    @Test("small pieces give the same output as one piece, and errors keep their file lines")
    func samePredictionsAndLines() async throws {
        let bundle = try Self.linearBundle()
        defer { try? FileManager.default.removeItem(at: bundle) }
        var text = "b,a\n"
        for row in 0..<500 { text += "\(Double(row) * 0.25),\(Double(row % 17) - 3.5)\n" }
        let good = bundle.appendingPathComponent("good.csv")
        try text.write(to: good, atomically: true, encoding: .utf8)
        let whole = try await Prediction.run(Self.request(bundle, good))
        #expect(whole.rows == 500)
        #expect(String(decoding: whole.csv, as: UTF8.self).hasPrefix("row,predicted\n0,-1.25\n1,-1\n"))
        for size in [7, 64, 1000] {
            let pieces = try await Prediction.run(Self.request(bundle, good), pieceSize: size)
            #expect(pieces.csv == whole.csv, "piece size \(size)")
        }

        // A blank line, then bad values on lines 300 and 450: the message points at the file's lines.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.insert("", at: 10)
        lines[299] = "1,x"
        lines[449] = "1,y"
        let bad = bundle.appendingPathComponent("bad.csv")
        try lines.joined(separator: "\n").write(to: bad, atomically: true, encoding: .utf8)
        for size in [7, 64, 1 << 20] {
            var error: PredictionError?
            do {
                _ = try await Prediction.run(Self.request(bundle, bad), pieceSize: size)
            } catch let caught {
                error = caught
            }
            #expect(error != nil)
            #expect(error?.diagnostics.first?.location == SourceLocation(file: bad.path, line: 300, column: 3))
            #expect(error?.diagnostics.first?.message.contains("(and on 1 more row)") == true)
        }
    }
}
