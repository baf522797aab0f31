import Foundation
import HyperplanTestSupport
import Testing

/// `hyperplan reproduce` and `hyperplan compare`, on real runs, real files and a real git repository.
@Suite("Reproduce and compare", .serialized, .tags(.slow))
struct ReproduceCompareTests {
    static let csvExperiment = """
        name: csv-ridge
        seed: 2
        dataset: {source: data.csv, target: y, preprocess: [standardize]}
        model: {type: linear_regression, penalty: l2, alpha: {choice: [0.1, 1, 10]}}
        cv: {scheme: kfold, folds: 4}
        search: {strategy: grid, metric: r2}
        """

    static func writeData(_ directory: URL, offset: Double = 0) throws {
        var lines = ["a,b,y"]
        for row in 0..<48 {
            let a = Double(row % 11) / 3, b = Double((row * 7) % 13) / 5
            lines.append("\(a),\(b),\(2 * a - b + offset + Double(row % 5) / 10)")
        }
        try (lines.joined(separator: "\n") + "\n").write(
            to: directory.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
    }

    @Test(
        "a fresh bundle reproduces byte for byte; an edited result file is named with its key; changed data stops the rerun"
    )
    func reproduce() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.writeData(directory)
        let bundle = try ReportTests.run(Self.csvExperiment, in: directory)
        let same = try HyperplanProcess.run(["reproduce", bundle.path], in: directory)
        #expect(same.status == 0, "\(same.standardOutput)\(same.standardError)")
        #expect(same.standardOutput.hasPrefix("reproduced:"))

        let summaryURL = bundle.appendingPathComponent("summary.json")
        let summary = try String(contentsOf: summaryURL, encoding: .utf8)
        try summary.replacingOccurrences(of: "\"planned_trials\": 3", with: "\"planned_trials\": 4").write(
            to: summaryURL, atomically: true, encoding: .utf8)
        let edited = try HyperplanProcess.run(["reproduce", bundle.path], in: directory)
        #expect(edited.status == 1)
        #expect(
            edited.standardOutput.contains("summary.json: first difference at key 'counts.planned_trials'"),
            "\(edited.standardOutput)")
        #expect(!edited.standardOutput.contains("results.csv"), "only the edited file differs")
        #expect(
            edited.standardError.contains("warning: summary.json differs from what the run wrote"),
            "the manifest tells an edit after the run from a failure to reproduce: \(edited.standardError)")

        try Self.writeData(directory, offset: 0.25)
        let changed = try HyperplanProcess.run(["reproduce", bundle.path], in: directory)
        #expect(changed.status == 1)
        #expect(changed.standardError.contains("changed since the bundle was written"), "\(changed.standardError)")
        #expect(changed.standardError.contains("nothing was run"))
    }

    @Test(
        "compare names each changed key with file:line, pairs the folds when they are the same, and --rev finds the bundle of an older commit"
    )
    func compare() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.writeData(directory)
        func git(_ arguments: String...) throws {
            let result = Process()
            result.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            result.arguments = ["git", "-C", directory.path] + arguments
            result.standardOutput = FileHandle.nullDevice
            result.standardError = FileHandle.nullDevice
            try result.run()
            result.waitUntilExit()
            #expect(result.terminationStatus == 0, "git \(arguments)")
        }
        try git("init", "-q")
        try git("config", "user.email", "test@example.com")
        try git("config", "user.name", "Test")
        let old = try ReportTests.run(Self.csvExperiment, in: directory)
        try git("add", "experiment.yaml", "data.csv")
        try git("commit", "-q", "-m", "first")
        let edited = Self.csvExperiment.replacingOccurrences(of: "[0.1, 1, 10]", with: "[0.01, 0.1, 1, 10, 100]")
        let new = try ReportTests.run(edited, in: directory)
        try git("commit", "-q", "-am", "wider grid")

        let (oldPath, newPath) = ("runs/csv-ridge/\(old.lastPathComponent)", "runs/csv-ridge/\(new.lastPathComponent)")
        let result = try HyperplanProcess.run(["compare", oldPath, newPath], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("model.alpha"))
        #expect(result.standardOutput.contains("experiment.yaml:4"), "the line of the key (model: {…, alpha: …})")
        #expect(
            result.standardOutput.contains("paired per-fold comparison of bundle 2 with bundle 1 (the same 4 folds)"))
        let json = try #require(
            try JSONSerialization.jsonObject(
                with: Data(
                    HyperplanProcess.run(["compare", oldPath, newPath, "--format", "json"], in: directory)
                        .standardOutput.utf8)) as? [String: Any])
        let paired = try #require((json["paired"] as? [[String: Any]])?.first)
        #expect((paired["differences"] as? [Any])?.count == 4)

        let byRevision = try HyperplanProcess.run(["compare", newPath, "--rev", "HEAD~1"], in: directory)
        #expect(byRevision.status == 0, "\(byRevision.standardError)")
        #expect(
            byRevision.standardOutput.contains("1  runs/csv-ridge/\(old.lastPathComponent)"),
            "the older commit's bundle is the baseline: \(byRevision.standardOutput)")
        let html = try HyperplanProcess.run(
            ["compare", oldPath, newPath, "--format", "html", "--output", "cmp"], in: directory)
        #expect(html.status == 0)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("cmp/index.html").path))
    }
}
