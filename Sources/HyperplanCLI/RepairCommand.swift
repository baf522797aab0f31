import ArgumentParser
import Foundation
import HyperplanCore
import ResultBundle

/// `hyperplan repair BUNDLE…`: rewrites damaged journals with their intact records only.
struct RepairCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Rewrite a bundle's journal without its damaged lines, keeping every intact record.",
        discussion: """
            A run skips a damaged journal line (one whose checksum does not match, or that is not JSON) and runs \
            its node again, but leaves the file as it is. 'repair' rewrites the journal atomically with only the \
            intact records, drops a torn last line, and converts a journal of format 1 to the current format. \
            BUNDLE is a bundle folder, an experiment's folder under runs/ (all its bundles) or runs/ itself. A \
            journal whose header is damaged cannot be repaired: start that bundle over with 'hyperplan run FILE \
            --fresh'.
            """)

    @Argument(help: "A bundle folder, an experiment's folder under runs/, or runs/ itself.")
    var bundles: [String]

    func run() async throws {
        let (located, locateFailed) = BundleArgument.locateAll(bundles)
        var failed = locateFailed
        let command = ["hyperplan", "repair"] + bundles
        for bundle in located.flatMap(\.bundles) {
            let name = bundle.relativePath
            do {
                let report = try JournalRepair.repair(directory: bundle, command: command)
                Terminal.standardOutput.write(Self.describe(report, bundle: name))
            } catch {
                Terminal.standardError.write("\(name): error: \(error.message)\n")
                failed = true
            }
        }
        if located.isEmpty { throw ExitStatus.Code(status: ExitStatus.invalid) }
        if failed { throw ExitStatus.Code(status: ExitStatus.runFailed) }
    }

    /// One line per bundle, then one per damaged line dropped.
    static func describe(_ report: JournalRepair.Report, bundle: String) -> String {
        guard report.changed else {
            return "\(bundle): journal intact, \(plural(report.kept, "record")); nothing to repair\n"
        }
        var removed: [String] = []
        if !report.dropped.isEmpty { removed.append(plural(report.dropped.count, "damaged line")) }
        if report.droppedTornTail { removed.append("a torn last line") }
        if report.superseded > 0 { removed.append(plural(report.superseded, "superseded record")) }
        var line = "\(bundle): journal repaired, \(plural(report.kept, "record")) kept"
        if !removed.isEmpty { line += "; removed " + removed.joined(separator: ", ") }
        if report.converted { line += "; converted to format \(Journal.formatVersion) with checksums" }
        return line + "\n" + report.dropped.map { "  removed \($0.description)\n" }.joined()
    }
}
