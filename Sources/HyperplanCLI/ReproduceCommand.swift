import ArgumentParser
import Executor
import ExperimentSpec
import Foundation
import HyperplanCore
import Planner
import ResultBundle

/// `hyperplan reproduce BUNDLE`: reruns a bundle's own experiment with its recorded data in a fresh folder and
/// compares every deterministic file byte for byte.
struct ReproduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Rerun a bundle's experiment in a fresh folder and check that every result file is identical.",
        discussion: """
            The bundle's experiment.yaml is validated again with its relative paths (data, a trial command's \
            scripts) resolved from the folder of the experiment file that wrote it (environment.json), or from \
            --base. If the data or a command's program files changed since (their SHA-256 differ), nothing runs. \
            Exit status: 0 every deterministic file is byte-identical, 1 a file differs (each named, with its \
            first differing key or line) or the inputs changed, 2 the bundle cannot be read.
            """
    )

    @Argument(help: "A bundle folder (runs/NAME/HASH), or an experiment's folder (its latest bundle).")
    var bundle: String

    @Option(help: "The folder the experiment's relative paths start from (default: the experiment file's folder).")
    var base: String?

    @Option(name: .shortAndLong, help: "How many plan nodes run at once (default: the number of cores).")
    var jobs: Int?

    @Flag(help: "Keep the rerun's bundle and print where it is.")
    var keep = false

    func run() async throws {
        let url = try BundleArgument.url(bundle)
        let recorded = try RecordedRun(bundle: url)
        let baseDirectory = URL(fileURLWithPath: base ?? recorded.experimentDirectory.path)
        if recorded.toolVersion != HyperplanVersion.current {
            throw failure(
                "the bundle was written by Hyperplan \(recorded.toolVersion) and this is \(HyperplanVersion.current): "
                    + "node IDs and the experiment's hash include the version, so its files cannot match byte for byte; "
                    + "compare the results with 'hyperplan compare' instead", status: ExitStatus.runFailed)
        }
        // Files edited or damaged since the run are said first: a difference in them is not the run's.
        for problem in BundleManifest.problems(in: url) {
            Terminal.standardError.write("\(url.relativePath): warning: \(problem) (checked against manifest.json)\n")
        }
        let report = ExperimentLoader.validate(
            text: recorded.experimentText, path: recorded.experimentFile, baseDirectory: baseDirectory)
        DiagnosticPrinter.print(report.diagnostics, sources: report.sources)
        guard let loaded = report.loaded, !report.hasErrors else {
            throw failure(
                "the bundle's experiment no longer validates here (relative paths start at \(baseDirectory.path); --base changes that)",
                status: ExitStatus.runFailed)
        }
        let graph = try ExperimentPreparation.plan(loaded)
        if let problem = recorded.changedInputs(loaded: loaded, graph: graph) {
            throw failure(problem + "; nothing was run", status: ExitStatus.runFailed)
        }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hyperplan-reproduce-\(UUID().uuidString)")
        Terminal.standardError.write("reproducing \(url.relativePath) in \(output.path)\n")
        let settings = ExperimentRun.Settings(
            jobs: jobs, output: output.path, fresh: true, quiet: true, events: false, batch: false, silent: true)
        let stop = StopRequest()
        let sessions = SessionRegistry()
        let watcher = InterruptWatcher(
            stop: stop, flush: { sessions.flushAll() }, resumeCommand: "hyperplan reproduce \(bundle)")
        defer { watcher.cancel() }
        let result = await ExperimentRun.run(
            loaded: loaded, graph: graph, file: recorded.experimentFile, settings: settings, stop: stop, pool: nil,
            sessions: sessions)
        let rerun = output.appendingPathComponent(loaded.experiment.name).appendingPathComponent(
            loaded.experiment.identity.short)
        defer { if !keep { try? FileManager.default.removeItem(at: output) } }
        if result.exitStatus == ExitStatus.interrupted { throw ExitStatus.Code(status: ExitStatus.interrupted) }
        var differing: [String] = []
        var identical = 0
        for file in ReproduceCommand.comparedFiles {
            if let difference = FileDifference.first(
                url.appendingPathComponent(file), rerun.appendingPathComponent(file))
            {
                differing.append("\(file): \(difference)")
            } else {
                identical += 1
            }
        }
        for note in recorded.environmentNotes(rerun: rerun) { Terminal.standardError.write("note: \(note)\n") }
        if keep { Terminal.standardError.write("the rerun's bundle: \(rerun.path)\n") }
        if differing.isEmpty {
            Terminal.standardOutput.write(
                "reproduced: \(identical) files byte-identical (\(ReproduceCommand.comparedFiles.joined(separator: ", ")))\n"
            )
            return
        }
        Terminal.standardOutput.write(
            "not reproduced: \(differing.count) of \(ReproduceCommand.comparedFiles.count) files differ\n")
        for line in differing { Terminal.standardOutput.write("  \(line)\n") }
        throw ExitStatus.Code(status: ExitStatus.runFailed)
    }

    /// Every deterministic result file; `environment.json` describes the machine and checkout and is compared
    /// field by field as notes.
    static var comparedFiles: [String] {
        BundleLayout.File.allCases.filter { $0.isDeterministic && $0 != .environment }.map(\.rawValue)
    }

    private func failure(_ message: String, status: Int32) -> ExitStatus.Code {
        Terminal.standardError.write("\(bundle): error: \(message)\n")
        return ExitStatus.Code(status: status)
    }
}
