import ExperimentSpec
import Foundation
import HyperplanCore
import Learners
import Planner
import Synchronization

extension NodeEvaluator {
    /// Runs the trial command for one configuration on one fold (or, for the final refit, on the training
    /// split against the test split) and reads its metrics.
    func runCommand(
        _ command: CommandSpec, node: PlanNode, trial: TrialGraph.Trial, fold: Int?, files: ExportedFold?,
        directory: URL, judge: PruningJudge? = nil
    ) async -> FoldResult {
        var result = FoldResult(fold: fold ?? 0, status: .ok, trainScores: [:], validationScores: [:], report: nil)
        func fail(_ reason: String) -> FoldResult {
            var failed = result
            failed.status = .failed(reason: reason)
            return failed
        }
        var generator = generator(for: node)
        let seed = Int(generator.next() >> 33)
        var parameters: [String: JSONValue] = [:]
        var placeholders: [String: String] = [
            "trial_dir": directory.path, "seed": String(seed), "fold": fold.map(String.init) ?? "test",
        ]
        for (name, value) in trial.hyperparameters.values {
            parameters[name] = value.json
            placeholders[name] = CommandTrial.argument(for: value)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["HYPERPLAN_TRIAL_DIR"] = directory.path
        environment["HYPERPLAN_SEED"] = String(seed)
        environment["HYPERPLAN_TRIAL"] = String(trial.index)
        environment[TrialProcessSweep.variable] = TrialProcessSweep.newTag(
            owner: TrialProcessSweep.owner(of: workspace))
        if let fold { environment["HYPERPLAN_FOLD"] = String(fold) }
        if let files {
            placeholders["train"] = files.train.path
            placeholders["validation"] = files.heldOut.path
            environment["HYPERPLAN_TRAIN"] = files.train.path
            environment["HYPERPLAN_VALIDATION"] = files.heldOut.path
        }
        let parametersFile = directory.appendingPathComponent("params.json")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try JSONValue.object(parameters).prettyString().write(to: parametersFile, atomically: true, encoding: .utf8)
        } catch {
            return fail("cannot prepare the trial folder '\(directory.path)': \(SystemReason.of(error))")
        }
        environment["HYPERPLAN_PARAMS"] = parametersFile.path
        var arguments: [String] = []
        for template in command.run {
            switch ArgumentTemplate(template).substituted(placeholders) {
            case .success(let argument): arguments.append(argument)
            case .failure(let unknown): return fail("no value for '{\(unknown.name)}' in the command")
            }
        }
        let outcome: ChildProcess.Result
        // Pruning reads the intermediate reports as they arrive and stops the program at a rung it fails.
        let prunedAt = Mutex<Int?>(nil)
        let metric = experiment.search.metric
        var process = ChildProcess(
            arguments: arguments, environment: environment,
            workingDirectory: URL(fileURLWithPath: command.workingDirectory), logDirectory: directory,
            timeout: experiment.execution.trialTimeout)
        if let judge {
            process.stopAfterLine = { line in
                guard let report = CommandTrial.intermediateReport(line),
                    let resource = (report["epoch"] ?? report["step"])?.intValue,
                    let value = report[metric]?.doubleValue,
                    judge.shouldPrune(resource: resource, metric: value)
                else { return false }
                prunedAt.withLock { if $0 == nil { $0 = resource } }
                return true
            }
        }
        do {
            outcome = try await process.run()
        } catch {
            return fail(error.message)
        }
        if outcome.stoppedOnRequest, let resource = prunedAt.withLock({ $0 }) {
            result.status = .pruned(resource: resource)
            result.reports = CommandTrial.parse(outcome.objectLines).intermediate.filter { report in
                ((report["epoch"] ?? report["step"])?.intValue ?? Int.max) <= resource
            }
            return result
        }
        let errors = CommandTrial.tail(outcome.standardError)
        let detail = errors.isEmpty ? "" : "; stderr: \(errors)"
        switch outcome.termination {
        case .timedOut(let seconds):
            return fail("timed out after \(DurationText.describe(seconds))\(detail)")
        case .signaled(let signal):
            return fail("killed by signal \(signal)\(detail)")
        case .exited(let status) where status != 0:
            return fail("exited with status \(status)\(detail)")
        case .exited:
            break
        }
        let report = CommandTrial.parse(outcome.objectLines)
        if let reason = report.unreadableLast {
            return fail("its last line of metrics could not be read: \(reason)\(detail)")
        }
        guard let final = report.final else {
            return fail(
                "printed no final JSON object with its metrics (a line such as {\"\(experiment.search.metric)\": 0.9})\(detail)"
            )
        }
        for name in experiment.search.metrics {
            if let value = final[name]?.doubleValue { result.validationScores[name] = value }
            if let value = final["train_\(name)"]?.doubleValue { result.trainScores[name] = value }
        }
        guard result.validationScores[experiment.search.metric] != nil else {
            if let value = final[experiment.search.metric] {
                return fail(
                    "the final JSON object's '\(experiment.search.metric)' is \(value.canonicalString()), not a number")
            }
            let keys = final.keys.sorted().joined(separator: ", ")
            return fail("the final JSON object has no number '\(experiment.search.metric)' (it has: \(keys))")
        }
        result.reports = report.intermediate
        return result
    }
}
