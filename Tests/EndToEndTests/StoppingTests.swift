import Foundation
import HyperplanCore
import HyperplanTestSupport
import Testing

/// Budgets, failure limits and retries, with real trial programs.
@Suite("Budgets, failure limits and retries", .tags(.slow))
struct StoppingTests {
    static func write(_ text: String, _ name: String, in directory: URL) throws {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    static func experiment(choices: String, execution: String) -> String {
        """
        name: stopping
        model:
          type: command
          run: [python3, script.py, "{x}"]
          params:
            x: {choice: \(choices)}
        search: {metric: score, goal: maximize}
        execution: \(execution)
        """
    }

    static func summary(_ directory: URL) throws -> JSONValue {
        let experiment = directory.appendingPathComponent("out/stopping")
        let hash = try #require(try FileManager.default.contentsOfDirectory(atPath: experiment.path).first)
        return try JSONValue.parse(
            String(contentsOf: experiment.appendingPathComponent("\(hash)/summary.json"), encoding: .utf8))
    }

    @Test("beyond max_failed_trials the sweep stops with the reason; a rerun stops again until the limit is raised")
    func failureLimit() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // x ≥ 2 fails while the file 'broken' exists.
        try Self.write(
            """
            import json, os, sys
            x = int(sys.argv[1])
            if x >= 2 and os.path.exists("broken"):
                sys.exit(3)
            print(json.dumps({"score": x}))
            """, "script.py", in: directory)
        try Self.write("", "broken", in: directory)
        try Self.write(
            Self.experiment(choices: "[1, 2, 3, 4, 5, 6]", execution: "{max_failed_trials: 2}"), "stopping.yaml",
            in: directory)
        let arguments = ["run", "stopping.yaml", "-j", "1", "--output", "out"]
        let first = try HyperplanProcess.run(arguments, in: directory)
        #expect(first.status == 1, "\(first.standardError)")
        #expect(first.standardError.contains("more than execution.max_failed_trials allows"), "\(first.standardError)")
        #expect(!first.standardError.contains("trial 5"), "no trial starts after the limit is passed")
        #expect(try Self.summary(directory)["stopped"]?["kind"] == .string("failures"))

        let again = try HyperplanProcess.run(arguments, in: directory)
        #expect(again.status == 1)
        #expect(again.standardError.contains("more than execution.max_failed_trials allows"), "\(again.standardError)")
        #expect(!again.standardError.contains("trial 4"), "the restored failures already exceed the limit")

        // The cause is fixed and the limit raised: failed trial programs run again (their failure may have been
        // transient), and the sweep completes.
        try FileManager.default.removeItem(at: directory.appendingPathComponent("broken"))
        try Self.write(
            Self.experiment(choices: "[1, 2, 3, 4, 5, 6]", execution: "{max_failed_trials: 5}"), "stopping.yaml",
            in: directory)
        let fixed = try HyperplanProcess.run(arguments, in: directory)
        #expect(fixed.status == 0, "\(fixed.standardError)")
        #expect(fixed.standardOutput.contains("trials: 6 ok, 0 failed"), "\(fixed.standardOutput)")
        #expect(fixed.standardOutput.contains("best: trial 5: x=6"), "\(fixed.standardOutput)")
    }

    @Test("a time budget stops launching trials and finishes with the ones done, as a complete result")
    func timeBudget() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.write(
            "import json, sys, time\ntime.sleep(0.2)\nprint(json.dumps({'score': int(sys.argv[1])}))\n",
            "script.py", in: directory)
        // 60 trials of at least 0.2 s each, one at a time: at least 12 s of work, against a budget of 2 s. The
        // sleep is a lower bound on each trial's time (a loaded machine only makes trials longer), so the budget
        // runs out before the last trial whatever the machine; nothing here measures how long the run took.
        // Exactly which node the budget stops is tested with a clock advanced by hand (ExecutorTests'
        // TimeBudgetTests); this test checks the command line's side: the summary, the exit status, `status`.
        try Self.write(
            Self.experiment(
                choices: "[\((1...60).map(String.init).joined(separator: ", "))]", execution: "{budget: {time: 2s}}"),
            "stopping.yaml", in: directory)
        let result = try HyperplanProcess.run(["run", "stopping.yaml", "-j", "1", "--output", "out"], in: directory)
        #expect(result.status == 0, "the budget ends the search, not in failure\n\(result.standardError)")
        let summary = try Self.summary(directory)
        #expect(summary["stopped"]?["kind"] == .string("budget"))
        let done = try #require(summary["counts"]?["trials"]?.intValue)
        #expect(done >= 1 && done < 60, "\(done) trials done")
        #expect(summary["best"]?["trial"]?.intValue == done - 1, "the best is the last trial done (x grows)")
        // `hyperplan status` says why the run ended.
        let experiment = directory.appendingPathComponent("out/stopping")
        let hash = try #require(try FileManager.default.contentsOfDirectory(atPath: experiment.path).first)
        let status = try HyperplanProcess.run(["status", "out/stopping/\(hash)"], in: directory)
        #expect(status.standardOutput.contains("time budget of 2s used"), "\(status.standardOutput)")
    }

    @Test("execution.retries runs a failed fit again; a program that fails once then succeeds ends ok")
    func retries() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Fails on its first attempt in each trial folder, succeeds on the second.
        try Self.write(
            """
            import json, os, sys
            marker = os.path.join(os.environ["HYPERPLAN_TRIAL_DIR"], "attempted")
            if not os.path.exists(marker):
                open(marker, "w").close()
                sys.exit(1)
            print(json.dumps({"score": int(sys.argv[1])}))
            """, "script.py", in: directory)
        for (retries, expected) in [(0, "trials: 0 ok, 3 failed"), (1, "trials: 3 ok, 0 failed")] {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent("out"))
            try Self.write(
                Self.experiment(choices: "[1, 2, 3]", execution: "{retries: \(retries)}"), "stopping.yaml",
                in: directory)
            let result = try HyperplanProcess.run(["run", "stopping.yaml", "--output", "out"], in: directory)
            #expect(result.standardOutput.contains(expected), "retries \(retries): \(result.standardOutput)")
        }
    }
}
