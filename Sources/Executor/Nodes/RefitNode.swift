import Datasets
import ExperimentSpec
import Foundation
import HyperplanCore
import Learners
import Planner

/// `refit`: the best configuration fitted on the whole training split — the learner, or the trial command run
/// on the training split against the test split; `nil` when no trial succeeded.
///
/// Never restored: the fitted model is not in the journal, so a resumed run that needs it fits it again.
extension RefitNode: NodeKind {
    func evaluate(_ node: PlanNode, inputs: NodeInputs, in evaluator: NodeEvaluator) async throws -> RefitResult? {
        let selection = try inputs.required(SelectBestNode.self)
        // `best` indexes the selection's trials, which may be a subset (a run stopped by its budget).
        guard let best = selection.best else { return nil }
        let chosen = selection.trials[best]
        let trial = TrialGraph.Trial(
            index: chosen.trial, configuration: chosen.configuration, hyperparameters: chosen.hyperparameters,
            schedule: chosen.schedule, proposals: 1)
        if case .command(let command) = evaluator.experiment.model.kind {
            let files = try inputs.required(ExportFoldNode.self)
            let result = await evaluator.runCommand(
                command, node: node, trial: trial, fold: nil, files: files,
                directory: evaluator.workspace.appendingPathComponent("refit"))
            if case .failed(let reason) = result.status {
                throw NodeEvaluator.RunFailure(
                    message: "running the best configuration (trial \(trial.index)) on the test split failed: \(reason)"
                )
            }
            return RefitResult(
                trial: trial.index, model: .command(result), featureNames: [], trainScores: result.trainScores)
        }
        return try refitLearner(
            node, trial: trial, prepared: try inputs.required(FitPreprocessingNode.self), in: evaluator)
    }

    /// The refitted trial (`null` when none) and the digest of the model's parameters, not the parameters:
    /// model.json has them, and a forest or a k-nearest-neighbours model (its training set) would make the
    /// journal as large as the model.
    struct Record: Codable {
        @ExplicitNull var trial: Int?
        var parametersSHA256: String?
    }

    func record(_ refit: RefitResult?) -> Record {
        guard let refit else { return Record(trial: nil) }
        return Record(trial: refit.trial, parametersSHA256: ContentHash(json: refit.model.parameters).hex)
    }

    private func refitLearner(
        _ node: PlanNode, trial: TrialGraph.Trial, prepared: PreparedRows, in evaluator: NodeEvaluator
    ) throws -> RefitResult {
        let experiment = evaluator.experiment
        do {
            var context = FitContext(seed: experiment.seed, key: node.id.hex)
            context.schedule = trial.schedule.map(TrainingSchedule.init(options:))
            let model = try evaluator.makeLearner(trial).fit(
                features: prepared.trainFeatures, targets: prepared.trainTargets, context: context)
            // The test split's predictions are part of what the refit yields (`predictions.csv`, and the test
            // scores): the refit always runs again on resume, so they never need a journal record.
            var testPredictions: TestPredictions?
            if !prepared.heldOutRows.isEmpty {
                testPredictions = TestPredictions(
                    rows: prepared.heldOutRows, truth: prepared.heldOutTargets,
                    predictions: model.predict(prepared.heldOutFeatures))
            }
            let plan = experiment.dataset?.preprocess ?? PreprocessingPlan([])
            return RefitResult(
                trial: trial.index, model: .learner(model), featureNames: prepared.preprocessing.featureNames,
                trainScores: evaluator.scores(
                    of: model, features: prepared.trainFeatures, targets: prepared.trainTargets),
                preprocessing: StoredPreprocessing(prepared.preprocessing, dataset: try evaluator.dataset, plan: plan),
                testPredictions: testPredictions)
        } catch let failure as FitFailure {
            throw NodeEvaluator.RunFailure(
                message: "refitting the best configuration (trial \(trial.index)) failed: \(failure.reason)")
        }
    }
}
