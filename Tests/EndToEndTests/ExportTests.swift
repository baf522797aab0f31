import Foundation
import HyperplanCore
import Testing

/// `hyperplan export` through the binary: the file written, its determinism, and each kind of bad input.
@Suite("hyperplan export")
struct ExportTests {
    /// A folder with the quickstart's bundle in `runs/iris-logistic/<hash>`.
    static func quickstartBundle() throws -> (directory: URL, bundle: String) {
        let directory = try HyperplanProcess.temporaryDirectory()
        let run = try HyperplanProcess.run(
            ["run", HyperplanProcess.example("quickstart.yaml"), "--quiet"], in: directory)
        #expect(run.status == 0, "\(run.standardError)")
        let line = try #require(run.standardOutput.split(separator: "\n").first { $0.hasPrefix("bundle: ") })
        return (directory, String(line.dropFirst("bundle: ".count)))
    }

    @Test("exports the quickstart as an Optuna journal: one study, seven complete trials, the same bytes twice")
    func quickstart() throws {
        let (directory, bundle) = try Self.quickstartBundle()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try HyperplanProcess.run(["export", bundle, "--format", "optuna-journal"], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardOutput
                == "exported \(bundle) as optuna-journal to iris-logistic.optuna.jsonl: 7 trials: 7 complete\n")
        #expect(result.standardError.isEmpty)
        let file = directory.appendingPathComponent("iris-logistic.optuna.jsonl")
        let text = try String(contentsOf: file, encoding: .utf8)
        let entries = try text.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        #expect(entries.first?["op_code"] == .int(0))
        #expect(entries.first?["study_name"] == .string("iris-logistic"))
        #expect(entries.first?["directions"] == .array([.int(2)]))
        let trials = entries.filter { $0["op_code"] == .int(4) }
        #expect(trials.count == 7)
        #expect(trials.allSatisfy { $0["state"] == .int(1) && $0["value"]?.doubleValue != nil })
        #expect(trials.map { $0["user_attrs"]?["hyperplan_trial"] } == (0..<7).map { .int($0) })
        let distribution = trials.first?["distributions"]?["model.C"]?.stringValue
        #expect(
            distribution
                == #"{"attributes":{"high":1000.0,"log":true,"low":0.001,"step":null},"name":"FloatDistribution"}"#)
        let attributes = entries.filter { $0["op_code"] == .int(2) }.compactMap { $0["user_attr"]?.objectValue }
        let keys = attributes.flatMap(\.keys)
        #expect(["bundle", "experiment", "metric", "best_trial", "test"].allSatisfy(keys.contains))

        // The experiment's folder names its latest bundle; the same bundle gives the same bytes.
        let again = try HyperplanProcess.run(
            ["export", "runs/iris-logistic", "--format", "optuna-journal", "--output", "again.jsonl"], in: directory)
        #expect(again.status == 0, "\(again.standardError)")
        let second = try String(contentsOf: directory.appendingPathComponent("again.jsonl"), encoding: .utf8)
        #expect(second == text)
    }

    @Test("a bundle whose run has not finished exports its finished trials, with a note")
    func partial() throws {
        let (directory, bundle) = try Self.quickstartBundle()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.removeItem(at: directory.appendingPathComponent(bundle + "/summary.json"))
        let result = try HyperplanProcess.run(
            ["export", bundle, "--format", "optuna-journal", "-o", "partial.jsonl"], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardError
                == "\(bundle): note: the bundle's run has not finished (incomplete): the 7 trials finished so far "
                + "are exported\n")
        let text = try String(contentsOf: directory.appendingPathComponent("partial.jsonl"), encoding: .utf8)
        #expect(text.contains(#""user_attr":{"partial":true}"#))
    }

    @Test("bad input: one sentence on stderr, a non-zero status, and no file")
    func badInput() throws {
        let (directory, bundle) = try Self.quickstartBundle()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [(arguments: [String], status: Int32, message: String)] = [
            (["export", "nowhere", "--format", "optuna-journal"], 2, "nowhere: error: 'nowhere' does not exist\n"),
            (
                ["export", "runs", "--format", "optuna-journal", "-o", "\(bundle)/x.jsonl"], 2,
                "error: will not write '\(bundle)/x.jsonl' inside the bundle it exports; choose a path outside "
                    + "'\(bundle)'\n"
            ),
            (
                ["export", bundle, "--format", "optuna-journal", "-o", "missing/x.jsonl"], 2,
                "error: cannot write 'missing/x.jsonl': the folder 'missing' does not exist\n"
            ),
        ]
        for (arguments, status, message) in cases {
            let result = try HyperplanProcess.run(arguments, in: directory)
            #expect(result.status == status, "\(arguments)")
            #expect(result.standardError == message, "\(arguments)")
            #expect(result.standardOutput.isEmpty)
        }
        let format = try HyperplanProcess.run(["export", bundle, "--format", "csv"], in: directory)
        #expect(format.status == 2)
        #expect(format.standardError.contains("unknown format 'csv'; the formats are: optuna-journal"))

        // A damaged trials.jsonl is an unreadable bundle: exit 1, naming the file and line.
        let trials = directory.appendingPathComponent(bundle + "/trials.jsonl")
        try Data("{not json\n".utf8).write(to: trials)
        let damaged = try HyperplanProcess.run(["export", bundle, "--format", "optuna-journal"], in: directory)
        #expect(damaged.status == 1)
        #expect(damaged.standardError.hasPrefix("\(bundle): error: \(bundle)/trials.jsonl:1:"))
        let written = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(written == ["runs"])
    }
}
