import ArgumentParser
import ExperimentSpec
import Foundation
import HyperplanCore
import Planner

/// Loading and planning shared by the commands: diagnostics go to standard error, and an invalid
/// experiment ends the command with exit status 2 before anything is written.
enum ExperimentPreparation {
    static func load(_ path: String) throws -> ExperimentLoader.Loaded {
        let report = ExperimentLoader.load(path: path)
        DiagnosticPrinter.print(report.diagnostics, sources: report.sources)
        guard !report.hasErrors, let loaded = report.loaded else {
            let errors = report.diagnostics.filter { $0.severity == .error }.count
            Terminal.standardError.write("\(path): \(errors) error\(errors == 1 ? "" : "s"); nothing was run\n")
            throw ExitStatus.Code(status: ExitStatus.invalid)
        }
        return loaded
    }

    static func plan(_ loaded: ExperimentLoader.Loaded) throws -> TrialGraph {
        do {
            return try Planner.plan(loaded.experiment)
        } catch {
            Terminal.standardError.write("\(loaded.path): error: \(error.message)\n")
            throw ExitStatus.Code(status: ExitStatus.invalid)
        }
    }
}
