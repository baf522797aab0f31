import Foundation
import HyperplanCore
import HyperplanTestSupport
import Testing

/// Crash safety with real processes and real signals: a run killed with SIGKILL at any point, or stopped
/// with SIGINT, and then rerun, writes the same result files byte for byte as a run never interrupted.
@Suite("Resume after crashes and interrupts", .serialized, .tags(.slow))
struct ResumeTests {
    /// Slow enough (a few seconds in a debug build) to be killed part-way: 12 configurations × 5 folds.
    static let experiment = """
        name: resumable
        seed: 5
        dataset:
          source: builtin:breast_cancer
          test_size: 0.2
          preprocess: [standardize]
        model:
          type: logistic_regression
          C: {loguniform: [0.0001, 10000], grid: 12}
        cv:
          folds: 5
        """

    static let resultFiles = [
        "experiment.yaml", "resolved.json", "plan.json", "trials.jsonl", "results.csv", "summary.json", "model.json",
        "predictions.csv", "environment.json",
    ]

    struct Workspace {
        let directory: URL
        init() throws {
            directory = try HyperplanProcess.temporaryDirectory()
            try ResumeTests.experiment.write(
                to: directory.appendingPathComponent("resumable.yaml"), atomically: true, encoding: .utf8)
        }

        func bundle(_ root: String) throws -> URL {
            let parent = directory.appendingPathComponent(root).appendingPathComponent("resumable")
            let hashes = try FileManager.default.contentsOfDirectory(atPath: parent.path).filter { !$0.hasPrefix(".") }
            return parent.appendingPathComponent(try #require(hashes.first))
        }

        /// The bundle folder if it exists yet (read after a killed run, which may not have made it).
        func existingBundle(_ root: String) -> URL? {
            let parent = directory.appendingPathComponent(root).appendingPathComponent("resumable")
            let hashes = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
            return hashes.first { !$0.hasPrefix(".") }.map { parent.appendingPathComponent($0) }
        }

        func journalLines(_ root: String) -> Int {
            guard let bundle = existingBundle(root),
                let data = FileManager.default.contents(atPath: bundle.appendingPathComponent("journal.jsonl").path)
            else { return 0 }
            return data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        }

        /// An uninterrupted run's result files, the reference every resumed run must equal. The run is made
        /// once for the suite (`ResumeTests.referenceRun`); its output folder is copied to `reference/`.
        func reference() throws -> [String: Data] {
            try ResumeTests.referenceRun.get().write(to: directory.appendingPathComponent("reference"))
            return try files("reference")
        }

        func files(_ root: String) throws -> [String: Data] {
            let bundle = try bundle(root)
            var files: [String: Data] = [:]
            for name in ResumeTests.resultFiles {
                files[name] = try Data(contentsOf: bundle.appendingPathComponent(name))
            }
            return files
        }
    }

    /// The output folder of one uninterrupted run, made in a workspace of its own and kept in memory: every
    /// run of this experiment writes the same bytes, so the suite's tests share it instead of each running it.
    static let referenceRun = Result { () throws -> FolderSnapshot in
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        let result = try HyperplanProcess.run(
            ["run", "resumable.yaml", "--output", "reference", "-j", "2", "--quiet"], in: workspace.directory)
        guard result.status == 0 else { throw ReferenceRunFailed(standardError: result.standardError) }
        return try FolderSnapshot(workspace.directory.appendingPathComponent("reference"))
    }

    struct ReferenceRunFailed: Error, CustomStringConvertible {
        var standardError: String
        var description: String { "the uninterrupted reference run failed:\n\(standardError)" }
    }

    /// `hyperplan run --events jsonl` in the background, to be killed or interrupted part-way. The test waits
    /// on the run's own events (one line per finished trial, written after the trial's records are in the
    /// journal), never on a clock: a read returns when the run prints, or at its end.
    struct BackgroundRun {
        let process: Process
        private let events: FileHandle
        private var printed = Data()

        init(_ workspace: Workspace, root: String, standardError: Pipe? = nil) throws {
            process = Process()
            process.executableURL = try HyperplanProcess.binary()
            process.arguments = ["run", "resumable.yaml", "--output", root, "-j", "2", "--events", "jsonl"]
            process.currentDirectoryURL = workspace.directory
            let output = Pipe()
            process.standardOutput = output
            process.standardError = standardError ?? FileHandle.nullDevice
            try process.run()
            events = output.fileHandleForReading
        }

        /// Finished trials so far.
        var finishedTrials: Int {
            String(decoding: printed, as: UTF8.self).split(separator: "\n").filter { $0.contains(#""event":"trial""#) }
                .count
        }

        /// Reads the run's events until `count` trials have finished or the run has ended.
        mutating func waitForTrials(_ count: Int) {
            while finishedTrials < count {
                let chunk = events.availableData
                if chunk.isEmpty { return }  // The run ended.
                printed.append(chunk)
            }
        }

        /// Reads to the end, so that the run never blocks on a full pipe, and waits for it to exit.
        func finish() {
            _ = events.readDataToEndOfFile()
            process.waitUntilExit()
        }
    }

    @Test("SIGKILL at several points, then a rerun: result files identical to an uninterrupted run")
    func killAndResume() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        let reference = try workspace.reference()
        // Killed at once (before or while the journal is made), and after 1, 6 and 11 of the 12 trials.
        for (attempt, trials) in [0, 1, 6, 11].enumerated() {
            let root = "killed-\(attempt)"
            var run = try BackgroundRun(workspace, root: root)
            run.waitForTrials(trials)
            let wasRunning = run.process.isRunning
            kill(run.process.processIdentifier, SIGKILL)
            run.finish()
            // Read once the run is dead: a header and at least one node's record make the rerun a resumption.
            let journaled = workspace.journalLines(root)
            let rerun = try HyperplanProcess.run(
                ["run", "resumable.yaml", "--output", root, "-j", "2"], in: workspace.directory)
            #expect(rerun.status == 0, "\(rerun.standardError)")
            if wasRunning, journaled >= 2 {
                #expect(rerun.standardError.contains("resuming:"), "\(rerun.standardError)")
            }
            let files = try workspace.files(root)
            for name in Self.resultFiles {
                #expect(files[name] == reference[name], "\(name) differs after a kill after \(trials) trials")
            }
        }
    }

