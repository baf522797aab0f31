import ExperimentSpec
import Foundation
import HyperplanCore
import Testing

@Suite("Experiment file corpus")
struct ExperimentCorpusTests {
    static let invalidFiles =
        CorpusFile.all(in: "invalid") + CorpusFile.all(in: "invalid", under: CorpusFile.schemaCorpus)
    static let validFiles = CorpusFile.all(in: "valid") + CorpusFile.all(in: "valid", under: CorpusFile.schemaCorpus)

    @Test("the invalid corpus is large enough to cover the validator")
    func corpusSize() {
        #expect(Self.invalidFiles.count >= 25)
        #expect(Self.invalidFiles.allSatisfy { !$0.errors.isEmpty }, "every invalid file declares its expected errors")
    }

    @Test("each invalid file produces exactly its expected errors, by ID and position", arguments: invalidFiles)
    func invalidFile(_ file: CorpusFile) {
        let report = ExperimentLoader.load(path: file.path)
        #expect(report.loaded == nil)
        #expect(report.hasErrors)
        let actual = file.actual(report.diagnostics, severity: .error)
        #expect(
            actual == file.errors,
            "rendered:\n\(DiagnosticRenderer(sources: report.sources).render(report.diagnostics))")
    }

    @Test(
        "each valid file loads without errors and with exactly its expected warnings",
        arguments: validFiles + [
            CorpusFile(url: ExperimentCorpusTests.examples.appendingPathComponent("quickstart.yaml")),
            CorpusFile(url: ExperimentCorpusTests.examples.appendingPathComponent("diabetes-ridge.yaml")),
        ])
    func validFile(_ file: CorpusFile) throws {
        let report = ExperimentLoader.load(path: file.path)
        #expect(!report.hasErrors, "\(DiagnosticRenderer(sources: report.sources).render(report.diagnostics))")
        #expect(report.loaded != nil)
        #expect(file.actual(report.diagnostics, severity: .warning) == file.warnings)
    }

    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("experiments")
}
