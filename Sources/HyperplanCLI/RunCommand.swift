import ArgumentParser
import Executor
import ExperimentSpec
import Foundation
import HyperplanCore
import Planner
import ResultBundle

/// `hyperplan run FILE`: validates, plans and runs an experiment, and writes its result bundle.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an experiment and write its result bundle.",
        discussion: """
            The bundle goes to runs/<name>/<experiment hash>/ (or under --output). Results do not depend on \
            -j: the same file gives byte-identical result files whatever the parallelism.
            """
    )

    @Argument(help: "The experiment file.")
    var file: String

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
        let loaded = try ExperimentPreparation.load(file)
        let graph = try ExperimentPreparation.plan(loaded)
        let experiment = loaded.experiment
        let parallelism = jobs ?? experiment.execution.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let root = URL(fileURLWithPath: output ?? BundleLayout.defaultRoot)
        let layout = BundleLayout(root: root, experimentName: experiment.name, identity: experiment.identity)
        let session: BundleSession
        do {
            session = try BundleSession(
                layout: layout, identity: experiment.identity, fresh: fresh, command: CommandLine.arguments)
        } catch {
            Terminal.standardError.write("\(file): error: \(error.message)\n")
            throw ExitStatus.Code(status: ExitStatus.runFailed)
        }
        let writer = BundleWriter(
            layout: layout, experimentText: loaded.sourceText, experimentPath: file,
            environment: EnvironmentRecord.current(experimentPath: file, datasetSHA256: experiment.dataset.sha256))
        let resumeCommand = "hyperplan run \(file)" + (output.map { " --output \($0)" } ?? "")
        let stop = StopRequest()
        let watcher = InterruptWatcher(stop: stop, session: session, resumeCommand: resumeCommand)
        defer { watcher.cancel() }
        let mode: RunDisplay.Mode =
            events != nil ? .events : (quiet ? .quiet : (Terminal.standardError.supportsLiveUpdates ? .live : .lines))
        let display = RunDisplay(mode: mode, experiment: experiment, graph: graph)
        if mode == .lines || mode == .live {
            let shape = "\(plural(graph.trials.count, "configuration")) × \(plural(graph.foldCount, "fold"))"
            Terminal.standardError.write(
                "running '\(experiment.name)': \(shape), \(graph.nodes.count) nodes, \(plural(parallelism, "job"))\n")
            if session.hadTornTail {
                Terminal.standardError.write("the journal's last line was cut off by a crash; it is ignored\n")
            }
        }
        let outcome: RunOutcome
        do {
            let options = ExperimentRunner.Options(
                jobs: parallelism, journal: session.journal, recorded: session.recorded, recorder: session.writer,
                stop: stop, progress: { event in display.handle(event) })
            outcome = try await ExperimentRunner.run(loaded, graph: graph, options: options, sink: writer)
            display.finish()
            try session.close()
        } catch let error as ExperimentRunner.RunError {
            try? session.close()
            Terminal.standardError.write("\(file): error: \(error.message)\n")
            throw ExitStatus.Code(status: ExitStatus.runFailed)
        } catch {
            try? session.close()
            Terminal.standardError.write("\(file): error: \(error)\n")
            throw ExitStatus.Code(status: ExitStatus.runFailed)
        }
        if mode == .events {
            display.emitFinished(outcome, bundle: layout.directory.relativePath)
        } else {
            Terminal.standardOutput.write(RunSummary(outcome: outcome, bundle: layout.directory.relativePath).text)
        }
        if case .stopped(let reason, let kind) = outcome.completion {
            let done = "\(outcome.selection.trials.count) of \(graph.trials.count) trials done"
            switch kind {
            case .interrupted:
                Terminal.standardError.write("\(reason): \(done); resume with: \(resumeCommand)\n")
                throw ExitStatus.Code(status: ExitStatus.interrupted)
            case .budget:
                Terminal.standardError.write("\(reason): \(done); rerun to continue the search\n")
            case .failures:
                Terminal.standardError.write("\(file): error: the sweep stopped: \(reason)\n")
                throw ExitStatus.Code(status: ExitStatus.runFailed)
            }
        }
        if outcome.selection.best == nil { throw ExitStatus.Code(status: ExitStatus.runFailed) }
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
                lines.append(
                    "  cv \(metric): \(NumberFormatting.fixed(cv.mean, digits: 4)) ± \(NumberFormatting.fixed(cv.std, digits: 4)) (mean ± std over \(outcome.graph.foldCount) folds)"
                )
            }
            if let train = trial.train[metric] {
                lines.append("  train \(metric): \(NumberFormatting.fixed(train.mean, digits: 4))")
            }
            if let test = outcome.testScores?[metric] {
                lines.append("  test \(metric): \(NumberFormatting.fixed(test, digits: 4))")
            }
        } else {
            lines.append("no trial succeeded")
            if let first = outcome.selection.trials.first, case .failed(let reason) = first.status {
                lines.append("  trial 0 failed: \(reason)")
            }
        }
        lines.append(
            "trials: \(outcome.selection.trials.count - outcome.failedTrials) ok, \(outcome.failedTrials) failed")
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
