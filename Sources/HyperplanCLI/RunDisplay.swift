import Dispatch
import Executor
import ExperimentSpec
import Foundation
import HyperplanCore
import Planner
import ResultBundle
import Search

/// What a run shows while it goes: a live status block on a terminal, one line per finished trial in a log,
/// a JSON event per line for scripts (`--events jsonl`), or nothing (`--quiet`).
final class RunDisplay: @unchecked Sendable {
    // Safe: events arrive from the scheduling loop and refreshes from a timer queue; all state is guarded
    // by `lock`.
    enum Mode {
        case quiet, lines, live, events
    }

    private let lock = NSLock()
    private let mode: Mode
    private let name: String
    private let metric: String
    private let goal: OptimizationGoal
    private let totalTrials: Int
    private let folds: Int
    private let start = Date()
    private var finished = 0
    private var failed = 0
    private var pruned = 0
    private var announcedStop = false
    private var reused = 0
    private var finishedHere = 0
    private var runningFits: [Int: Int] = [:]
    private var best: TrialResult?
    private var drawnLines = 0
    private var timer: (any DispatchSourceTimer)?

    /// A prefix for each line in a batch, where several experiments print to one log.
    private let label: String?

    init(mode: Mode, experiment: Experiment, graph: TrialGraph, label: String? = nil) {
        self.mode = mode
        self.label = label
        name = experiment.name
        metric = experiment.search.metric
        goal = experiment.search.goal
        totalTrials = graph.trials.count
        folds = graph.foldCount
        if mode == .live {
            let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "hyperplan.display"))
            timer.schedule(deadline: .now() + 1, repeating: 1)
            timer.setEventHandler { [weak self] in self?.redraw() }
            timer.resume()
            self.timer = timer
        }
    }

    func handle(_ event: ProgressEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .resumed(_, let trials):
            reused = trials
            finished = trials
            if mode == .lines {
                Terminal.standardError.write("resuming: \(plural(trials, "trial")) restored from earlier runs\n")
            }
            if mode == .events { emit(["event": .string("resumed"), "restored_trials": .int(trials)]) }
        case .nodeStarted(let node):
            if let fit = node.task as? FitScoreNode { runningFits[fit.trial, default: 0] += 1 }
        case .nodeFinished(let node, _, _):
            if let fit = node.task as? FitScoreNode {
                runningFits[fit.trial, default: 1] -= 1
                if runningFits[fit.trial] == 0 { runningFits[fit.trial] = nil }
            }
        case .trialFinished(let trial, _, _):
            finished += 1
            finishedHere += 1
            if trial.isSkipped {
                // The search has stopped: the trial is not run, and says so once.
                if !announcedStop, case .skipped(let reason) = trial.status {
                    announcedStop = true
                    if mode == .lines {
                        Terminal.standardError.write((label.map { "[\($0)] " } ?? "") + "search stopped: \(reason)\n")
                    }
                }
                if mode == .events { emit(trialEvent(trial)) }
                if mode == .live { drawLocked() }
                return
            }
            if trial.isFailed { failed += 1 }
            if trial.isPruned { pruned += 1 }
            if trial.isOK, let score = trial.validation[metric]?.mean,
                best.flatMap({ $0.validation[metric]?.mean }).map({ goal.isBetter(score, than: $0) }) ?? true
            {
                best = trial
            }
            switch mode {
            case .lines: Terminal.standardError.write((label.map { "[\($0)] " } ?? "") + line(for: trial))
            case .events: emit(trialEvent(trial))
            default: break
            }
        }
        if mode == .live { drawLocked() }
    }

    /// Stops refreshing and leaves the last block on screen.
    func finish() {
        timer?.cancel()
        lock.lock()
        if mode == .live { drawLocked() }
        lock.unlock()
    }

    /// The final event for `--events jsonl`.
    func emitFinished(_ outcome: RunOutcome, bundle: String) {
        guard mode == .events else { return }
        var fields: [String: JSONValue] = [
            "event": .string("finished"), "bundle": .string(bundle), "trials": .int(outcome.selection.trials.count),
            "failed": .int(outcome.failedTrials), "pruned": .int(outcome.prunedTrials),
            "nodes_reused": .int(outcome.nodesReused),
            "nodes_run": .int(outcome.nodesRun),
        ]
        // The same status as summary.json's.
        fields["status"] = .string(BundleStatus.State(outcome).rawValue)
        if case .stopped(let reason, let kind) = outcome.completion {
            fields["stopped"] = .object(["reason": .string(reason), "kind": .string(kind.rawValue)])
        }
        if let best = outcome.selection.best {
            var bestFields = trialEvent(outcome.selection.trials[best])
            for key in ["event", "finished", "total"] { bestFields[key] = nil }
            fields["best"] = .object(bestFields)
        }
        if let test = outcome.testScores { fields["test"] = .object(test.mapValues(JSONValue.number)) }
        emit(fields)
    }

    private func trialEvent(_ trial: TrialResult) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "event": .string("trial"), "trial": .int(trial.trial), "parameters": trial.configuration.json,
            "status": .string(trial.outcome.rawValue), "finished": .int(finished), "total": .int(totalTrials),
            "validation": .object(trial.validation.mapValues(\.json)),
        ]
        if case .failed(let reason) = trial.status { fields["reason"] = .string(reason) }
        if case .pruned(let resource) = trial.status { fields["pruned_at"] = .int(resource) }
        return fields
    }

    /// One event line; every event names its experiment, so a batch's interleaved events can be told apart.
    func emit(_ fields: [String: JSONValue]) {
        var fields = fields
        if fields["experiment"] == nil { fields["experiment"] = .string(name) }
        Terminal.standardOutput.write(JSONValue.object(fields).canonicalString() + "\n")
    }

    private func line(for trial: TrialResult) -> String {
        let width = String(totalTrials).count
        let counter = "[\(String(finished).leftPadded(to: width))/\(totalTrials)]"
        let parameters = trial.configuration.summary()
        switch trial.status {
        case .ok:
            let score = trial.validation[metric].map { RunDisplay.score($0, folds: folds) } ?? "n/a"
            return "\(counter) trial \(trial.trial) \(parameters): \(metric) \(score)\n"
        case .failed(let reason):
            return "\(counter) trial \(trial.trial) \(parameters): failed: \(reason)\n"
        case .pruned(let resource):
            return "\(counter) trial \(trial.trial) \(parameters): pruned at \(resource)\n"
        case .skipped(let reason):
            return "\(counter) trial \(trial.trial): not run: \(reason)\n"
        }
    }

    private func redraw() {
        lock.lock()
        drawLocked()
        lock.unlock()
    }

    /// Redraws the status block in place: the cursor goes back up over the previous block, which is cleared.
    private func drawLocked() {
        var block = [String]()
        let width = 24
        let filled = totalTrials > 0 ? min(width, finished * width / totalTrials) : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let reusedNote = reused > 0 ? " (\(reused) reused)" : ""
        block.append("\(name) ▕\(bar)▏ \(finished)/\(totalTrials) trials\(reusedNote)")
        let elapsed = Date().timeIntervalSince(start)
        var status =
            "  running \(runningFits.count) · failed \(failed) · pruned \(pruned) · elapsed \(RunDisplay.duration(elapsed))"
        if finishedHere > 0, finished < totalTrials {
            let remaining = elapsed / Double(finishedHere) * Double(totalTrials - finished)
            status += " · eta \(RunDisplay.duration(remaining))"
        }
        block.append(status)
        if let best, let summary = best.validation[metric] {
            block.append(
                "  best \(metric) \(RunDisplay.score(summary, folds: folds))  trial \(best.trial): \(best.configuration.summary())"
            )
        }
        var output = drawnLines > 0 ? "\u{1B}[\(drawnLines)A\r\u{1B}[J" : ""
        output += block.joined(separator: "\n") + "\n"
        drawnLines = block.count
        Terminal.standardError.write(output)
    }

    /// "0.9583 ± 0.0264", or the mean alone when there is one fold (nothing to spread).
    static func score(_ summary: FoldSummary, folds: Int = 2) -> String {
        let mean = NumberFormatting.fixed(summary.mean, digits: 4)
        return folds > 1 ? "\(mean) ± \(NumberFormatting.fixed(summary.std, digits: 4))" : mean
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m \(total % 60)s" }
        return "\(total / 3600)h \((total % 3600) / 60)m"
    }
}
