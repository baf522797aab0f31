import Executor
import ExperimentSpec
import Foundation
import HyperplanCore
import Planner
import ResultBundle
import Synchronization

/// One experiment's run, alone or within a batch: validate, plan, open and lock the bundle, run with the
/// journal, write the bundle, report. Never throws: a batch goes on whatever one experiment does.
enum ExperimentRun {
    struct Settings: Sendable {
        var jobs: Int?
        var output: String?
        var fresh: Bool
        var quiet: Bool
        var events: Bool
        var batch: Bool
        /// Print nothing on standard output (the caller reports: `reproduce`).
        var silent = false
    }

    /// How one experiment ended, for the batch table and the exit status.
    struct Report: Sendable {
        /// How the experiment ended, as the batch table and `--events jsonl` name it.
        enum Status: String, Sendable {
            case ok, failed, stopped, invalid, error
            /// A time budget ended the search; the best trial so far was refitted and tested.
            case okWithinBudget = "ok (budget)"
            case tooManyFailures = "too many failures"
            /// The bundle is locked by another run, or cannot be opened.
            case busyOrUnusable = "busy or unusable"
            /// In a batch: the bundle is complete for this file, so the experiment was not run again.
            case upToDate = "up to date"
        }

        var file: String
        var name: String?
        var status: Status
        var trials: String = ""
        var best: String = ""
        var bundle: String = ""
        var exitStatus: Int32

        static func table(_ reports: [Report]) -> String {
            let header = ["experiment", "status", "trials", "best", "bundle"]
            let rows = reports.map { [$0.name ?? $0.file, $0.status.rawValue, $0.trials, $0.best, $0.bundle] }
            return TextTable.render(header: header, rows: rows)
        }
    }

    static func run(
        file: String, settings: Settings, stop: StopRequest, pool: WorkerPool?, sessions: SessionRegistry
    ) async -> Report {
        let loaded: ExperimentLoader.Loaded
        let graph: TrialGraph
        do {
            loaded = try ExperimentPreparation.load(file)
            graph = try ExperimentPreparation.plan(loaded)
        } catch {
            return Report(file: file, status: .invalid, exitStatus: ExitStatus.invalid)
        }
        return await run(
            loaded: loaded, graph: graph, file: file, settings: settings, stop: stop, pool: pool, sessions: sessions)
    }

    /// Runs an experiment already validated and planned; `file` names it in messages and `environment.json`.
    static func run(
        loaded: ExperimentLoader.Loaded, graph: TrialGraph, file: String, settings: Settings, stop: StopRequest,
        pool: WorkerPool?, sessions: SessionRegistry
    ) async -> Report {
        let experiment = loaded.experiment
        let parallelism = settings.jobs ?? experiment.execution.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let layout = BundleLayout(
            root: URL(fileURLWithPath: settings.output ?? BundleLayout.defaultRoot), experimentName: experiment.name,
            identity: experiment.identity)
        let bundlePath = layout.directory.relativePath
        var report = Report(
            // Every path below sets the status it ends with.
            file: file, name: experiment.name, status: .ok, bundle: bundlePath, exitStatus: ExitStatus.success)
        if settings.batch, !settings.fresh,
            let upToDate = upToDateReport(layout: layout, loaded: loaded, graph: graph, base: report)
        {
            return upToDate
        }
        let session: BundleSession
        do {
            session = try BundleSession(
                layout: layout, identity: experiment.identity, fresh: settings.fresh, command: CommandLine.arguments)
        } catch {
            Terminal.standardError.write("\(file): error: \(error.message)\n")
            report.status = .busyOrUnusable
            report.exitStatus = ExitStatus.runFailed
            return report
        }
        sessions.add(session)
        let writer = BundleWriter(
            layout: layout, experimentText: loaded.sourceText, experimentPath: file,
            environment: EnvironmentRecord.current(experimentPath: file, datasetSHA256: experiment.dataset?.sha256))
        try? writer.writePreamble(experiment: experiment, graph: graph)
        let mode: RunDisplay.Mode =
            settings.events
            ? .events
            : (settings.quiet
                ? .quiet : (Terminal.standardError.supportsLiveUpdates && !settings.batch ? .live : .lines))
        let display = RunDisplay(
            mode: mode, experiment: experiment, graph: graph, label: settings.batch ? experiment.name : nil)
        if mode == .lines || mode == .live {
            let shape = "\(plural(graph.trials.count, "configuration")) × \(plural(graph.foldCount, "fold"))"
            let jobs = pool == nil ? ", \(plural(parallelism, "job"))" : ""
            Terminal.standardError.write("running '\(experiment.name)': \(shape), \(graph.nodes.count) nodes\(jobs)\n")
        }
        // Damage is said in every mode but events, which get it as an event: a damaged record means work is
        // redone, and the user should know why.
        if mode == .events {
            for note in session.journalNotes {
                display.emit(["event": .string("journal_damage"), "message": .string(note)])
            }
        } else if mode != .quiet || !session.damagedRecords.isEmpty {
            for note in session.journalNotes { Terminal.standardError.write("\(file): warning: \(note)\n") }
        }
        let outcome: RunOutcome
        do {
            let options = ExperimentRunner.Options(
                jobs: parallelism, journal: session.journal, recorded: session.recorded, recorder: session.writer,
                stop: stop, progress: { event in display.handle(event) }, pool: pool)
            var withWorkspace = options
            withWorkspace.workspace = layout.directory
            outcome = try await ExperimentRunner.run(loaded, graph: graph, options: withWorkspace, sink: writer)
            display.finish()
            try await session.close()
        } catch {
            display.finish()
            try? await session.close()
            // Hyperplan's own errors say what failed in its words; anything else gets the system's reason, never
            // a Foundation error's dump.
            let message =
                (error as? ExperimentRunner.RunError)?.message ?? (error as? BundleError)?.message
                ?? (error as? AtomicWrite.Failure)?.description
                ?? "cannot write the bundle '\(bundlePath)': \(SystemReason.of(error))"
            Terminal.standardError.write("\(file): error: \(message)\n")
            report.status = .error
            report.exitStatus = ExitStatus.runFailed
            return report
        }
        if !settings.silent {
            if mode == .events {
                display.emitFinished(outcome, bundle: bundlePath)
            } else if !settings.batch {
                Terminal.standardOutput.write(RunSummary(outcome: outcome, bundle: bundlePath).text)
            }
        }
        return finished(outcome, report: report, file: file, settings: settings, plannedTrials: graph.trials.count)
    }

