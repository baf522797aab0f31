import ExperimentSpec
import Foundation
import HyperplanCore
import Testing

/// Golden files pin the rendered text of diagnostics: the compiler-style layout users read.
@Suite("Diagnostic rendering")
struct DiagnosticRenderingTests {
    static let corpus = CorpusFile.directory

    /// Renders the diagnostics of a corpus file as `hyperplan validate` prints them (without colour),
    /// with the file shown as `experiment.yaml` so the golden text does not depend on the checkout's path.
    func render(_ name: String) throws -> String {
        let url = Self.corpus.appendingPathComponent("invalid").appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        let report = ExperimentLoader.validate(
            text: text, path: "experiment.yaml", baseDirectory: url.deletingLastPathComponent())
        return DiagnosticRenderer(colored: false, sources: report.sources).render(report.diagnostics)
    }

    @Test(
        "rendered diagnostics match their golden files",
        arguments: [
            ("50-several-problems-at-once.yaml", "several-problems.txt"),
            ("02-duplicate-key.yaml", "duplicate-key.txt"),
            ("42-ragged-csv.yaml", "ragged-csv.txt"),
        ])
    func golden(_ input: String, _ goldenName: String) throws {
        let rendered = try render(input)
        let goldenURL = Self.corpus.appendingPathComponent("golden").appendingPathComponent(goldenName)
        if ProcessInfo.processInfo.environment["HYPERPLAN_UPDATE_GOLDEN"] == "1" {
            try rendered.write(to: goldenURL, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: goldenURL, encoding: .utf8)
        #expect(rendered == golden)
    }

    @Test("colour is only added when asked for, and the caret sits under the column")
    func caretAndColour() {
        let diagnostic = Diagnostic(
            "unknown-key", .error, "unknown key 'x'", at: SourceLocation(file: "f.yaml", line: 2, column: 3))
        let sources = ["f.yaml": "a: 1\n  x: 2\n"]
        let plain = DiagnosticRenderer(colored: false, sources: sources).render(diagnostic)
        #expect(plain == "f.yaml:2:3: error: unknown key 'x'\n  x: 2\n  ^\n")
        let colored = DiagnosticRenderer(colored: true, sources: sources).render(diagnostic)
        #expect(colored.contains("\u{1B}["))
        #expect(colored.contains("f.yaml:2:3:"))
    }
}

/// Diagnostics never print lines of a file that is not the experiment's own.
@Suite("Quoting files")
struct ForeignFileQuotingTests {
    @Test("a CSV outside the experiment's folder, named directly or through a link, is located but never quoted")
    func foreignFileNotQuoted() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hyperplan-quote-\(UUID().uuidString)")
        let project = root.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let secret = "x\nroot,secret-hash,19000\n"
        let outside = root.appendingPathComponent("shadow")
        try Data(secret.utf8).write(to: outside)
        try Data(secret.utf8).write(to: project.appendingPathComponent("own.csv"))
        try FileManager.default.createSymbolicLink(
            at: project.appendingPathComponent("link.csv"), withDestinationURL: outside)
        for (source, quoted) in [(outside.path, false), ("link.csv", false), ("own.csv", true)] {
            let text = "name: t\ndataset: {source: \(source), target: x}\nmodel: {type: logistic_regression}\n"
            let report = ExperimentLoader.validate(text: text, path: "experiment.yaml", baseDirectory: project)
            #expect(report.diagnostics.contains { $0.id == "csv-field-count" && $0.location?.line == 2 }, "\(source)")
            let rendered = DiagnosticRenderer(sources: report.sources).render(report.diagnostics)
            #expect(rendered.contains("secret-hash") == quoted, "\(source):\n\(rendered)")
        }
    }
}
