import ArgumentParser
import Foundation
import HyperplanCore
import ResultBundle

/// `hyperplan show BUNDLE`: the best trials, the best trial's learning curve and the failures, in the terminal.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a bundle's best trials, the best trial's learning curve and its failures.",
        discussion:
            "BUNDLE is a bundle folder (runs/NAME/HASH) or an experiment's folder (runs/NAME: its latest bundle). A bundle still being written shows the trials finished so far."
    )

    @Argument(help: "A bundle folder, or an experiment's folder (its latest bundle).")
    var bundle: String

    @Option(help: "How many of the best trials to list.")
    var top = 10

    @OptionGroup var output: JSONOutput

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
    }

    func run() async throws {
        let snapshot = try BundleArgument.snapshot(bundle)
        let view = BundleOverview(snapshot: snapshot, top: top)
        if output.isEnabled {
            Terminal.standardOutput.write(output.render([view.json], single: true))
        } else {
            Terminal.standardOutput.write(view.text)
        }
    }
}

/// Reading the bundle a command names, with its errors as one sentence and exit status.
enum BundleArgument {
    /// The bundle at `path`, or the latest (else only) bundle of the experiment folder at `path`.
    static func url(_ path: String) throws -> URL {
        do {
            let located = try BundleLocator.locate(path)
            guard located.count == 1, let experiment = located.first else {
                let names = located.map(\.name).joined(separator: ", ")
                throw BundleError("'\(path)' holds several experiments (\(names)); name one of them")
            }
            if experiment.bundles.count == 1 || BundleLocator.latestBundle(in: experiment.directory) != nil,
                let first = experiment.bundles.first
            {
                return first
            }
            let names = experiment.bundles.map(\.lastPathComponent).joined(separator: ", ")
            throw BundleError("'\(path)' holds several bundles and no 'latest' link; name one: \(names)")
        } catch let error as BundleError {
            Terminal.standardError.write("\(path): error: \(error.message)\n")
            throw ExitStatus.Code(status: ExitStatus.invalid)
        }
    }

    static func snapshot(_ path: String) throws -> BundleSnapshot {
        let url = try url(path)
        do {
            return try BundleSnapshot(directory: url)
        } catch {
            Terminal.standardError.write("\(url.relativePath): error: \(error.message)\n")
            throw ExitStatus.Code(status: ExitStatus.runFailed)
        }
    }
}
