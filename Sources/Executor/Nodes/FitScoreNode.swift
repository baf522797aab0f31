import ExperimentSpec
import Foundation
import HyperplanCore
import Learners
import Metrics
import Planner
import Search

/// `fit_score`: one configuration fitted on one fold and scored on the fold's training and validation rows —
/// a learner on the fold's prepared rows, the trial command on the fold's files, or a benchmark function at
/// the trial's coordinates. A failed fit is an output (the trial is failed), not an error.
extension FitScoreNode: NodeKind {
    func evaluate(_ node: PlanNode, inputs: NodeInputs, in evaluator: NodeEvaluator) async throws -> FoldResult {
        let suggestion = inputs.optional(SuggestNode.self)
        if let reason = suggestion?.stopReason {
            return FoldResult(
                fold: fold, status: .skipped(reason: reason), trainScores: [:], validationScores: [:], report: nil)
        }
        let entry = suggestion?.trial ?? evaluator.trials[trial]
        let judge = evaluator.pruningJudge(suggestion, fold: fold)
        // `execution.retries`: a failed fit is tried again, for failures that are transient.
        var result = try await attempt(node, trial: entry, inputs: inputs, judge: judge, in: evaluator)
        var attempts = 1
        while case .failed = result.status, attempts <= evaluator.experiment.execution.retries {
            result = try await attempt(node, trial: entry, inputs: inputs, judge: judge, in: evaluator)
            attempts += 1
        }
        return result
    }

    /// The fold's record, as in `trials.jsonl`.
    func record(_ result: FoldResult) -> FoldRecord { result.record }

    func restore(_ record: FoldRecord, inputs: NodeInputs, in evaluator: NodeEvaluator) -> FoldResult? {
        let result = FoldResult(record: record)
        // A trial command's failure may be transient (a timeout, a crash, a full disk): a rerun tries it
        // again. A built-in learner's failure is a function of its inputs and would only repeat.
        if case .failed = result.status, case .command = evaluator.experiment.model.kind { return nil }
        return result
    }

    /// One fit of the trial on the fold.
    private func attempt(
        _ node: PlanNode, trial: TrialGraph.Trial, inputs: NodeInputs, judge: PruningJudge?,
        in evaluator: NodeEvaluator
    ) async throws -> FoldResult {
        switch evaluator.experiment.model.kind {
        case .benchmark(let function, let dimensions):
            return evaluator.evaluateTestFunction(trial, function: function, dimensions: dimensions, fold: fold)
        case .command(let command):
            let directory = evaluator.workspace.appendingPathComponent("trials/\(trial.index)/fold-\(fold)")
            return await evaluator.runCommand(
                command, node: node, trial: trial, fold: fold, files: inputs.optional(ExportFoldNode.self),
                directory: directory, judge: judge)
        case .learners:
            let prepared = try inputs.required(FitPreprocessingNode.self)
            return evaluator.fitScore(node, trial: trial, fold: fold, prepared: prepared, judge: judge)
        }
    }
}

extension NodeEvaluator {
    /// A benchmark trial: the test function at the trial's coordinates; `regret` is the distance above the
    /// known minimum.
    fileprivate func evaluateTestFunction(
        _ trial: TrialGraph.Trial, function name: String, dimensions dimension: Int, fold: Int
    ) -> FoldResult {
        let parameters = trial.hyperparameters
        var result = FoldResult(fold: fold, status: .ok, trainScores: [:], validationScores: [:], report: nil)
        guard let function = TestFunction.named(name) else {
            result.status = .failed(reason: "internal error: the benchmark function '\(name)' is not known")
            return result
        }
        let point = (0..<dimension).map { parameters.double("x\($0)") ?? .nan }
        let value = function.evaluate(point)
        guard value.isFinite else {
            result.status = .failed(reason: "the function is not finite at this point")
            return result
        }
        result.validationScores = ["value": value, "regret": value - function.minimum(dimension)]
        return result
    }

    /// A learner fitted on a fold's prepared training rows and scored on both row sets; its learning curve is
    /// scored on the validation rows after each epoch (never trained or stopped on them, except by pruning).
    fileprivate func fitScore(
        _ node: PlanNode, trial: TrialGraph.Trial, fold: Int, prepared: PreparedRows, judge: PruningJudge?
    ) -> FoldResult {
        var result = FoldResult(fold: fold, status: .ok, trainScores: [:], validationScores: [:], report: nil)
        let learner: any Learner
        do {
            learner = try makeLearner(trial)
        } catch {
            result.status = .failed(reason: error.message)
            return result
        }
        do throws(FitFailure) {
            var monitor: EpochMonitor?
            if let objective = MetricRegistry.metric(named: experiment.search.metric) {
                monitor = EpochMonitor(
                    features: prepared.heldOutFeatures, targets: prepared.heldOutTargets, metricName: objective.name,
                    metric: { truth, predictions in objective.score(truth: truth, predictions: predictions) },
                    shouldPrune: judge.map { judge in
                        let check: @Sendable (Int, Double) -> Bool = { epoch, metric in
                            judge.shouldPrune(resource: epoch, metric: metric)
                        }
                        return check
                    })
            }
            var context = FitContext(seed: experiment.seed, key: node.id.hex, monitor: monitor)
            context.schedule = trial.schedule.map(TrainingSchedule.init(options:))
            let model = try learner.fit(
                features: prepared.trainFeatures, targets: prepared.trainTargets, context: context)
            result.report = model.report
            result.trainScores = scores(of: model, features: prepared.trainFeatures, targets: prepared.trainTargets)
            result.validationScores = scores(
                of: model, features: prepared.heldOutFeatures, targets: prepared.heldOutTargets)
            let objective = result.validationScores[experiment.search.metric] ?? .nan
            if !objective.isFinite {
                let predictions = model.predict(prepared.heldOutFeatures)
                let cause =
                    predictions.allFinite ? "it is undefined on this fold's rows" : "the predictions are not finite"
                result.status = .failed(reason: "the validation \(experiment.search.metric) is not a number: \(cause)")
            }
        } catch {
            if let pruned = error.pruned {
                result.status = .pruned(resource: pruned.epoch)
                result.report = FitReport(iterations: pruned.epoch, converged: false, history: pruned.history)
            } else {
                result.status = .failed(reason: error.reason)
            }
        }
        return result
    }
}
