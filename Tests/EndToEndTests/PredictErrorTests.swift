import Foundation
import HyperplanCore
import Testing

/// Bad input and unusable bundles: one clear message on standard error, exit status 2 (input, usage) or 1 (the
/// bundle), and no output file.
@Suite("Predict refuses bad input and unusable bundles")
struct PredictErrorTests {
    static let header = "island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year"
    static let row = "Biscoe,45.1,14.5,215,5000,female,2008"

    /// The penguins bundle: impute, one-hot and standardize in front of a logistic regression.
    static func penguins() throws -> URL {
        let testCase = try #require(PredictTests.cases.first { $0.name == "logistic-penguins" })
        return try PredictWorkspace.bundle(testCase.name, testCase.yaml)
    }

    /// Runs `predict` on `bundle` with `csv` as the input (in a fresh folder) writing `out.csv`.
    static func predict(_ bundle: String, csv: String?, _ extra: [String] = [], in folder: URL? = nil) throws
        -> (result: HyperplanProcess.Result, wroteOutput: Bool)
    {
        let scratch = try folder ?? PredictWorkspace.scratch()
        if let csv { try csv.write(to: scratch.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8) }
        let result = try HyperplanProcess.run(
            ["predict", bundle, "--input", "rows.csv", "--output", "out.csv"] + extra, in: scratch)
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch.path)
        return (result, files.contains { $0.hasPrefix("out.csv") || $0.hasPrefix(".out.csv") })
    }

    @Test(
        "bad input exits 2 with the problem named and writes nothing",
        arguments: [
            (
                "a missing feature column",
                "bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year\n1,2,3,4,male,5\n",
                "error: the model needs column 'island', which the file does not have"
            ),
            (
                "text in a numeric column", "\(header)\n\(row)\nDream,long,14.5,215,5000,male,2008\n",
                "rows.csv:3:7: error: column 'bill_length_mm' holds the text 'long' where the model reads a number"
            ),
            ("an empty file", "", "rows.csv: error: the input file is empty"),
            ("a header without rows", "\(header)\n", "rows.csv: error: the file has a header but no rows"),
            (
                "a non-finite number", "\(header)\nDream,inf,14.5,215,5000,male,2008\n",
                "rows.csv:2:7: error: column 'bill_length_mm' has a non-finite value 'inf'"
            ),
            ("malformed CSV", "\(header)\nDream,1\n", "rows.csv:2:1: error: row has 2 fields but the header has 7"),
        ])
    func badInput(_ what: String, _ csv: String, _ message: String) throws {
        let (result, wrote) = try Self.predict(try Self.penguins().path, csv: csv)
        #expect(result.status == 2, "\(what): \(result.standardError)")
        #expect(result.standardError.contains(message), "\(what): \(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        #expect(!wrote, "\(what) wrote an output file")
    }

    @Test("an unseen category: all-zero columns and a warning by default; an error with --unknown-categories error")
    func unseenCategory() throws {
        let bundle = try Self.penguins().path
        let csv = "\(Self.header)\n\(Self.row)\nAtlantis,45.1,14.5,215,5000,female,2008\n"
        let (ignored, wroteIgnored) = try Self.predict(bundle, csv: csv)
        #expect(ignored.status == 0, "\(ignored.standardError)")
        #expect(wroteIgnored)
        #expect(
            ignored.standardError.contains(
                "rows.csv:3:1: warning: 1 row has categories of column 'island' that the model did not see in "
                    + "training ('Atlantis'); their one-hot columns are all 0"), "\(ignored.standardError)")
        let (refused, wroteRefused) = try Self.predict(bundle, csv: csv, ["--unknown-categories", "error"])
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("rows.csv:3:1: error: column 'island' has the category 'Atlantis'"))
        #expect(!wroteRefused)
    }

    @Test("missing values are filled when the model imputes, an error with an explanation when it cannot")
    func missingValues() throws {
        let (filled, _) = try Self.predict(try Self.penguins().path, csv: "\(Self.header)\nNA,,14.5,215,5000,,2008\n")
        #expect(filled.status == 0, "\(filled.standardError)")
        let iris = try #require(PredictTests.cases.first { $0.name == "logistic-multiclass" })
        let bundle = try PredictWorkspace.bundle(iris.name, iris.yaml)
        let csv = "sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)\n5.1,,1.4,0.2\n"
        let (refused, wrote) = try Self.predict(bundle.path, csv: csv)
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("rows.csv:2:5: error: column 'sepal width (cm)' has a missing value"))
        #expect(refused.standardError.contains("note: the model has no fill value for it"))
        #expect(!wrote)
    }

    @Test("extra columns are ignored with a note; predictions go to standard output without --output")
    func extraColumnsAndStandardOutput() throws {
        let scratch = try PredictWorkspace.scratch()
        try "id,\(Self.header),comment\n7,\(Self.row),hello\n".write(
            to: scratch.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
        let result = try HyperplanProcess.run(
            ["predict", try Self.penguins().path, "--input", "rows.csv"], in: scratch)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("row,predicted\n0,"))
        #expect(result.standardOutput.split(separator: "\n").count == 2)
        #expect(
            result.standardError == "rows.csv: note: ignoring columns the model does not read: 'id', 'comment'\n")
    }

    @Test("usage errors exit 2: --proba on a regression, an output inside the bundle, a path that is not a bundle")
    func usageErrors() throws {
        let linear = try #require(PredictTests.cases.first { $0.name == "linear" })
        let regression = try PredictWorkspace.bundle(linear.name, linear.yaml)
        let csv = "age,sex,bmi,bp,s1,s2,s3,s4,s5,s6\n0.03,0.05,0.06,0.02,-0.04,-0.03,-0.04,0.0,0.02,-0.01\n"
        let (proba, wroteProba) = try Self.predict(regression.path, csv: csv, ["--proba"])
        #expect(proba.status == 2)
        #expect(proba.standardError.contains("error: '--proba' needs a classifier, but the model is a regression"))
        #expect(!wroteProba)

        let scratch = try PredictWorkspace.scratch()
        try "\(Self.header)\n\(Self.row)\n".write(
            to: scratch.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
        let bundle = try Self.penguins()
        let inside = try HyperplanProcess.run(
            ["predict", bundle.path, "--input", "rows.csv", "--output", bundle.appendingPathComponent("p.csv").path],
            in: scratch)
        #expect(inside.status == 2)
        #expect(inside.standardError.contains("is inside the bundle; predict never writes into a bundle"))
        #expect(!FileManager.default.fileExists(atPath: bundle.appendingPathComponent("p.csv").path))

        let (notBundle, _) = try Self.predict(scratch.path, csv: nil, in: scratch)
        #expect(notBundle.status == 2)
        #expect(notBundle.standardError.contains("holds no result bundle: give a bundle (runs/NAME/HASH)"))
    }

    @Test("an experiment's folder names its only bundle, or its 'latest'; with several and no link, they are listed")
    func experimentFolder() throws {
        let bundle = try Self.penguins()
        let copy = try PredictWorkspace.scratch().appendingPathComponent("penguins")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: bundle, to: copy.appendingPathComponent("aaaaaaaaaaaa"))
        let csv = "\(Self.header)\n\(Self.row)\n"
        let (only, _) = try Self.predict(copy.path, csv: csv)
        #expect(only.status == 0, "\(only.standardError)")

        try FileManager.default.copyItem(at: bundle, to: copy.appendingPathComponent("bbbbbbbbbbbb"))
        let (ambiguous, wrote) = try Self.predict(copy.path, csv: csv)
        #expect(ambiguous.status == 2)
        #expect(ambiguous.standardError.contains("holds several bundles and no 'latest' link; name one: "))
        #expect(ambiguous.standardError.contains("aaaaaaaaaaaa") && ambiguous.standardError.contains("bbbbbbbbbbbb"))
        #expect(!wrote)

        try FileManager.default.createSymbolicLink(
            atPath: copy.appendingPathComponent("latest").path, withDestinationPath: "bbbbbbbbbbbb")
        let (latest, _) = try Self.predict(copy.path, csv: csv)
        #expect(latest.status == 0, "\(latest.standardError)")
    }
}
