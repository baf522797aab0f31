package import Executor
package import Foundation
package import HyperplanCore

/// What a bundle on disk says about its run: how far it got, the best trial so far, when it last changed,
/// and whether a process holds it now. Read from the journal and the plan, so it works while a run writes.
package struct BundleStatus: Sendable {
    package var directory: URL
    package var experiment: String?
    package var plannedTrials: Int?
    package var finishedTrials: Int
    package var failedTrials: Int
    package var prunedTrials: Int
    package var bestTrial: Int?
    package var bestScore: Double?
    package var metric: String?
    package var goal: String?
    /// How a bundle's run stands, as `status`, `ls` and the reports name it.
    package enum State: String, Codable, Sendable, CaseIterable {
        /// The run finished and chose a model.
        case ok
        /// The run finished, and every trial failed.
        case failed
        /// The run stopped early with nothing to show (an interrupt, failures, a budget before any trial).
        case stopped
        /// A process holds the bundle's lock now.
        case running
        /// No summary: the run was killed, or has not written it yet, or it is unreadable.
        case incomplete

        /// How a finished run ends: `summary.json`'s `status` and the `finished` event's.
        package init(_ outcome: RunOutcome) {
            // A budget ends the search but still refits and tests the best trial: the bundle is usable.
            if case .stopped(_, let kind) = outcome.completion {
                // A budget used up before any trial finished has not failed: it has nothing to show yet.
                if kind != .budget || outcome.selection.trials.isEmpty {
                    self = .stopped
                    return
                }
            }
            self = outcome.selection.best == nil ? .failed : .ok
        }
    }

    /// `ok`, `failed` or `stopped` from the summary when the run wrote one; `running` or `incomplete` otherwise.
    package var state: State
    package var lastActivity: Date?
    package var holder: String?
    /// Whether the last run ended early (interrupted, a time budget, too many failures).
    package var stoppedEarly: Bool
    /// Why the run or the search ended early (the time budget, failures, an interrupt, a stopping condition).
    package var stopReason: String?
    /// Damage found in the journal (a torn tail, damaged lines) and result files that do not match the
    /// manifest, one sentence each.
    package var notes: [String] = []
    /// The result files that do not match `manifest.json` (`BundleManifest.problems`), when asked to check and
    /// the bundle is finished and not running; empty otherwise.
    package var fileProblems: [String] = []

    /// - Parameter checkingFiles: also hash the result files against `manifest.json` (`status` and a batch's
    ///   up-to-date check do; listings and report readers, which read those files anyway, do not).
    /// - Throws: `BundleError` when the journal is unreadable.
    package init(directory: URL, checkingFiles: Bool = false) throws(BundleError) {
        let journal = try Journal.read(directory.appendingPathComponent(Journal.fileName))
        self.init(
            directory: directory, journal: journal,
            summary: BundleStatus.json(directory.appendingPathComponent(BundleLayout.File.summary.rawValue)),
            plan: BundleStatus.json(directory.appendingPathComponent(BundleLayout.File.plan.rawValue)),
            resolved: BundleStatus.json(directory.appendingPathComponent(BundleLayout.File.resolved.rawValue)))
        // A finished bundle's results are checked against its manifest (a running one is being rewritten).
        if checkingFiles, state != .running, state != .incomplete {
            fileProblems = BundleManifest.problems(in: directory)
            notes += fileProblems.map { "result files: \($0)" }
        }
    }

    /// The status from files already read (a `BundleSnapshot` reads them once for both).
    init(directory: URL, journal: Journal.Contents, summary: JSONValue?, plan: JSONValue?, resolved: JSONValue?) {
        self.directory = directory
        let journalURL = directory.appendingPathComponent(Journal.fileName)
        experiment = journal.experiment
        notes = journal.damageNotes()
        holder = BundleLock.holder(of: directory)
        lastActivity = (try? FileManager.default.attributesOfItem(atPath: journalURL.path))?[.modificationDate] as? Date
        plannedTrials = plan?["trials"]?.arrayValue?.count ?? summary?["counts"]?["planned_trials"]?.intValue
        metric = resolved?["search"]?["metric"]?.stringValue ?? summary?["metric"]?.stringValue
        goal = resolved?["search"]?["goal"]?.stringValue ?? summary?["goal"]?.stringValue
        var finished = 0
        var failed = 0
        var pruned = 0
        var best: (trial: Int, score: Double)?
        let maximize = goal != "minimize"
        for id in journal.order {
            // Each finished trial's `aggregate` record; fits have no `trial`, suggestions no `status`.
            guard let record = journal.records[id], record["trial"] != nil, record["status"] != nil,
                let outcome = try? CanonicalCoding.decode(TrialOutcomeRecord.self, from: record)
            else { continue }
            finished += 1
            if outcome.status != .ok {
                if outcome.status == .pruned { pruned += 1 } else { failed += 1 }
                continue
            }
            let trial = outcome.trial
            // Equal scores go to the earliest trial, as in summary.json: the journal is in completion order,
            // which differs between runs.
            if let metric, let score = outcome.validation[metric]?.mean, !score.isNaN,
                best.map({
                    (maximize ? score > $0.score : score < $0.score) || (score == $0.score && trial < $0.trial)
                }) ?? true
            {
                best = (trial, score)
            }
        }
        finishedTrials = finished
        failedTrials = failed
        prunedTrials = pruned
        bestTrial = best?.trial
        bestScore = best?.score
        stoppedEarly = summary?["stopped"] != nil
        stopReason = summary?["stopped"]?["reason"]?.stringValue ?? summary?["search_stopped"]?.stringValue
        if holder != nil {
            state = .running
        } else if let status = summary?["status"]?.stringValue.flatMap(State.init(rawValue:)) {
            state = status
        } else {
            state = .incomplete
        }
    }

    private static func json(_ url: URL) -> JSONValue? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? JSONValue.parse(String(decoding: data, as: UTF8.self))
    }

    package var text: String {
        var lines = ["\(directory.relativePath): \(state.rawValue)"]
        if let stopReason { lines[0] += " (\(stopReason))" }
        let planned = plannedTrials.map { " of \($0)" } ?? ""
        lines.append("  trials: \(finishedTrials)\(planned) finished, \(failedTrials) failed, \(prunedTrials) pruned")
        if let bestTrial, let bestScore, let metric {
            lines.append("  best so far: trial \(bestTrial), \(metric) \(NumberFormatting.fixed(bestScore, digits: 4))")
        }
        if let lastActivity {
            let seconds = Int(Date().timeIntervalSince(lastActivity))
            lines.append("  last activity: \(BundleStatus.ago(seconds)) ago")
        }
        lines.append("  lock: \(holder.map { "held by \($0)" } ?? "free")")
        lines += notes.map { "  warning: \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `hyperplan status --json`'s object for this bundle: every key always present, `null` when unknown.
    package struct Report: Codable, Sendable, Hashable {
        package var bundle: String
        package var state: State
        @ExplicitNull package var experiment: String?
        @ExplicitNull package var plannedTrials: Int?
        package var finishedTrials: Int
        package var failedTrials: Int
        package var prunedTrials: Int
        @ExplicitNull package var bestTrial: Int?
        @ExplicitNull package var bestScore: Double?
        @ExplicitNull package var metric: String?
        @ExplicitNull package var lockHolder: String?
        @ExplicitNull package var stopReason: String?
        @ExplicitNull package var lastActivitySecondsAgo: Int?
        /// The journal's damage and the result files that do not match the manifest, one sentence each; empty
        /// when the bundle is intact.
        package var notes: [String]
    }

    /// The status as `hyperplan status --json` reports it, `last_activity_seconds_ago` as of now.
    package var report: Report {
        Report(
            bundle: directory.relativePath, state: state, experiment: experiment, plannedTrials: plannedTrials,
            finishedTrials: finishedTrials, failedTrials: failedTrials, prunedTrials: prunedTrials,
            bestTrial: bestTrial, bestScore: bestScore, metric: metric, lockHolder: holder, stopReason: stopReason,
            lastActivitySecondsAgo: lastActivity.map { Int(Date().timeIntervalSince($0)) },
            notes: notes)
    }

    /// `report` as JSON.
    package var json: JSONValue { report.canonicalJSON }

    package static func ago(_ seconds: Int) -> String {
        if seconds < 90 { return "\(seconds) s" }
        if seconds < 5400 { return "\(seconds / 60) min" }
        if seconds < 172_800 { return "\(seconds / 3600) h \((seconds % 3600) / 60) min" }
        return "\(seconds / 86400) days"
    }
}
