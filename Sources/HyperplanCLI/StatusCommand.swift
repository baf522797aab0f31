import ArgumentParser
import Foundation
import HyperplanCore
import ResultBundle

/// `hyperplan status BUNDLE`: the state of a bundle, whether a run is writing it or not.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the state of a result bundle: progress, best so far, last activity, whether it is running.",
        discussion:
            "BUNDLE is a bundle folder (runs/NAME/HASH), an experiment's folder (runs/NAME), whose bundles are all shown, or a folder of experiments (runs)."
    )

    @Argument(help: "A bundle folder, an experiment's folder under runs/, or runs/ itself.")
    var bundles: [String]

    @OptionGroup var output: JSONOutput

    func run() async throws {
        var statuses: [BundleStatus] = []
        let (located, locateFailed) = BundleArgument.locateAll(bundles)
        var failed = locateFailed
        for bundle in located.flatMap(\.bundles) {
            do {
                statuses.append(try BundleStatus(directory: bundle, checkingFiles: true))
            } catch {
                Terminal.standardError.write("\(bundle.relativePath): error: \(error.message)\n")
                failed = true
            }
        }
        if output.isEnabled {
            let single = bundles.count == 1 && BundleLocator.isBundle(URL(fileURLWithPath: bundles[0]))
            Terminal.standardOutput.write(output.render(statuses.map(\.json), single: single))
        } else {
            Terminal.standardOutput.write(statuses.map(\.text).joined())
        }
        if statuses.isEmpty { throw ExitStatus.Code(status: ExitStatus.invalid) }
        if failed { throw ExitStatus.Code(status: ExitStatus.runFailed) }
    }
}
