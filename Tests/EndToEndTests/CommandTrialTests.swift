import Foundation
import HyperplanCore
import HyperplanTestSupport
import Testing

/// `model.type: command`: the user's own program as the model, run for real.
@Suite("Trial commands end to end")
struct CommandTrialTests {
    @Test("the shipped quadratic example finds the best learning rate and depth, with intermediate reports kept")
    func quadraticExample() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try HyperplanProcess.run(
            ["run", HyperplanProcess.example("command-quadratic.yaml"), "-j", "2", "--output", "out"], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("best: trial 10: lr=0.01, layers=3"), "\(result.standardOutput)")
        let bundle = try Self.bundle(directory.appendingPathComponent("out/command-quadratic"))
        let first = try JSONValue.parse(
            String(
                String(contentsOf: bundle.appendingPathComponent("trials.jsonl"), encoding: .utf8).split(
                    separator: "\n")[0]))
        #expect(first["folds"]?.arrayValue?.first?["reports"]?.arrayValue?.count == 5, "one report per epoch")
        let log = try String(contentsOf: bundle.appendingPathComponent("trials/0/fold-0/stdout.log"), encoding: .utf8)
        #expect(log.contains("training with lr=0.0001 layers=1"))
        let parameters = try JSONValue.parse(
            String(contentsOf: bundle.appendingPathComponent("trials/0/fold-0/params.json"), encoding: .utf8))
        #expect(parameters["lr"] == .double(0.0001) && parameters["layers"] == .int(1))
    }

    @Test("with a dataset the program gets each fold's rows as CSV files, and the best is run on the test split")
    func foldsAsFiles() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try HyperplanProcess.run(
            ["run", HyperplanProcess.example("command-iris-centroid.yaml"), "-j", "2", "--output", "out"], in: directory
        )
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("test accuracy: "))
        let bundle = try Self.bundle(directory.appendingPathComponent("out/command-iris-centroid"))
        let train = try String(contentsOf: bundle.appendingPathComponent("folds/fold-0/train.csv"), encoding: .utf8)
        let validation = try String(
            contentsOf: bundle.appendingPathComponent("folds/fold-0/validation.csv"), encoding: .utf8)
        // 150 rows, 30 held out for the test; 120 in five stratified folds of 24.
        #expect(train.split(separator: "\n").count == 1 + 96)
        #expect(validation.split(separator: "\n").count == 1 + 24)
        #expect(train.hasPrefix("sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),species\n"))
        let test = try String(contentsOf: bundle.appendingPathComponent("folds/test/test.csv"), encoding: .utf8)
        #expect(test.split(separator: "\n").count == 1 + 30)
    }

    static func bundle(_ experiment: URL) throws -> URL {
        let hashes = try FileManager.default.contentsOfDirectory(atPath: experiment.path).filter { !$0.hasPrefix(".") }
        return experiment.appendingPathComponent(try #require(hashes.first))
    }

    static func experiment(script: String, extra: String = "") -> String {
        """
        name: scripted
        model:
          type: command
          run: [python3, script.py, "{x}"]
          params:
            x: {choice: [1, 2]}
        search: {metric: score, goal: maximize}
        \(extra)
        """
    }

    @Test(
        "crashes, bad exit statuses, timeouts and missing metrics fail the trial with the reason; the sweep goes on",
        arguments: [
            ("import sys\nprint('oops', file=sys.stderr)\nsys.exit(3)", "", "exited with status 3; stderr: oops"),
            ("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)", "", "killed by signal 11"),
            ("import time\ntime.sleep(30)", "execution: {trial_timeout: 1s}", "timed out after 1s"),
            ("print('no metrics here')", "", "printed no final JSON object"),
            ("import json\nprint(json.dumps({'other': 1}))", "", "has no number 'score' (it has: other)"),
            (
                "import json\nprint(json.dumps({'score': float('nan')}))", "",
                "its last line of metrics could not be read: 'NaN' is not a JSON number"
            ),
            ("import json\nprint(json.dumps({'score': 'low'}))", "", #"'score' is "low", not a number"#),
        ])
    func failures(_ script: String, _ extra: String, _ reason: String) throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try script.write(to: directory.appendingPathComponent("script.py"), atomically: true, encoding: .utf8)
        try Self.experiment(script: script, extra: extra)
            .write(to: directory.appendingPathComponent("scripted.yaml"), atomically: true, encoding: .utf8)
        let result = try HyperplanProcess.run(["run", "scripted.yaml", "-j", "2"], in: directory)
        #expect(result.status == 1, "every trial failed: a failed run\n\(result.standardError)")
        #expect(result.standardError.contains("[2/2]"), "both trials ran")
        #expect(result.standardError.contains(reason), "\(result.standardError)")
    }

    @Test("eight trial commands run at once with -j 8 on any number of cores: a waiting command holds no thread")
    func commandsOverlap() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Each program stamps its own start and end; the run's clock plays no part.
        try """
        date +%s.%N > "$HYPERPLAN_TRIAL_DIR/start"
        sleep 1
        date +%s.%N > "$HYPERPLAN_TRIAL_DIR/end"
        echo "{\\"score\\": $1}"
        """.write(to: directory.appendingPathComponent("sleeper.sh"), atomically: true, encoding: .utf8)
        try """
        name: sleepers
        model:
          type: command
          run: [/bin/sh, sleeper.sh, "{x}"]
          params:
            x: {choice: [1, 2, 3, 4, 5, 6, 7, 8]}
        search: {metric: score, goal: maximize}
        """.write(to: directory.appendingPathComponent("sleepers.yaml"), atomically: true, encoding: .utf8)
        let result = try HyperplanProcess.run(["run", "sleepers.yaml", "-j", "8", "--output", "out"], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        let bundle = try Self.bundle(directory.appendingPathComponent("out/sleepers"))
        func stamps(_ name: String) throws -> [Double] {
            try (0..<8).map { trial in
                let file = bundle.appendingPathComponent("trials/\(trial)/fold-0/\(name)")
                let text = try String(contentsOf: file, encoding: .utf8)
                return try #require(Double(text.trimmingCharacters(in: .whitespacesAndNewlines)), "\(text)")
            }
        }
        let starts = try stamps("start"), ends = try stamps("end")
        let lastStart = try #require(starts.max()), firstEnd = try #require(ends.min())
        // Every program started before any had ended: all eight were running at one moment.
        #expect(lastStart < firstEnd, "starts \(starts), ends \(ends)")
    }

    @Test("validation catches unknown placeholders, data placeholders without data, and a metric without a direction")
    func validation() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
        name: wrong
        model:
          type: command
          run: [python3, train.py, "{lrr}", "{train}"]
          params:
            lr: {loguniform: [0.001, 0.1]}
        search: {metric: val_loss}
        """.write(to: directory.appendingPathComponent("wrong.yaml"), atomically: true, encoding: .utf8)
        let result = try HyperplanProcess.run(["validate", "wrong.yaml"], in: directory)
        #expect(result.status == 2)
        #expect(
            result.standardError.contains(
                "wrong.yaml:4:28: error: unknown placeholder '{lrr}' in 'model.run'; did you mean '{lr}'?"),
            "\(result.standardError)")
        #expect(
            result.standardError.contains(
                "wrong.yaml:4:37: error: unknown placeholder '{train}' in 'model.run'; '{train}' needs a 'dataset'"))
        #expect(
            result.standardError.contains(
                "wrong.yaml:7:18: error: missing 'goal' in 'search': 'val_loss' is not a known metric, so its direction is unknown"
            ))
    }

    @Test("pruning reads the reports as they are printed and stops a hopeless program mid-run")
    func pruningStopsTheProgram() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // x = 5 never improves, and after its second epoch it waits a minute before going on: only a stop
        // ends it in time. Each program records the epochs it reached and whether it finished.
        try """
        import json, sys, time
        x = float(sys.argv[1])
        for epoch in range(1, 21):
            loss = 10.0 if x == 5 else x / epoch
            with open(f"epochs-{sys.argv[1]}", "a") as f:
                f.write(f"{epoch}\\n")
            print(json.dumps({"epoch": epoch, "loss": loss}), flush=True)
            if x == 5 and epoch >= 2:
                time.sleep(60)
        with open(f"finished-{sys.argv[1]}", "w") as f:
            f.write("finished")
        print(json.dumps({"loss": loss}))
        """.write(to: directory.appendingPathComponent("script.py"), atomically: true, encoding: .utf8)
        try """
        name: pruned-command
        model:
          type: command
          run: [python3, script.py, "{x}"]
          params:
            x: {choice: [1, 2, 1.2, 5]}
        search:
          metric: loss
          goal: minimize
          concurrency: 1
          pruning: {type: median, startup_trials: 2, min_resource: 2}
        """.write(to: directory.appendingPathComponent("pruned.yaml"), atomically: true, encoding: .utf8)
        let result = try HyperplanProcess.run(["run", "pruned.yaml", "-j", "2", "--output", "out"], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("trial 3 x=5: pruned at 2"), "\(result.standardError)")
        #expect(result.standardOutput.contains("trials: 3 ok, 0 failed, 1 pruned"), "\(result.standardOutput)")
        // The hopeless program was stopped during its wait at epoch 2, not waited for.
        let epochs = try String(contentsOf: directory.appendingPathComponent("epochs-5"), encoding: .utf8)
        #expect(epochs == "1\n2\n")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("finished-5").path))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("finished-1").path))
        let bundle = try Self.bundle(directory.appendingPathComponent("out/pruned-command"))
        let lines = try String(contentsOf: bundle.appendingPathComponent("trials.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        let last = try JSONValue.parse(String(lines[3]))
        #expect(last["status"] == .string("pruned"))
        #expect(last["folds"]?.arrayValue?.first?["pruned_at"] == .int(2))
        #expect(last["folds"]?.arrayValue?.first?["reports"]?.arrayValue?.count == 2, "reports up to the rung")
    }

    // The time limit turns a lost signal into a failure instead of a hung test run.
    @Test(
        "a second Ctrl-C aborts: running trial programs are killed, not left behind", .timeLimit(.minutes(2)))
    func secondInterruptKillsPrograms() async throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Each program announces itself on a pipe it keeps open, then sleeps far longer than the test; one
        // that outlived its sleep would say so.
        let programs = try NamedPipe(at: directory.appendingPathComponent("programs"))
        try """
        import os, time
        with open("programs", "w") as pipe:
            pipe.write(f"started {os.getpid()}\\n")
            pipe.flush()
            time.sleep(60)
            pipe.write(f"finished {os.getpid()}\\n")
        """.write(to: directory.appendingPathComponent("script.py"), atomically: true, encoding: .utf8)
        try Self.experiment(script: "").write(
            to: directory.appendingPathComponent("scripted.yaml"), atomically: true, encoding: .utf8)
        let messages = try NamedPipe(at: directory.appendingPathComponent("stderr"))
        let process = Process()
        process.executableURL = try HyperplanProcess.binary()
        process.arguments = ["run", "scripted.yaml", "-j", "2", "--quiet"]
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        let messagesWriter = try messages.writer()
        process.standardError = messagesWriter
        try process.run()
        // Only the child keeps the pipe open: if the run exits without a word, the wait below ends.
        try messagesWriter.close()
        let started = await programs.text { $0.components(separatedBy: "started").count - 1 == 2 }
        #expect(started.components(separatedBy: "started").count - 1 == 2, "both trial programs started: \(started)")
        kill(process.processIdentifier, SIGINT)
        // The second Ctrl-C only once the first was taken: the run says it is stopping.
        let stopping = await messages.text { $0.contains("stopping:") }
        #expect(stopping.contains("stopping:"), "\(stopping)")
        kill(process.processIdentifier, SIGINT)
        // The pipe ends when the last program holding it is gone; none lived to finish its sleep.
        let written = await programs.textAtEnd()
        #expect(!written.contains("finished"), "\(written)")
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
    }

    @Test("dataset.preprocess is fitted on each fold's training rows and applied to the files; without it rows are raw")
    func preprocessedFolds() throws {
        let directory = try HyperplanProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
        import csv, json, sys
        with open(sys.argv[1]) as f:
            rows = list(csv.reader(f))
        print(json.dumps({"columns": len(rows[0]), "score": 1.0}))
        """.write(to: directory.appendingPathComponent("script.py"), atomically: true, encoding: .utf8)
        for (preprocess, expectRaw) in [("", true), ("  preprocess: [impute, one_hot, standardize]\n", false)] {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent("out"))
            try """
            name: penguins-command
            dataset:
              source: builtin:penguins
            \(preprocess)model:
              type: command
              run: [python3, script.py, "{train}", "{x}"]
              params:
                x: {choice: [1]}
            cv: {folds: 3}
            search: {metric: score, goal: maximize}
            """.write(to: directory.appendingPathComponent("penguins.yaml"), atomically: true, encoding: .utf8)
            let result = try HyperplanProcess.run(["run", "penguins.yaml", "--output", "out"], in: directory)
            #expect(result.status == 0, "\(result.standardError)")
            let bundle = try Self.bundle(directory.appendingPathComponent("out/penguins-command"))
            let train = try String(contentsOf: bundle.appendingPathComponent("folds/fold-0/train.csv"), encoding: .utf8)
            let rows = train.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            let header = rows[0].map(String.init)
            if expectRaw {
                #expect(header.contains("island"), "the categorical column as it is: \(header)")
                #expect(rows.dropFirst().contains { $0.contains("") }, "missing values stay empty")
            } else {
                #expect(!header.contains("island") && header.contains { $0.hasPrefix("island") }, "one-hot: \(header)")
                // Standardized on the fold's training rows: every numeric column has mean 0 there.
                let column = try #require(header.firstIndex(of: "bill_length_mm"))
                let values = rows.dropFirst().compactMap { Double($0[column]) }
                #expect(values.count == rows.count - 1, "no missing value is left")
                #expect(abs(values.reduce(0, +) / Double(values.count)) < 1e-9)
            }
        }
    }
}
