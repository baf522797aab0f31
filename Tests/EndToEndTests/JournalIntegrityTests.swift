import Foundation
import HyperplanCore
import HyperplanTestSupport
import Testing

/// Damage to a bundle's journal, made by hand in real files, then a rerun with the real binary: a damaged
/// record anywhere is found (its checksum), skipped and said, its node runs again and every intact record is
/// kept; a damaged header is refused; `hyperplan repair` rewrites the journal; links are not followed.
@Suite("Journal integrity", .serialized, .tags(.slow))
struct JournalIntegrityTests {
    typealias Workspace = ResumeTests.Workspace

    /// The journal's lines, newline kept off.
    static func lines(of journal: URL) throws -> [String] {
        try String(contentsOf: journal, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map(String.init)
    }

    static func write(_ lines: [String], to journal: URL) throws {
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: journal)
    }

    /// `nodes: R of N reused, X run` from a run's summary.
    static func nodeCounts(_ output: String) -> (reused: Int, total: Int, run: Int)? {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("nodes: ") }) else { return nil }
        let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        return numbers.count == 3 ? (numbers[0], numbers[1], numbers[2]) : nil
    }

    func rerun(_ workspace: Workspace, _ extra: [String] = []) throws -> HyperplanProcess.Result {
        try HyperplanProcess.run(
            ["run", "resumable.yaml", "--output", "reference", "-j", "2"] + extra, in: workspace.directory)
    }

    @Test(
        "an edited score that keeps the JSON valid is found: that node runs again, the run says so, results unchanged")
    func editedScore() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        let reference = try workspace.reference()
        let journal = try workspace.bundle("reference").appendingPathComponent("journal.jsonl")
        var lines = try Self.lines(of: journal)
        let index = try #require(lines.firstIndex { $0.contains(#""kind":"fit_score""#) })
        let original = lines[index]
        // One digit of the validation score, the edit of the fault campaign.
        let prefix = try #require(original.range(of: #""validation":{"accuracy":0."#))
        let digit = original[prefix.upperBound]
        lines[index] = original.replacingCharacters(
            in: prefix.upperBound...prefix.upperBound, with: digit == "1" ? "2" : "1")
        try Self.write(lines, to: journal)
        let label = try #require(try JSONValue.parse(original)["label"]?.stringValue)

        let result = try rerun(workspace)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardError.contains("warning: journal line \(index + 1) (\(label)): its checksum does not match"),
            "\(result.standardError)")
        let counts = try #require(Self.nodeCounts(result.standardOutput), "\(result.standardOutput)")
        #expect(counts.run >= 1 && counts.run <= 6, "only the damaged node and what depends on it run: \(counts)")
        #expect(try workspace.files("reference") == reference, "the edited score did not reach the results")
        #expect(try Self.lines(of: journal)[index] == lines[index], "the journal is not rewritten without 'repair'")
    }

    @Test("a line that is not JSON in the middle of the journal keeps every intact record after it")
    func damagedMiddleLine() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        let reference = try workspace.reference()
        let journal = try workspace.bundle("reference").appendingPathComponent("journal.jsonl")
        var lines = try Self.lines(of: journal)
        let middle = lines.count / 2
        lines[middle] = String(lines[middle].dropFirst(7))  // A lost block: the line's start is gone.
        try Self.write(lines, to: journal)

        let result = try rerun(workspace)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardError.contains("journal line \(middle + 1): not readable JSON"), "\(result.standardError)")
        let counts = try #require(Self.nodeCounts(result.standardOutput), "\(result.standardOutput)")
        // Before checksums, everything after the damage was dropped: about half the nodes ran again.
        #expect(counts.run <= 6, "the records after the damaged line are kept: \(counts)")
        #expect(try workspace.files("reference") == reference)
    }

    @Test("a damaged header is refused with how to start over, the journal left as it was, status non-zero")
    func damagedHeader() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        _ = try workspace.reference()
        let bundle = try workspace.bundle("reference")
        let journal = bundle.appendingPathComponent("journal.jsonl")
        var lines = try Self.lines(of: journal)
        lines[0] = lines[0].replacingOccurrences(of: #""bundle_format":2"#, with: #""bundle_format":3"#)
        try Self.write(lines, to: journal)
        let before = try Data(contentsOf: journal)

        let result = try rerun(workspace)
        #expect(result.status != 0)
        #expect(result.standardError.contains("header of the journal"), "\(result.standardError)")
        #expect(result.standardError.contains("--fresh"), "\(result.standardError)")
        #expect(try Data(contentsOf: journal) == before, "a refused journal is not truncated")
        let status = try HyperplanProcess.run(["status", "reference/resumable"], in: workspace.directory)
        #expect(status.status != 0, "\(status.standardOutput)")
        let repair = try HyperplanProcess.run(["repair", "reference/resumable"], in: workspace.directory)
        #expect(repair.status == 1 && repair.standardError.contains("--fresh"), "\(repair.standardError)")
        let fresh = try rerun(workspace, ["--fresh", "--quiet"])
        #expect(fresh.status == 0, "\(fresh.standardError)")
    }

    @Test("repair drops the damaged lines atomically; the next run reuses every record and warns of nothing")
    func repairRewrites() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        let reference = try workspace.reference()
        let bundle = try workspace.bundle("reference")
        let journal = bundle.appendingPathComponent("journal.jsonl")
        var lines = try Self.lines(of: journal)
        let count = lines.count
        lines[3] = lines[3].replacingOccurrences(of: "\"kind\":", with: "\"kinx\":")
        lines[count - 2] = "\u{0}\u{0}garbage"
        try Self.write(lines, to: journal)
        try FileManager.default.createFile(atPath: journal.path + "x", contents: nil)  // Not a leftover: kept.

        let repair = try HyperplanProcess.run(["repair", "reference/resumable"], in: workspace.directory)
        #expect(repair.status == 0, "\(repair.standardError)")
        #expect(repair.standardOutput.contains("removed 2 damaged lines"), "\(repair.standardOutput)")
        #expect(repair.standardOutput.contains("removed line 4 ("), "\(repair.standardOutput)")
        #expect(
            repair.standardOutput.contains("removed line \(count - 1): not readable JSON"), "\(repair.standardOutput)")
        #expect(try Self.lines(of: journal).count == count - 2)
        let names = try FileManager.default.contentsOfDirectory(atPath: bundle.path)
        #expect(!names.contains { $0.contains(".tmp-") }, "no temporary file is left: \(names)")
        let again = try HyperplanProcess.run(["repair", "reference/resumable"], in: workspace.directory)
        #expect(again.standardOutput.contains("nothing to repair"), "\(again.standardOutput)")

        let result = try rerun(workspace)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.standardError.contains("warning"), "\(result.standardError)")
        #expect(try workspace.files("reference") == reference)
    }

    @Test("a format-1 journal (before checksums) is resumed as it is, and repair converts it")
    func formatOne() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        let reference = try workspace.reference()
        let journal = try workspace.bundle("reference").appendingPathComponent("journal.jsonl")
        // A format-1 journal: the same records without their checksums, the header saying format 1.
        let lines = try Self.lines(of: journal).map { line in
            var text = line
            if let end = text.range(of: #"",""#), text.hasPrefix(#"{"checksum":""#) {
                text = "{\"" + text[end.upperBound...]
            }
            return text.replacingOccurrences(of: #""journal":2"#, with: #""journal":1"#)
        }
        // The last record goes, so the rerun has one node to run and append.
        try Self.write(Array(lines.dropLast()), to: journal)

        let result = try rerun(workspace)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.standardError.contains("warning"), "\(result.standardError)")
        let resumed = try Self.lines(of: journal)
        #expect(resumed.count == lines.count)
        #expect(!resumed.contains { $0.contains("checksum") }, "a format-1 journal is appended to in its format")
        #expect(try workspace.files("reference") == reference)

        let repair = try HyperplanProcess.run(["repair", "reference/resumable"], in: workspace.directory)
        #expect(repair.standardOutput.contains("converted to format 2"), "\(repair.standardOutput)")
        #expect(try Self.lines(of: journal).allSatisfy { $0.hasPrefix(#"{"checksum":""#) })
        let after = try rerun(workspace)
        #expect(after.status == 0 && !after.standardError.contains("warning"), "\(after.standardError)")
        #expect(try workspace.files("reference") == reference)
    }

    @Test("a journal or lock that is a symbolic link is refused, and the file it points to is left alone")
    func linksNotFollowed() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        _ = try workspace.reference()
        let bundle = try workspace.bundle("reference")
        #expect(try Data(contentsOf: bundle.appendingPathComponent(".lock")).isEmpty, "a finished run empties .lock")
        let precious = workspace.directory.appendingPathComponent("precious.txt")
        for name in ["journal.jsonl", ".lock"] {
            try Data("precious\n".utf8).write(to: precious)
            let file = bundle.appendingPathComponent(name)
            let saved = try Data(contentsOf: file)
            try FileManager.default.removeItem(at: file)
            try FileManager.default.createSymbolicLink(at: file, withDestinationURL: precious)
            let result = try rerun(workspace)
            #expect(result.status != 0, "\(name)")
            #expect(result.standardError.contains("is a symbolic link"), "\(result.standardError)")
            #expect(try String(contentsOf: precious, encoding: .utf8) == "precious\n", "\(name)'s target was written")
            try FileManager.default.removeItem(at: file)
            try saved.write(to: file)
        }
    }
}
