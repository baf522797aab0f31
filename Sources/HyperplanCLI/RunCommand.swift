import ArgumentParser
import Executor
import ExperimentSpec
import Foundation
import HyperplanCore
import Planner
import ResultBundle
import Search

/// `hyperplan run FILE... | DIRECTORY`: validates, plans and runs experiments, and writes their result bundles.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run experiments and write their result bundles.",
        discussion: """
            Each bundle goes to runs/<name>/<experiment hash>/ (or under --output). A rerun continues where an \
            interrupted run stopped and reuses every node an earlier run of the same experiment finished. \
            Results do not depend on -j: the same file gives byte-identical result files whatever the \
            parallelism. Several files or a folder run as a batch sharing one pool of -j workers; experiments \
            whose bundle is complete and unchanged are skipped.

            Exit status: 0 success, 1 a run failed, 2 an invalid experiment, 130 interrupted.
            """
    )

    @Argument(help: "Experiment files, or folders whose *.yaml files are all run.")
    var paths: [String]

    @Option(
        name: [.customShort("j"), .customLong("jobs")],
        help: "Nodes to run in parallel (default: execution.jobs, else the number of cores).")
    var jobs: Int?

    @Option(help: "Root folder for result bundles (default: ./runs).")
    var output: String?

    @Flag(help: "Print only the final summary.")
    var quiet = false

    @Flag(help: "Discard what earlier runs of this experiment recorded and start over.")
    var fresh = false

    enum EventFormat: String, ExpressibleByArgument, CaseIterable {
        case jsonl
    }

    @Option(
        help:
            "Print machine-readable events on standard output instead of the summary (jsonl: one JSON object per line)."
    )
    var events: EventFormat?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("-j must be at least 1") }
    }

    func run() async throws {
        let (files, isBatch) = try expandPaths()
        let stop = StopRequest()
        let sessions = SessionRegistry()
        let hint = isBatch ? "hyperplan run \(paths.joined(separator: " "))" : "hyperplan run \(files[0])"
        let watcher = InterruptWatcher(
            stop: stop, flush: { sessions.flushAll() }, resumeCommand: hint + (output.map { " --output \($0)" } ?? ""))
        defer { watcher.cancel() }
        let settings = ExperimentRun.Settings(
            jobs: jobs, output: output, fresh: fresh, quiet: quiet, events: events != nil, batch: isBatch)
        guard isBatch else {
            let report = await ExperimentRun.run(
                file: files[0], settings: settings, stop: stop, pool: nil, sessions: sessions)
            if report.exitStatus != ExitStatus.success { throw ExitStatus.Code(status: report.exitStatus) }
            return
        }
        let pool = WorkerPool(slots: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        let reports = await withTaskGroup(of: (Int, ExperimentRun.Report).self) { group in
            for (index, file) in files.enumerated() {
                group.addTask {
                    (
                        index,
                        await ExperimentRun.run(
                            file: file, settings: settings, stop: stop, pool: pool, sessions: sessions)
                    )
                }
            }
            var reports = [ExperimentRun.Report?](repeating: nil, count: files.count)
            for await (index, report) in group { reports[index] = report }
            return reports.compactMap { $0 }
        }
        if settings.events {
            // Standard output stays one JSON object per line: an event per experiment, the table for people
            // on standard error.
            for report in reports {
                let event: [String: JSONValue] = [
                    "event": .string("experiment"), "file": .string(report.file),
                    "experiment": report.name.map(JSONValue.string) ?? .null, "status": .string(report.status.rawValue),
                    "trials": .string(report.trials), "best": .string(report.best), "bundle": .string(report.bundle),
                ]
                Terminal.standardOutput.write(JSONValue.object(event).canonicalString() + "\n")
            }
            Terminal.standardError.write(ExperimentRun.Report.table(reports))
        } else {
            Terminal.standardOutput.write(ExperimentRun.Report.table(reports))
        }
        let worst = reports.map(\.exitStatus).max { ExitStatus.severity($0) < ExitStatus.severity($1) }
        if let worst, worst != ExitStatus.success { throw ExitStatus.Code(status: worst) }
    }

    /// The experiment files to run, and whether they form a batch (several files, or a folder).
    private func expandPaths() throws -> ([String], Bool) {
        var files: [String] = []
        var sawFolder = false
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                Terminal.standardError.write("error: no such file '\(path)'\n")
                throw ExitStatus.Code(status: ExitStatus.invalid)
            }
            if isDirectory.boolValue {
                sawFolder = true
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                let yaml = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                files += yaml.map { URL(fileURLWithPath: path).appendingPathComponent($0).relativePath }
            } else {
                files.append(path)
            }
        }
        guard !files.isEmpty else {
            Terminal.standardError.write("error: no experiment files (*.yaml) in \(paths.joined(separator: ", "))\n")
            throw ExitStatus.Code(status: ExitStatus.invalid)
        }
        return (files, sawFolder || files.count > 1)
    }
}

/// The final report on standard output.
struct RunSummary {
    var outcome: RunOutcome
    var bundle: String

    var text: String {
        let experiment = outcome.experiment
        let metric = experiment.search.metric
        var lines: [String] = []
        if let best = outcome.selection.best {
            let trial = outcome.selection.trials[best]
            lines.append("best: trial \(trial.trial): \(trial.configuration.summary())")
            if let cv = trial.validation[metric] {
                let score = NumberFormatting.fixed(cv.mean, digits: 4)
                if outcome.experiment.cv == nil {
                    lines.append("  \(metric): \(score)")
                } else {
                    let spread = NumberFormatting.fixed(cv.std, digits: 4)
                    lines.append(
                        "  cv \(metric): \(score) ± \(spread) (mean ± std over \(outcome.graph.foldCount) folds)")
                }
            }
            if let train = trial.train[metric] {
                lines.append("  train \(metric): \(NumberFormatting.fixed(train.mean, digits: 4))")
            }
            if let test = outcome.testScores?[metric] {
                lines.append("  test \(metric): \(NumberFormatting.fixed(test, digits: 4))")
            }
        } else {
            lines.append(
                outcome.selection.trials.isEmpty && outcome.completion != RunOutcome.Completion.complete
                    ? "no trial finished" : "no trial succeeded")
            if let first = outcome.selection.trials.first, case .failed(let reason) = first.status {
                lines.append("  trial 0 failed: \(reason)")
            }
        }
        if let reason = outcome.selection.searchStopped { lines.append("search stopped early: \(reason)") }
        let ok = outcome.selection.trials.count - outcome.failedTrials - outcome.prunedTrials
        lines.append(
            "trials: \(ok) ok, \(outcome.failedTrials) failed"
                + (outcome.prunedTrials > 0 ? ", \(outcome.prunedTrials) pruned" : ""))
        lines.append(
            "nodes: \(outcome.nodesReused) of \(outcome.graph.nodes.count) reused, \(outcome.nodesRun) run")
        lines.append("bundle: \(bundle)")
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

/// "1 fold", "5 folds".
func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
