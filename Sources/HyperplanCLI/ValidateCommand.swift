import ArgumentParser
import ExperimentSpec
import HyperplanCore
import Planner

/// `hyperplan validate FILE...`: checks experiment files without running them.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check experiment files without running them.",
        discussion:
            "Every problem is reported as FILE:LINE:COLUMN with the source line. Exit status 2 if any file is invalid."
    )

    @Argument(help: "Experiment files to check.")
    var files: [String]

    func run() async throws {
        var invalid = 0
        for file in files {
            let report = ExperimentLoader.load(path: file)
            DiagnosticPrinter.print(report.diagnostics, sources: report.sources)
            guard let loaded = report.loaded, !report.hasErrors else {
                invalid += 1
                let errors = report.diagnostics.filter { $0.severity == .error }.count
                Terminal.standardError.write("\(file): \(errors) error\(errors == 1 ? "" : "s")\n")
                continue
            }
            do {
                let graph = try Planner.plan(loaded.experiment)
                let experiment = loaded.experiment
                let shape = "\(plural(graph.trials.count, "configuration")) × \(plural(graph.foldCount, "fold"))"
                let data = experiment.dataset.map { "\($0.task.rawValue) on \($0.rowCount) rows" } ?? "no dataset"
                Terminal.standardOutput.write("\(file): ok: \(experiment.model.type), \(shape), \(data)\n")
            } catch {
                invalid += 1
                Terminal.standardError.write("\(file): error: \(error.message)\n")
            }
        }
        if invalid > 0 { throw ExitStatus.Code(status: ExitStatus.invalid) }
    }
}
