import Foundation
import HyperplanCore
import HyperplanTestSupport
import Testing

/// `hyperplan run FOLDER`: every experiment in it under one worker pool; broken ones do not stop the rest;
/// complete, unchanged bundles are skipped; a table ends the run.
@Suite("Batches of experiments", .tags(.slow))
struct BatchTests {
    @Test("a folder runs every experiment, reports the broken one, and a second run skips what is up to date")
    func folder() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("batch")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["quickstart.yaml", "diabetes-ridge.yaml"] {
            try FileManager.default.copyItem(
                atPath: HyperplanProcess.example(name), toPath: folder.appendingPathComponent(name).path)
        }
        try "name: broken\ndataset: {source: builtin:irs}\nmodel: {type: logistic_regression}\n"
            .write(to: folder.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)

        let first = try HyperplanProcess.run(["run", "batch", "-j", "2"], in: directory)
        #expect(first.status == 2, "an invalid experiment makes the batch's status 2\n\(first.standardError)")
        let rows = first.standardOutput.split(separator: "\n").map(String.init)
        #expect(rows.first?.hasPrefix("experiment") == true)
        #expect(rows.contains { $0.hasPrefix("batch/broken.yaml") && $0.contains("invalid") })
        #expect(rows.contains { $0.hasPrefix("iris-logistic") && $0.contains(" ok ") && $0.contains("7/7") })
        #expect(rows.contains { $0.hasPrefix("diabetes-ridge") && $0.contains(" ok ") && $0.contains("5/5") })
        #expect(first.standardError.contains("broken.yaml:2:19: error: unknown built-in dataset 'irs'"))

        try FileManager.default.removeItem(at: folder.appendingPathComponent("broken.yaml"))
        let second = try HyperplanProcess.run(["run", "batch", "-j", "2"], in: directory)
        #expect(second.status == 0, "\(second.standardError)")
        #expect(second.standardOutput.split(separator: "\n").filter { $0.contains("up to date") }.count == 2)
        #expect(!second.standardError.contains("running '"), "nothing runs again")
    }

    @Test("an edited training script makes its experiment out of date, as an edited data file would")
    func editedScriptIsNotUpToDate() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("batch")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = folder.appendingPathComponent("train.py")
        try "import json, sys\nprint(json.dumps({'score': float(sys.argv[1])}))\n"
            .write(to: script, atomically: true, encoding: .utf8)
        try """
        name: scripted
        model:
          type: command
          run: [python3, train.py, "{x}"]
          params:
            x: {choice: [1, 2]}
        search: {metric: score, goal: maximize}
        """.write(to: folder.appendingPathComponent("scripted.yaml"), atomically: true, encoding: .utf8)
        let first = try HyperplanProcess.run(["run", "batch"], in: directory)
        #expect(first.status == 0, "\(first.standardError)")
        let unchanged = try HyperplanProcess.run(["run", "batch"], in: directory)
        #expect(unchanged.standardOutput.contains("up to date"), "\(unchanged.standardOutput)")

        try "import json, sys\nprint(json.dumps({'score': -float(sys.argv[1])}))\n"
            .write(to: script, atomically: true, encoding: .utf8)
        let edited = try HyperplanProcess.run(["run", "batch"], in: directory)
        #expect(edited.status == 0, "\(edited.standardError)")
        #expect(!edited.standardOutput.contains("up to date"), "\(edited.standardOutput)")
        #expect(edited.standardOutput.contains("score -1.0000"), "the new script's results\n\(edited.standardOutput)")
    }

    /// The fault campaign's case: result files deleted, overwritten or edited after the run were trusted.
    @Test(
        "a bundle whose result files were deleted, overwritten or edited is not up to date: it is rewritten as it was",
        arguments: [
            ("trials.jsonl", "delete"), ("results.csv", "overwrite"), ("model.json", "edit"),
            ("manifest.json", "delete"),
        ])
    func damagedBundleIsRewritten(_ file: String, _ damage: String) throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("batch")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: HyperplanProcess.example("quickstart.yaml"), toPath: folder.appendingPathComponent("q.yaml").path)
        let first = try HyperplanProcess.run(["run", "batch", "-j", "2"], in: directory)
        #expect(first.status == 0, "\(first.standardError)")
        let experiment = directory.appendingPathComponent("runs/iris-logistic")
        let bundle = experiment.appendingPathComponent(
            try #require(try FileManager.default.contentsOfDirectory(atPath: experiment.path).first { $0 != "latest" }))
        let names = ["trials.jsonl", "results.csv", "model.json", "summary.json", "manifest.json"]
        var written: [String: Data] = [:]
        for name in names { written[name] = try Data(contentsOf: bundle.appendingPathComponent(name)) }
        let url = bundle.appendingPathComponent(file)
        switch damage {
        case "delete": try FileManager.default.removeItem(at: url)
        case "overwrite": try Data("trial,score\n".utf8).write(to: url)
        default:
            let text = try String(contentsOf: url, encoding: .utf8)
            try text.replacingOccurrences(of: "\"coefficients\"", with: "\"coefficientz\"").write(
                to: url, atomically: true, encoding: .utf8)
        }
        if file != "manifest.json" {
            let status = try HyperplanProcess.run(["status", "runs/iris-logistic"], in: directory)
            #expect(status.standardOutput.contains("warning: result files: \(file)"), "\(status.standardOutput)")
        }

        let second = try HyperplanProcess.run(["run", "batch", "-j", "2"], in: directory)
        #expect(second.status == 0, "\(second.standardError)")
        #expect(!second.standardOutput.contains("up to date"), "\(second.standardOutput)")
        #expect(second.standardError.contains("\(file)"), "the damage is said: \(second.standardError)")
        for name in names {
            #expect(try Data(contentsOf: bundle.appendingPathComponent(name)) == written[name], "\(name) as written")
        }
        let third = try HyperplanProcess.run(["run", "batch", "-j", "2"], in: directory)
        #expect(third.standardOutput.contains("up to date"), "\(third.standardOutput)")
    }
}
