import Foundation
import Testing

/// `ls`, `show`, `status --json`, the `latest` link, and what every reading command does with a bundle that is
/// partial, damaged, from an older format, or not a bundle at all.
@Suite("Reading bundles back", .serialized)
struct BundleCommandsTests {
    static let grid = """
        name: iris-small
        seed: 7
        dataset: {source: builtin:iris, test_size: 0.2, preprocess: [standardize]}
        model: {type: logistic_regression, C: {loguniform: [0.001, 100], grid: 5}}
        cv: {scheme: stratified_kfold, folds: 4}
        search: {strategy: grid, metric: accuracy}
        """

    static func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test(
        "ls, show and status print valid JSON (an array for several bundles, lines with --jsonl); latest names the last run"
    )
    func listShowStatus() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try ReportTests.run(Self.grid, in: directory)
        let second = try ReportTests.run(
            Self.grid.replacingOccurrences(of: "grid: 5", with: "grid: 3"), name: "other.yaml", in: directory)
        let latest = try FileManager.default.destinationOfSymbolicLink(
            atPath: directory.appendingPathComponent("runs/iris-small/latest").path)
        #expect(latest == second.lastPathComponent)

        let status = try HyperplanProcess.run(["status", "runs/iris-small", "--json"], in: directory)
        let statuses = try #require(
            try Self.json(status.standardOutput) as? [[String: Any]], "status of two bundles is one array")
        #expect(statuses.count == 2, "the latest link is not a third bundle")
        let single = try HyperplanProcess.run(["status", first.path, "--json"], in: directory)
        #expect(try Self.json(single.standardOutput) is [String: Any])
        let lines = try HyperplanProcess.run(["ls", "--jsonl"], in: directory)
        let listed = try lines.standardOutput.split(separator: "\n").map {
            try #require(try Self.json(String($0)) as? [String: Any])
        }
        #expect(listed.count == 2)
        #expect(listed.first?["latest"] as? Bool == true, "newest first")

        let show = try HyperplanProcess.run(["show", "runs/iris-small", "--top", "3"], in: directory)
        #expect(show.status == 0)
        #expect(show.standardOutput.contains("top 3 by accuracy"))
        #expect(show.standardOutput.contains(second.lastPathComponent), "an experiment folder shows its latest bundle")
        let shown = try #require(
            try Self.json(HyperplanProcess.run(["show", first.path, "--json"], in: directory).standardOutput)
                as? [String: Any])
        let summary = try #require(
            try Self.json(String(contentsOf: first.appendingPathComponent("summary.json"), encoding: .utf8))
                as? [String: Any])
        let best = try #require(shown["best"] as? [String: Any])
        #expect(best["trial"] as? Int == (summary["best"] as? [String: Any])?["trial"] as? Int)
    }

    @Test("a bundle whose run was killed is read from its journal, ranks and flags as the finished run's")
    func partialBundleFromTheJournal() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bundle = try ReportTests.run(Self.grid, in: directory)
        let complete = try #require(
            try Self.json(
                HyperplanProcess.run(["show", bundle.path, "--json", "--top", "50"], in: directory).standardOutput)
                as? [String: Any])
        // What a run killed before writing its result files leaves: the journal and the preamble.
        for file in ["summary.json", "trials.jsonl", "results.csv", "model.json"] {
            try FileManager.default.removeItem(at: bundle.appendingPathComponent(file))
        }
        let partial = try HyperplanProcess.run(["show", bundle.path, "--json", "--top", "50"], in: directory)
        #expect(partial.status == 0, "\(partial.standardError)")
        let shown = try #require(try Self.json(partial.standardOutput) as? [String: Any])
        #expect(shown["partial"] as? Bool == true)
        #expect((shown["top"] as? NSArray) == (complete["top"] as? NSArray), "the same trials, ranks, scores and flags")
        let report = try HyperplanProcess.run(["report", bundle.path, "--output", "report"], in: directory)
        #expect(report.status == 0)
        #expect(report.standardError.contains("has not finished"))
        let page = try String(contentsOf: directory.appendingPathComponent("report/index.html"), encoding: .utf8)
        #expect(page.contains("partial"))

        // A torn last line is ignored, and said so.
        let journal = bundle.appendingPathComponent("journal.jsonl")
        let handle = try FileHandle(forWritingTo: journal)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"node\":\"abc\",\"ki".utf8))
        try handle.close()
        let torn = try HyperplanProcess.run(["show", bundle.path], in: directory)
        #expect(torn.status == 0)
    }

    @Test("not a bundle, an older format, a damaged file: one sentence each and a non-zero exit, nothing written")
    func badBundles() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("empty"), withIntermediateDirectories: true)
        for command in [
            ["report", "empty"], ["show", "empty"], ["compare", "empty", "empty"], ["reproduce", "empty"],
            ["status", "empty"],
        ] {
            let result = try HyperplanProcess.run(command, in: directory)
            #expect(result.status == 2, "\(command): \(result.standardError)")
            #expect(result.standardError.contains("holds no result bundle"), "\(command): \(result.standardError)")
        }
        let missing = try HyperplanProcess.run(["report", "nowhere"], in: directory)
        #expect(missing.status == 2 && missing.standardError.contains("'nowhere' does not exist"))

        let bundle = try ReportTests.run(Self.grid, in: directory)
        // An older format: no format field in summary.json or the journal's header.
        let summaryURL = bundle.appendingPathComponent("summary.json")
        let summary = try String(contentsOf: summaryURL, encoding: .utf8)
        try summary.replacingOccurrences(of: "\"format\": 2,", with: "").write(
            to: summaryURL, atomically: true, encoding: .utf8)
        let old = try HyperplanProcess.run(["report", bundle.path, "--output", "report"], in: directory)
        #expect(old.status == 1)
        #expect(old.standardError.contains("bundle format 1"), "\(old.standardError)")
        // Damaged: a trials.jsonl line that is not JSON, named with its line.
        try summary.write(to: summaryURL, atomically: true, encoding: .utf8)
        let trialsURL = bundle.appendingPathComponent("trials.jsonl")
        var trials = try String(contentsOf: trialsURL, encoding: .utf8).split(separator: "\n").map(String.init)
        trials[2] = "{\"trial\": 2, \"status\": "
        try (trials.joined(separator: "\n") + "\n").write(to: trialsURL, atomically: true, encoding: .utf8)
        let damaged = try HyperplanProcess.run(["show", bundle.path], in: directory)
        #expect(damaged.status == 1)
        #expect(damaged.standardError.contains("trials.jsonl:3"), "\(damaged.standardError)")
    }
}