    private static func finished(
        _ outcome: RunOutcome, report base: Report, file: String, settings: Settings, plannedTrials: Int
    ) -> Report {
        var report = base
        let metric = outcome.experiment.search.metric
        report.trials = "\(outcome.selection.trials.count - outcome.failedTrials)/\(plannedTrials)"
        if let best = outcome.selection.best, let score = outcome.selection.trials[best].validation[metric]?.mean {
            report.best = "\(metric) \(NumberFormatting.fixed(score, digits: 4))"
        }
        report.status = outcome.selection.best == nil ? .failed : .ok
        report.exitStatus = outcome.selection.best == nil ? ExitStatus.runFailed : ExitStatus.success
        if case .stopped(let reason, let kind) = outcome.completion {
            let done = "\(outcome.selection.trials.count) of \(plannedTrials) trials done"
            let resume = "hyperplan run \(file)" + (settings.output.map { " --output \($0)" } ?? "")
            switch kind {
            case .interrupted:
                if !settings.batch { Terminal.standardError.write("\(reason): \(done); resume with: \(resume)\n") }
                report.status = .stopped
                report.exitStatus = ExitStatus.interrupted
            case .budget:
                Terminal.standardError.write("\(file): \(reason): \(done); rerun to continue the search\n")
                report.status = .okWithinBudget
            case .failures:
                Terminal.standardError.write("\(file): error: the sweep stopped: \(reason)\n")
                report.status = .tooManyFailures
                report.exitStatus = ExitStatus.runFailed
            }
        }
        return report
    }

    /// In a batch, an experiment whose bundle is complete, not being run, written from the same file text and
    /// planned to the same final node is skipped, as `make` skips an up-to-date target. The final node's ID
    /// hashes every input of the run (the data's bytes, a trial command's program files, the tool version),
    /// so an edited training script or data file makes the bundle out of date.
    private static func upToDateReport(
        layout: BundleLayout, loaded: ExperimentLoader.Loaded, graph: TrialGraph, base: Report
    ) -> Report? {
        guard BundleLock.holder(of: layout.directory) == nil,
            let recorded = FileManager.default.contents(atPath: layout.url(.experiment).path),
            String(decoding: recorded, as: UTF8.self) == loaded.sourceText,
            let planData = FileManager.default.contents(atPath: layout.url(.plan).path),
            let plan = try? JSONValue.parse(String(decoding: planData, as: UTF8.self)),
            let finalNode = plan["nodes"]?.arrayValue?.last?["id"]?.stringValue,
            finalNode == graph.nodes.last?.id.hex,
            let status = try? BundleStatus(directory: layout.directory, checkingFiles: true), !status.stoppedEarly,
            status.state == .ok || status.state == .failed
        else { return nil }
        // The files must be the ones the run wrote: a deleted, overwritten or edited one is rewritten by
        // running the experiment again (from the journal), never trusted.
        guard status.fileProblems.isEmpty else {
            for problem in status.fileProblems {
                Terminal.standardError.write(
                    "\(base.file): \(layout.directory.relativePath): \(problem); running it again\n")
            }
            return nil
        }
        var report = base
        report.status = .upToDate
        report.trials =
            "\(status.finishedTrials - status.failedTrials)/\(status.plannedTrials ?? status.finishedTrials)"
        if let score = status.bestScore, let metric = status.metric {
            report.best = "\(metric) \(NumberFormatting.fixed(score, digits: 4))"
        }
        report.exitStatus = status.state == .ok ? ExitStatus.success : ExitStatus.runFailed
        return report
    }
}

/// The bundles being written, so that a second Ctrl-C can make every journal durable before exiting.
final class SessionRegistry: Sendable {
    private let sessions = Mutex<[BundleSession]>([])

    func add(_ session: BundleSession) { sessions.withLock { $0.append(session) } }

    func flushAll() {
        for session in sessions.withLock({ $0 }) { try? session.writer.flush() }
    }
}
