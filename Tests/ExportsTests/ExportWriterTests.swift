import Exports
import Foundation
import Testing

/// Placing an exported file: atomically, never inside the bundle.
@Suite("Export writer")
struct ExportWriterTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hyperplan-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("runs/exp/abc"), withIntermediateDirectories: true)
    }

    var bundle: URL { folder.appendingPathComponent("runs/exp/abc") }

    @Test("writes the file and replaces an earlier one, leaving no temporary file")
    func writes() throws {
        let file = folder.appendingPathComponent("exp.optuna.jsonl")
        try ExportWriter.write("one\n", to: file, bundle: bundle)
        try ExportWriter.write("two\n", to: file, bundle: bundle)
        #expect(try String(contentsOf: file, encoding: .utf8) == "two\n")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["exp.optuna.jsonl", "runs"])
        try? FileManager.default.removeItem(at: folder)
    }

    @Test("refuses a destination inside the bundle, also through a symbolic link")
    func insideBundle() throws {
        let inside = bundle.appendingPathComponent("export.jsonl")
        #expect(throws: ExportError.self) { try ExportWriter.write("x", to: inside, bundle: bundle) }
        let link = folder.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: bundle)
        do {
            try ExportWriter.write("x", to: link.appendingPathComponent("export.jsonl"), bundle: bundle)
            Issue.record("a destination inside the bundle was accepted")
        } catch {
            #expect(error.code == .invalidDestination)
            #expect(error.message.contains("inside the bundle"))
        }
        #expect(!FileManager.default.fileExists(atPath: inside.path))
        try? FileManager.default.removeItem(at: folder)
    }

    @Test("a missing folder or a folder as the destination is refused in one sentence")
    func badDestination() throws {
        let missing = folder.appendingPathComponent("nowhere/export.jsonl")
        do {
            try ExportWriter.write("x", to: missing, bundle: bundle)
            Issue.record("a destination in a missing folder was accepted")
        } catch {
            #expect(error.code == .invalidDestination && error.message.hasSuffix("does not exist"))
        }
        do {
            try ExportWriter.write("x", to: folder.appendingPathComponent("runs"), bundle: bundle)
            Issue.record("a folder as the destination was accepted")
        } catch {
            #expect(error.code == .invalidDestination && error.message.contains("it is a folder"))
        }
        try? FileManager.default.removeItem(at: folder)
    }
}
