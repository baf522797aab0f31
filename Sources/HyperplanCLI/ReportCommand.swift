import ArgumentParser
import Foundation
import HyperplanCore
import Reports
import ResultBundle

/// `hyperplan report PATH…`: an offline HTML report of bundles, experiments or a whole `runs/` folder.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an HTML report of result bundles: charts, tables and their data as CSV, offline.",
        discussion: """
            PATH is a bundle (runs/NAME/HASH), an experiment's folder (runs/NAME: every bundle), or a folder of \
            experiments (runs, a batch). The report is a folder that opens from file:// with no network: \
            index.html, assets/ and each chart's data as CSV. Reading a bundle never changes it; a bundle whose \
            run has not finished is reported as partial. See docs/reports.md.
            """
    )

    @Argument(help: "Bundles, experiment folders or folders of experiments.")
    var paths: [String]

    @Option(name: .shortAndLong, help: "The folder to write the report into (default: reports/NAME).")
    var output: String?

    @Flag(help: "Open the report in the default browser when written.")
    var open = false

    func run() async throws {
        var bundles: [URL] = []
        var names: [String] = []
        var problems = false
        for path in paths {
            do {
                for experiment in try BundleLocator.locate(path) {
                    bundles += experiment.bundles
                    names.append(experiment.name)
                }
            } catch {
                Terminal.standardError.write("\(path): error: \(error.message)\n")
                problems = true
            }
        }
        guard !bundles.isEmpty else { throw ExitStatus.Code(status: ExitStatus.invalid) }
        let defaultName =
            names.count == 1 ? names[0] : URL(fileURLWithPath: paths[0]).standardizedFileURL.lastPathComponent
        let folder = URL(fileURLWithPath: output ?? "reports/\(defaultName)")
        let title = names.count == 1 ? "\(names[0])" : "Hyperplan report: \(paths.joined(separator: ", "))"
        let outcomes: [ReportWriter.Outcome]
        do {
            outcomes = try ReportWriter().write(
                bundles: bundles, title: title, to: folder)
        } catch {
            Terminal.standardError.write("error: \(error.message)\n")
            throw ExitStatus.Code(status: ExitStatus.runFailed)
        }
        for outcome in outcomes {
            if let problem = outcome.problem {
                Terminal.standardError.write("\(outcome.bundle.relativePath): error: \(problem)\n")
                problems = true
            } else if outcome.partial {
                Terminal.standardError.write(
                    "\(outcome.bundle.relativePath): note: the run has not finished; the report shows the trials done so far\n"
                )
            }
        }
        let index = folder.appendingPathComponent("index.html")
        let written = outcomes.filter { $0.page != nil }.count
        Terminal.standardOutput.write(
            "report: \(index.relativePath) (\(written) of \(outcomes.count) bundle\(outcomes.count == 1 ? "" : "s"))\n")
        if open { Browser.open(index) }
        if written == 0 { throw ExitStatus.Code(status: ExitStatus.runFailed) }
        if problems { throw ExitStatus.Code(status: ExitStatus.runFailed) }
    }
}

/// Opens a file in the user's browser, without waiting for it.
enum Browser {
    static func open(_ url: URL) {
        #if os(macOS)
            let opener = "/usr/bin/open"
        #else
            let opener = "/usr/bin/xdg-open"
        #endif
        guard FileManager.default.isExecutableFile(atPath: opener) else {
            Terminal.standardError.write("note: cannot open a browser here (no \(opener)); open \(url.path) yourself\n")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [url.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        if (try? process.run()) == nil {
            Terminal.standardError.write("note: could not start \(opener); open \(url.path) yourself\n")
        }
    }
}
