import ArgumentParser
import Foundation
import HyperplanCore
import ResultBundle

/// `hyperplan ls [runs/]`: every bundle of every experiment, newest first.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List experiments and their bundles: state, trials, best score, last activity, git commit.",
        discussion:
            "PATH is a folder of experiments (default: runs), an experiment's folder (runs/NAME) or a bundle. Bundles are listed newest first; 'latest' marks the one runs/NAME/latest points at."
    )

    @Argument(help: "A folder of experiments (default: runs), an experiment's folder, or a bundle.")
    var paths: [String] = []

    @OptionGroup var output: JSONOutput

    struct Row {
        var status: BundleStatus
        var experiment: String
        var isLatest: Bool
        var commit: String?
        var dirty: Bool?
        var activity: Date
    }

    func run() async throws {
        var rows: [Row] = []
        let (located, locateFailed) = BundleArgument.locateAll(paths.isEmpty ? [BundleLayout.defaultRoot] : paths)
        var failed = locateFailed
        for experiment in located {
            let latest = BundleLocator.latestBundle(in: experiment.directory)?.lastPathComponent
            for bundle in experiment.bundles {
                guard let status = try? BundleStatus(directory: bundle) else {
                    Terminal.standardError.write("\(bundle.relativePath): error: the journal is unreadable\n")
                    failed = true
                    continue
                }
                let environment = FileManager.default.contents(
                    atPath: bundle.appendingPathComponent(BundleLayout.File.environment.rawValue).path
                ).flatMap { try? JSONValue.parse(String(decoding: $0, as: UTF8.self)) }
                var commit: String?
                var dirty: Bool?
                if case .string(let value)? = environment?["git"]?["commit"] { commit = value }
                if case .bool(let value)? = environment?["git"]?["dirty"] { dirty = value }
                rows.append(
                    Row(
                        status: status, experiment: experiment.name, isLatest: bundle.lastPathComponent == latest,
                        commit: commit, dirty: dirty, activity: BundleLocator.lastActivity(bundle)))
            }
        }
        rows.sort {
            $0.activity != $1.activity ? $0.activity > $1.activity : $0.status.directory.path < $1.status.directory.path
        }
        if output.isEnabled {
            Terminal.standardOutput.write(output.render(rows.map(json), single: false))
        } else if !rows.isEmpty {
            Terminal.standardOutput.write(table(rows))
        }
        if rows.isEmpty && failed { throw ExitStatus.Code(status: ExitStatus.invalid) }
        if failed { throw ExitStatus.Code(status: ExitStatus.runFailed) }
    }

    private func json(_ row: Row) -> JSONValue {
        guard case .object(var fields) = row.status.json else { return row.status.json }
        fields["name"] = .string(row.experiment)
        fields["latest"] = .bool(row.isLatest)
        fields["git_commit"] = row.commit.map(JSONValue.string) ?? .null
        fields["git_dirty"] = row.dirty.map(JSONValue.bool) ?? .null
        return .object(fields)
    }

    private func table(_ rows: [Row]) -> String {
        let header = ["experiment", "bundle", "state", "trials", "best", "last activity", "commit"]
        let cells = rows.map { row -> [String] in
            let status = row.status
            let planned = status.plannedTrials.map { "/\($0)" } ?? ""
            let ok = status.finishedTrials - status.failedTrials - status.prunedTrials
            var best = ""
            if let score = status.bestScore, let metric = status.metric {
                best = "\(metric) \(NumberFormatting.fixed(score, digits: 4))"
            }
            let activity =
                row.activity == .distantPast
                ? "" : BundleStatus.ago(Int(Date().timeIntervalSince(row.activity))) + " ago"
            let commit = row.commit.map { String($0.prefix(8)) + (row.dirty == true ? "+dirty" : "") } ?? ""
            return [
                row.experiment, status.directory.lastPathComponent + (row.isLatest ? " (latest)" : ""),
                status.state.rawValue,
                "\(ok)\(planned)", best, activity, commit,
            ]
        }
        return TextTable.render(header: header, rows: cells)
    }
}
