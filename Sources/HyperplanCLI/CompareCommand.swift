import ArgumentParser
import ExperimentSpec
import Foundation
import HyperplanCore
import Reports
import ResultBundle

/// `hyperplan compare A B [C…]`: how bundles' experiments differ, their best scores, and whether the difference
/// stands out from fold noise.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract:
            "Compare bundles: experiment differences with file:line, best scores, a paired test over shared folds.",
        discussion: """
            Each BUNDLE is a bundle folder or an experiment's folder (its latest bundle); the first is the baseline. \
            With --rev, the single BUNDLE is compared with the bundle of the same experiment file as it was at that \
            git revision (it must have been run: its bundle is looked up in the same runs folder). Where two bundles \
            were scored on the same folds, the best configurations' per-fold scores are compared with the corrected \
            resampled t-test of Nadeau and Bengio. See docs/reports.md#compare.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, html
    }

    @Argument(help: "Bundles or experiment folders; the first is the baseline.")
    var bundles: [String]

    @Option(
        help: "Compare BUNDLE with the bundle of its experiment file at this git revision (a commit, a tag, HEAD~1).")
    var rev: String?

    @Option(help: "text, json or html (a report page).")
    var format: Format = .text

    @Option(
        name: .shortAndLong, help: "With --format html: the folder to write the page into (default: reports/compare).")
    var output: String?

    func validate() throws {
        if rev == nil, bundles.count < 2 { throw ValidationError("give at least two bundles, or one with --rev") }
        if rev != nil, bundles.count != 1 {
            throw ValidationError("--rev compares one bundle with its experiment at a revision")
        }
        if output != nil, format != .html { throw ValidationError("--output goes with --format html") }
    }

    func run() async throws {
        var snapshots = try bundles.map(BundleArgument.snapshot)
        if let rev, let first = snapshots.first {
            let other = try RevisionBundle.find(for: first, revision: rev)
            snapshots.insert(try BundleArgument.snapshot(other.relativePath), at: 0)
        }
        let comparison = BundleComparison(snapshots)
        switch format {
        case .text: Terminal.standardOutput.write(comparison.text)
        case .json: Terminal.standardOutput.write(comparison.json.prettyString())
        case .html:
            let folder = URL(fileURLWithPath: output ?? "reports/compare")
            do {
                try comparison.writePage(to: folder)
            } catch {
                Terminal.standardError.write("error: \(error.message)\n")
                throw ExitStatus.Code(status: ExitStatus.runFailed)
            }
            Terminal.standardOutput.write("comparison: \(folder.appendingPathComponent("index.html").relativePath)\n")
        }
    }
}

/// The bundle of a bundle's experiment file as it was at a git revision.
enum RevisionBundle {
    static func find(for snapshot: BundleSnapshot, revision: String) throws -> URL {
        func fail(_ message: String) -> ExitStatus.Code {
            Terminal.standardError.write("\(snapshot.directory.relativePath): error: \(message)\n")
            return ExitStatus.Code(status: ExitStatus.invalid)
        }
        guard let file = snapshot.environment?["experiment_file"]?.stringValue else {
            throw fail("environment.json does not name the experiment file, so --rev cannot find it in git")
        }
        let url = URL(fileURLWithPath: file).standardizedFileURL
        let directory = url.deletingLastPathComponent()
        guard let text = Git.run(["-C", directory.path, "show", "\(revision):./\(url.lastPathComponent)"]) else {
            throw fail(
                "git cannot show '\(file)' at '\(revision)' (is it a revision of the repository that holds the file?)")
        }
        let report = ExperimentLoader.validate(text: text, path: "\(file)@\(revision)", baseDirectory: directory)
        guard let loaded = report.loaded, !report.hasErrors else {
            DiagnosticPrinter.print(report.diagnostics, sources: report.sources)
            throw fail("the experiment at '\(revision)' does not validate against today's data and tool")
        }
        // As the user named the bundle (relative paths stay relative in messages).
        let runsPath = ((snapshot.directory.relativePath as NSString).deletingLastPathComponent as NSString)
            .deletingLastPathComponent
        let runs = URL(fileURLWithPath: runsPath.isEmpty ? "." : runsPath)
        let candidate = runs.appendingPathComponent(loaded.experiment.name)
            .appendingPathComponent(loaded.experiment.identity.short)
        guard BundleLocator.isBundle(candidate) else {
            throw fail(
                "no bundle of '\(file)' at '\(revision)' (identity \(loaded.experiment.identity.short)) under \(runs.relativePath); "
                    + "run it first: git worktree add /tmp/at-rev \(revision) && hyperplan run /tmp/at-rev/<path of the file> --output \(runs.path)"
            )
        }
        return candidate
    }
}
