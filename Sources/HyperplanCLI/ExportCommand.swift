import ArgumentParser
import Exports
import Foundation
import HyperplanCore
import ResultBundle

/// `hyperplan export BUNDLE --format FORMAT [--output FILE]`: the bundle as a file another tool opens, such as
/// an Optuna `JournalStorage` file for `optuna-dashboard` and `optuna.visualization`.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a bundle for another tool: an Optuna JournalStorage file of the study.",
        discussion: """
            BUNDLE is a bundle folder (runs/NAME/HASH) or an experiment's folder (runs/NAME: its latest bundle). \
            A bundle still being written exports the trials finished so far, with a note. The file is written \
            through a temporary file and a rename, never into the bundle; the same bundle gives the same bytes. \
            Formats: \(ExportFormats.all.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")). \
            See docs/exports.md.
            """
    )

    @Argument(help: "A bundle folder, or an experiment's folder (its latest bundle).")
    var bundle: String

    @Option(help: "The format: \(ExportFormats.names.joined(separator: ", ")).")
    var format: String

    @Option(
        name: .shortAndLong,
        help: "The file to write (default: in the current folder, named after the experiment: NAME.optuna.jsonl).")
    var output: String?

    func validate() throws {
        guard ExportFormats.named(format) != nil else {
            throw ValidationError(
                "unknown format '\(format)'; the formats are: \(ExportFormats.names.joined(separator: ", "))")
        }
    }

    func run() async throws {
        guard let exporter = ExportFormats.named(format) else { throw ExitStatus.Code(status: ExitStatus.invalid) }
        let snapshot = try BundleArgument.snapshot(bundle)
        let place = snapshot.directory.relativePath
        let exported: ExportedFile
        do {
            exported = try exporter.export(snapshot)
        } catch {
            Terminal.standardError.write("\(place): error: \(error.message)\n")
            throw ExitStatus.Code(status: ExitStatus.runFailed)
        }
        let destination = URL(fileURLWithPath: output ?? exporter.defaultFileName(experiment: snapshot.name))
        do {
            try ExportWriter.write(exported.text, to: destination, bundle: snapshot.directory)
        } catch {
            Terminal.standardError.write("error: \(error.message)\n")
            let status = error.code == .invalidDestination ? ExitStatus.invalid : ExitStatus.runFailed
            throw ExitStatus.Code(status: status)
        }
        for note in exported.notes { Terminal.standardError.write("\(place): note: \(note)\n") }
        Terminal.standardOutput.write(
            "exported \(place) as \(exporter.name) to \(destination.relativePath): \(exported.summary)\n")
    }
}
