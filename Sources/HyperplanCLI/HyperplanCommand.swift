package import ArgumentParser
import Foundation
import HyperplanCore

/// The `hyperplan` command line: `run`, `validate`, `plan`, `status` and `predict`.
package struct HyperplanCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "hyperplan",
        abstract: "Run machine-learning experiments declared in YAML, reproducibly.",
        discussion: """
            An experiment file declares the dataset, the model and its hyperparameter space, the \
            cross-validation scheme and the search. 'hyperplan run' compiles it into a trial DAG, runs the \
            DAG in parallel and writes a result bundle under runs/.

            Exit status: 0 success, 1 the run failed, 2 invalid experiment or usage.
            """,
        version: HyperplanVersion.current,
        subcommands: [
            RunCommand.self, ValidateCommand.self, PlanCommand.self, StatusCommand.self, ListCommand.self,
            ShowCommand.self, ReportCommand.self, CompareCommand.self, ReproduceCommand.self, PredictCommand.self,
            ExportCommand.self, RepairCommand.self,
        ]
    )

    package init() {}

    /// Parses `arguments`, runs the command and returns the process exit status.
    ///
    /// Usage errors exit with 2 (not ArgumentParser's default 64), as documented.
    package static func main(arguments: [String]) async -> Int32 {
        // A reader that goes away (`hyperplan run … --events jsonl | head -1`) must not kill the run: with SIGPIPE
        // ignored a write to the closed pipe fails with EPIPE, and `Terminal` stops that output and nothing
        // else. Trial programs get the default disposition back (swift-subprocess resets it in the child).
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return ExitStatus.success
        } catch let exit as ExitStatus.Code {
            return exit.status
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                Terminal.standardOutput.write(fullMessage(for: error) + "\n")
                return ExitStatus.success
            }
            Terminal.standardError.write(fullMessage(for: error) + "\n")
            return ExitStatus.invalid
        }
    }
}

/// Hyperplan's exit statuses.
package enum ExitStatus {
    package static let success: Int32 = 0
    /// The run failed (every trial failed, a node that is not a trial failed, the bundle could not be written).
    package static let runFailed: Int32 = 1
    /// The experiment is invalid, or the command line is.
    package static let invalid: Int32 = 2
    /// The run was interrupted.
    package static let interrupted: Int32 = 130

    /// How bad a status is, for a batch's overall status: interrupted, then invalid, then failed, then success.
    static func severity(_ status: Int32) -> Int {
        switch status {
        case interrupted: return 3
        case invalid: return 2
        case runFailed: return 1
        default: return 0
        }
    }

    /// Thrown by commands to end with a status after they have printed their own messages.
    struct Code: Error {
        var status: Int32
    }
}
