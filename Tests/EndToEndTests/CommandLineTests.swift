import Foundation
import HyperplanCore
import Testing

/// The built binary, run as users run it: exit statuses, what goes to stdout and stderr, what is written.
@Suite("hyperplan executable")
struct CommandLineTests {
    @Test("run executes the quickstart, prints the best configuration and writes the bundle under ./runs")
    func quickstart() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try HyperplanProcess.run(["run", HyperplanProcess.example("quickstart.yaml")], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("best: trial "))
        #expect(result.standardOutput.contains("cv accuracy: "))
        #expect(result.standardOutput.contains("test accuracy: "))
        #expect(result.standardError.contains("[7/7] trial "), "one progress line per trial on stderr")
        let bundleLine = try #require(result.standardOutput.split(separator: "\n").first { $0.hasPrefix("bundle: ") })
        let bundle = directory.appendingPathComponent(String(bundleLine.dropFirst("bundle: ".count)))
        #expect(bundle.path.contains("/runs/iris-logistic/"))
        for name in [
            "experiment.yaml", "resolved.json", "plan.json", "trials.jsonl", "results.csv", "summary.json",
            "model.json", "environment.json", "timings.json",
        ] {
            #expect(FileManager.default.fileExists(atPath: bundle.appendingPathComponent(name).path), "\(name)")
        }
    }

    @Test("run executes the diabetes ridge example with one job")
    func diabetesRidge() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try HyperplanProcess.run(
            ["run", HyperplanProcess.example("diabetes-ridge.yaml"), "-j", "1", "--quiet"], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty, "--quiet prints nothing on stderr")
        #expect(result.standardOutput.contains("cv r2: 0.48"))
        let csv = try String(
            contentsOf: directory.appendingPathComponent("runs/diabetes-ridge")
                .appendingPathComponent(
                    try FileManager.default.contentsOfDirectory(
                        atPath: directory.appendingPathComponent("runs/diabetes-ridge").path)[0]
                )
                .appendingPathComponent("results.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 6)
    }

    @Test("-j 1 and -j 4 produce byte-identical deterministic files through the binary")
    func determinism() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for jobs in ["1", "4"] {
            let result = try HyperplanProcess.run(
                ["run", HyperplanProcess.example("quickstart.yaml"), "-j", jobs, "--output", "out-\(jobs)", "--quiet"],
                in: directory)
            #expect(result.status == 0, "\(result.standardError)")
        }
        let one = directory.appendingPathComponent("out-1/iris-logistic"),
            four = directory.appendingPathComponent("out-4/iris-logistic")
        let hashes = try FileManager.default.contentsOfDirectory(atPath: one.path)
        #expect(hashes == (try FileManager.default.contentsOfDirectory(atPath: four.path)))
        let hash = try #require(hashes.first)
        for name in [
            "experiment.yaml", "resolved.json", "plan.json", "trials.jsonl", "results.csv", "summary.json",
            "model.json", "environment.json",
        ] {
            let a = try Data(contentsOf: one.appendingPathComponent(hash).appendingPathComponent(name))
            let b = try Data(contentsOf: four.appendingPathComponent(hash).appendingPathComponent(name))
            #expect(a == b, "\(name) differs")
        }
    }

    @Test("an invalid experiment exits 2 with located diagnostics, and nothing is written")
    func invalidExperiment() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.yaml")
        try
            "name: bad\ndataset:\n  source: builtin:iris\nmodel:\n  type: logistic_regression\n  learning_rte: 0.1\n  C: {loguniform: [10, 1]}\n"
            .write(to: file, atomically: true, encoding: .utf8)
        for command in ["validate", "run"] {
            let result = try HyperplanProcess.run([command, "bad.yaml"], in: directory)
            #expect(result.status == 2)
            #expect(result.standardError.contains("bad.yaml:6:3: error: unknown key 'learning_rte' in 'model'"))
            #expect(result.standardError.contains("bad.yaml:7:19: error: the range for 'model.C' is inverted"))
            #expect(result.standardError.contains("  learning_rte: 0.1\n  ^\n"), "source line and caret")
            #expect(!result.standardError.contains("\u{1B}["), "no colour off a terminal")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("runs").path))
    }

    @Test("validate accepts the examples")
    func validateExamples() throws {
        let result = try HyperplanProcess.run(
            ["validate", HyperplanProcess.example("quickstart.yaml"), HyperplanProcess.example("diabetes-ridge.yaml")],
            in: HyperplanProcess.repository)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("quickstart.yaml: ok: logistic_regression, 7 configurations × 5 folds"))
        #expect(
            result.standardOutput.contains("diabetes-ridge.yaml: ok: linear_regression, 5 configurations × 5 folds"))
    }

    static let usageCases: [(arguments: [String], status: Int32)] = [
        (["run"], 2), (["frobnicate"], 2), (["run", "x.yaml", "-j", "0"], 2),
        (["plan", "x.yaml", "--format", "svg"], 2),
        (["--help"], 0), (["--version"], 0), (["run", "--help"], 0),
    ]

    @Test("usage errors exit 2; help and version exit 0", arguments: usageCases.map(\.arguments))
    func usage(_ arguments: [String]) throws {
        let status = Self.usageCases.first { $0.arguments == arguments }?.status ?? -1
        let result = try HyperplanProcess.run(arguments, in: FileManager.default.temporaryDirectory)
        #expect(result.status == status, "stdout: \(result.standardOutput)\nstderr: \(result.standardError)")
        if status == 0 { #expect(!result.standardOutput.isEmpty) } else { #expect(!result.standardError.isEmpty) }
    }

    @Test("a missing experiment file is a clear error, not a crash")
    func missingFile() throws {
        let result = try HyperplanProcess.run(["run", "nope.yaml"], in: FileManager.default.temporaryDirectory)
        #expect(result.status == 2)
        #expect(result.standardError.contains("no such file 'nope.yaml'"))
    }

    @Test("plan prints counts and the critical path, or the whole DAG as JSON or DOT")
    func plan() throws {
        let quickstart = HyperplanProcess.example("quickstart.yaml")
        let text = try HyperplanProcess.run(["plan", quickstart], in: HyperplanProcess.repository)
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("fit_score") && text.standardOutput.contains("critical path (10 nodes)"))
        let json = try HyperplanProcess.run(["plan", quickstart, "--format", "json"], in: HyperplanProcess.repository)
        let document = try JSONValue.parse(json.standardOutput)
        #expect(document["nodes"]?.arrayValue?.count == 55)
        let dot = try HyperplanProcess.run(["plan", quickstart, "--format", "dot"], in: HyperplanProcess.repository)
        #expect(dot.standardOutput.hasPrefix("digraph plan {"))
    }

    @Test("a run in which every trial fails exits 1 and still writes the bundle")
    func runFailure() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var csv = "x,label\n"
        for row in 0..<20 { csv += "\(row),\(row < 10 ? "a" : "b")\n" }
        try csv.write(to: directory.appendingPathComponent("blocked.csv"), atomically: true, encoding: .utf8)
        try
            "name: doomed\ndataset: {source: blocked.csv, target: label}\nmodel: {type: logistic_regression}\ncv: {scheme: kfold, folds: 2}\n"
            .write(to: directory.appendingPathComponent("doomed.yaml"), atomically: true, encoding: .utf8)
        let result = try HyperplanProcess.run(["run", "doomed.yaml"], in: directory)
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("no trial succeeded"))
        #expect(result.standardError.contains("failed: fold 0:"))
        let experiment = directory.appendingPathComponent("runs/doomed")
        let bundles = try FileManager.default.contentsOfDirectory(atPath: experiment.path).filter { $0 != "latest" }
        #expect(bundles.count == 1)
        let latest = try FileManager.default.destinationOfSymbolicLink(
            atPath: experiment.appendingPathComponent("latest").path)
        #expect([latest] == bundles, "runs/NAME/latest points at the bundle")
    }
}