    @Test("a torn last journal line is ignored and cut off, and the rerun's results are unchanged")
    func tornJournalLine() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        let reference = try workspace.reference()
        let journal = try workspace.bundle("reference").appendingPathComponent("journal.jsonl")
        let handle = try FileHandle(forWritingTo: journal)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"kind":"fit_score","node":"00ff"#.utf8))
        try handle.close()
        let rerun = try HyperplanProcess.run(
            ["run", "resumable.yaml", "--output", "reference", "-j", "2"], in: workspace.directory)
        #expect(rerun.status == 0, "\(rerun.standardError)")
        #expect(rerun.standardError.contains("cut off"))
        #expect(rerun.standardOutput.contains("reused"))
        let text = try String(contentsOf: journal, encoding: .utf8)
        #expect(!text.contains(#""node":"00ff"#), "the torn line is truncated before appending")
        #expect(text.hasSuffix("\n"))
        #expect(try workspace.files("reference") == reference)
    }

    @Test("SIGINT stops cleanly with status 130 and a resume hint; the rerun completes identically")
    func interruptAndResume() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        let reference = try workspace.reference()
        let errors = Pipe()
        var run = try BackgroundRun(workspace, root: "interrupted", standardError: errors)
        run.waitForTrials(2)
        let process = run.process
        try #require(process.isRunning, "the run finished before it could be interrupted")
        kill(process.processIdentifier, SIGINT)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        run.finish()
        #expect(process.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("resume with: hyperplan run resumable.yaml --output interrupted"), "\(stderr)")
        let summary = try JSONValue.parse(
            String(contentsOf: workspace.bundle("interrupted").appendingPathComponent("summary.json"), encoding: .utf8))
        #expect(summary["status"] == .string("stopped"))
        let rerun = try HyperplanProcess.run(
            ["run", "resumable.yaml", "--output", "interrupted", "-j", "2"], in: workspace.directory)
        #expect(rerun.status == 0, "\(rerun.standardError)")
        #expect(try workspace.files("interrupted") == reference)
    }

    @Test("a second run on a bundle being run refuses, names the running process and leaves the bundle alone")
    func concurrentRunsExclude() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        var run = try BackgroundRun(workspace, root: "shared")
        run.waitForTrials(1)
        let first = run.process
        defer {
            kill(first.processIdentifier, SIGKILL)
            run.finish()
        }
        try #require(first.isRunning, "the first run finished too early")
        let second = try HyperplanProcess.run(["run", "resumable.yaml", "--output", "shared"], in: workspace.directory)
        #expect(second.status == 1)
        #expect(
            second.standardError.contains("is being run by process \(first.processIdentifier)"),
            "\(second.standardError)")
        #expect(
            !FileManager.default.fileExists(
                atPath: try workspace.bundle("shared").appendingPathComponent("summary.json").path))
    }

    @Test("an edited experiment reuses the unchanged nodes of the earlier bundle; --fresh reuses nothing")
    func reuseAcrossEdits() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        _ = try workspace.reference()
        // More grid points: a new bundle, but the 12 earlier configurations' fits are reused.
        let edited = Self.experiment.replacingOccurrences(of: "grid: 12", with: "grid: 23")
        try edited.write(
            to: workspace.directory.appendingPathComponent("resumable.yaml"), atomically: true, encoding: .utf8)
        let rerun = try HyperplanProcess.run(
            ["run", "resumable.yaml", "--output", "reference", "-j", "2"], in: workspace.directory)
        #expect(rerun.status == 0, "\(rerun.standardError)")
        // Grid points 0, 2, 4, … of the 23 coincide with the 12 earlier ones (log-spaced decades).
        #expect(rerun.standardError.contains("resuming: 12 trials"), "\(rerun.standardError)")
        let fresh = try HyperplanProcess.run(
            ["run", "resumable.yaml", "--output", "reference", "-j", "2", "--fresh"], in: workspace.directory)
        #expect(fresh.status == 0)
        #expect(!fresh.standardError.contains("resuming:"))
        #expect(fresh.standardOutput.contains("nodes: 0 of"))
    }

    @Test("rerunning a complete bundle rewrites the same results and does not grow its journal")
    func rerunKeepsJournal() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        let reference = try workspace.reference()
        let lines = workspace.journalLines("reference")
        #expect(lines > 10)
        for _ in 0..<2 {
            let rerun = try HyperplanProcess.run(
                ["run", "resumable.yaml", "--output", "reference", "-j", "2"], in: workspace.directory)
            #expect(rerun.status == 0, "\(rerun.standardError)")
            #expect(workspace.journalLines("reference") == lines, "the rerun appended to the journal")
        }
        #expect(try workspace.files("reference") == reference)
    }
}
