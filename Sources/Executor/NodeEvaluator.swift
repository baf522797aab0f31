import Datasets
import ExperimentSpec
import Foundation
import HyperplanCore
import Learners
import Metrics
import Planner
import Resampling
import Search

/// Computes each kind of plan node from its parents' outputs. Pure: the same inputs give the same output.
struct NodeEvaluator: Sendable {
    let experiment: Experiment
    /// The data; `nil` only for a trial command without a dataset, whose graph has no data nodes.
    let dataSet: SupervisedDataset?
    let trials: [TrialGraph.Trial]
    /// Where trial commands get their folders and fold files (the bundle).
    let workspace: URL

    /// The data, for nodes that only exist when there is some.
    var dataset: SupervisedDataset {
        get throws { try required(dataSet, "the dataset") }
    }

    func required<Value>(_ value: Value?, _ what: String) throws -> Value {
        guard let value else { throw RunFailure(message: "internal error: \(what) is missing") }
        return value
    }

    /// Failures that end the run (as opposed to a failed trial, which is recorded and skipped).
    struct RunFailure: Error, Sendable, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    func generator(for node: PlanNode) -> SeededGenerator {
        SeededGenerator(seed: experiment.seed, key: node.id.hex)
    }

    func evaluate(_ node: PlanNode, inputs: [NodeOutput]) throws -> NodeOutput {
        switch node.task {
        case .loadData:
            return .dataset(try dataset)
        case .splitTest:
            return try splitTest(node)
        case .makeFolds:
            return try makeFolds(node, trainingRows: try trainingRows(from: inputs))
        case .fitPreprocessing(let fold?):
            let split = try foldSplit(fold, inputs: inputs)
            return .prepared(try prepare(train: split.train, heldOut: split.validation))
        case .fitPreprocessing(nil):
            let rows = try trainingRows(from: inputs)
            return .prepared(try prepare(train: rows.train, heldOut: rows.test ?? []))
        case .exportFold(let fold):
            return .exportedFold(try exportFold(fold, inputs: inputs))
        case .suggest(let trial):
            return try suggest(node, trial: trial, inputs: inputs)
        case .fitScore(let trial, let fold):
            if let reason = suggestion(in: inputs)?.stopReason {
                return .fold(
                    FoldResult(
                        fold: fold, status: .skipped(reason: reason), trainScores: [:], validationScores: [:],
                        report: nil))
            }
            let entry = self.trial(trial, inputs: inputs)
            let input = inputs.first { if case .suggestion = $0 { false } else { true } }
            let judge = pruningJudge(suggestion(in: inputs), fold: fold)
            // `execution.retries`: a failed fit is tried again, for failures that are transient.
            var result = try attempt(node, trial: entry, fold: fold, input: input, judge: judge)
            var attempts = 1
            while case .failed = result.status, attempts <= experiment.execution.retries {
                result = try attempt(node, trial: entry, fold: fold, input: input, judge: judge)
                attempts += 1
            }
            return .fold(result)
        case .aggregate(let trial):
            let folds = inputs.compactMap { output -> FoldResult? in
                if case .fold(let result) = output { return result }
                return nil
            }
            let entry = self.trial(trial, inputs: inputs)
            return .trial(
                TrialResult(
                    trial: trial, configuration: entry.configuration, hyperparameters: entry.hyperparameters,
                    schedule: entry.schedule, folds: folds, metrics: experiment.search.metrics))
        case .selectBest:
            let results = inputs.compactMap { output -> TrialResult? in
                if case .trial(let result) = output { return result }
                return nil
            }
            return .selection(
                Selection(trials: results, metric: experiment.search.metric, goal: experiment.search.goal))
        case .refit:
            return .refit(try refit(node, inputs: inputs))
        case .evaluateTest:
            return .testScores(try evaluateTest(inputs: inputs))
        case .writeBundle:
            return .bundleWritten
        }
    }

    /// A fold's rows (`fold`), or the training and test split (`nil`), as CSV files for a trial command:
    /// transformed by the parent's fitted preprocessing when there is one (`dataset.preprocess`), else as read.
    private func exportFold(_ fold: Int?, inputs: [NodeOutput]) throws -> ExportedFold {
        let directory = workspace.appendingPathComponent(fold.map { "folds/fold-\($0)" } ?? "folds/test")
        let heldOutName = fold == nil ? "test" : "validation"
        if case .prepared(let prepared)? = inputs.first {
            return try FoldExport.write(prepared, dataset: try dataset, to: directory, heldOutName: heldOutName)
        }
        let (train, heldOut): ([Int], [Int])
        if let fold {
            let split = try foldSplit(fold, inputs: inputs)
            (train, heldOut) = (split.train, split.validation)
        } else {
            let rows = try trainingRows(from: inputs)
            (train, heldOut) = (rows.train, rows.test ?? [])
        }
        return try FoldExport.write(
            try dataset, train: train, heldOut: heldOut, to: directory, heldOutName: heldOutName)
    }

    /// The trial's configuration: planned, or suggested by the parent `suggest` node.
    private func trial(_ index: Int, inputs: [NodeOutput]) -> TrialGraph.Trial {
        suggestion(in: inputs)?.trial ?? trials[index]
    }

    private func suggestion(in inputs: [NodeOutput]) -> TrialSuggestion? {
        for input in inputs {
            if case .suggestion(let suggestion) = input { return suggestion }
        }
        return nil
    }

    /// A benchmark trial: the test function at the trial's coordinates; `regret` is the distance above the
    /// known minimum.
    private func evaluateTestFunction(
        _ trial: TrialGraph.Trial, function name: String, dimensions dimension: Int, fold: Int
    )
        -> FoldResult
    {
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

    func trainingRows(from inputs: [NodeOutput]) throws -> (train: [Int], test: [Int]?) {
        if case .trainingRows(let train, let test)? = inputs.first { return (train, test) }
        return (Array(0..<(try dataset).rowCount), nil)
    }

    private func foldSplit(_ fold: Int, inputs: [NodeOutput]) throws -> Split {
        guard case .folds(let splits)? = inputs.first, splits.indices.contains(fold) else {
            throw RunFailure(message: "internal error: fold \(fold) has no split")
        }
        return splits[fold]
    }

    /// One fit of a trial on a fold: the learner on prepared rows, or the trial command on the fold's files.
    private func attempt(
        _ node: PlanNode, trial: TrialGraph.Trial, fold: Int, input: NodeOutput?, judge: PruningJudge?
    ) throws -> FoldResult {
        switch experiment.model.kind {
        case .benchmark(let function, let dimensions):
            return evaluateTestFunction(trial, function: function, dimensions: dimensions, fold: fold)
        case .command(let command):
            var files: ExportedFold?
            if case .exportedFold(let exported)? = input { files = exported }
            let directory = workspace.appendingPathComponent("trials/\(trial.index)/fold-\(fold)")
            return runCommand(
                command, node: node, trial: trial, fold: fold, files: files, directory: directory, judge: judge)
        case .learners:
            guard case .prepared(let prepared)? = input else {
                throw RunFailure(message: "internal error: fit without prepared rows")
            }
            return fitScore(node, trial: trial, fold: fold, prepared: prepared, judge: judge)
        }
    }

    private func splitTest(_ node: PlanNode) throws -> NodeOutput {
        let dataset = try dataset
        guard let size = experiment.dataset?.testSize else {
            return .trainingRows(train: Array(0..<dataset.rowCount), test: nil)
        }
        var generator = generator(for: node)
        do {
            let split = try TestSplitter.split(
                rowCount: dataset.rowCount, size: size, strata: dataset.classLabels, generator: &generator)
            return .trainingRows(train: split.train, test: split.test)
        } catch {
            throw RunFailure(message: "cannot split off the test set: \(error.message)")
        }
    }

    private func makeFolds(_ node: PlanNode, trainingRows: (train: [Int], test: [Int]?)) throws -> NodeOutput {
        let dataset = try dataset
        let cv = try required(experiment.cv, "the cross-validation scheme")
        guard let schemeType = ResamplingRegistry.scheme(named: cv.scheme) else {
            throw RunFailure(message: "unknown CV scheme '\(cv.scheme)'")
        }
        let scheme = schemeType.init(options: cv.options)
        let rows = trainingRows.train
        let strata = dataset.classLabels.map { labels in rows.map { labels[$0] } }
        var generator = generator(for: node)
        do {
            let splits = try scheme.splits(rowCount: rows.count, strata: strata, generator: &generator)
            return .folds(splits.map { $0.mapped(through: rows) })
        } catch {
            throw RunFailure(message: "cannot make the cross-validation folds: \(error.message)")
        }
    }

    private func prepare(train: [Int], heldOut: [Int]) throws -> PreparedRows {
        let plan = experiment.dataset?.preprocess ?? PreprocessingPlan([])
        let preprocessing = FittedPreprocessing.fit(plan, on: try dataset, rows: train)
        return try prepared(with: preprocessing, train: train, heldOut: heldOut)
    }

    /// Both row sets transformed with already fitted preprocessing.
    func prepared(with preprocessing: FittedPreprocessing, train: [Int], heldOut: [Int]) throws -> PreparedRows {
        let dataset = try dataset
        return PreparedRows(
            preprocessing: preprocessing,
            trainFeatures: preprocessing.transform(dataset, rows: train),
            trainTargets: dataset.targets.selecting(train),
            heldOutFeatures: preprocessing.transform(dataset, rows: heldOut),
            heldOutTargets: dataset.targets.selecting(heldOut), heldOutRows: heldOut)
    }

    /// The learner of a trial: its model block's type with its hyperparameters.
    private func makeLearner(_ trial: TrialGraph.Trial) throws -> any Learner {
        let type = experiment.model.type(for: trial.configuration)
        guard let learnerType = LearnerRegistry.learner(named: type) else {
            throw RunFailure(message: "unknown model type '\(type)'")
        }
        return learnerType.init(hyperparameters: trial.hyperparameters, task: experiment.dataset?.task ?? .regression)
    }

    func scores(of model: any FittedModel, features: Matrix, targets: Targets) -> [String: Double] {
        guard features.rows > 0 else { return [:] }
        return scores(of: model.predict(features), targets: targets)
    }

    /// Every metric of the search on predictions of rows whose true targets are `targets`.
    func scores(of predictions: Predictions, targets: Targets) -> [String: Double] {
        guard predictions.count > 0 else { return [:] }
        var result: [String: Double] = [:]
        for name in experiment.search.metrics {
            guard let metric = MetricRegistry.metric(named: name) else { continue }
            result[name] = metric.score(truth: targets, predictions: predictions)
        }
        return result
    }

    private func fitScore(
        _ node: PlanNode, trial: TrialGraph.Trial, fold: Int, prepared: PreparedRows, judge: PruningJudge?
    ) -> FoldResult {
        var result = FoldResult(fold: fold, status: .ok, trainScores: [:], validationScores: [:], report: nil)
        do {
            let learner = try makeLearner(trial)
            // Iterative learners score the fold's validation rows after each epoch for the learning curve;
            // they never train or stop on them.
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
        } catch let failure as FitFailure {
            if let pruned = failure.pruned {
                result.status = .pruned(resource: pruned.epoch)
                result.report = FitReport(iterations: pruned.epoch, converged: false, history: pruned.history)
            } else {
                result.status = .failed(reason: failure.reason)
            }
        } catch {
            result.status = .failed(reason: "\(error)")
        }
        return result
    }

    private func refit(_ node: PlanNode, inputs: [NodeOutput]) throws -> RefitResult? {
        guard case .selection(let selection)? = inputs.first else {
            throw RunFailure(message: "internal error: refit without selection")
        }
        // `best` indexes the selection's trials, which may be a subset (a run stopped by its budget).
        guard let best = selection.best else { return nil }
        let chosen = selection.trials[best]
        let trial = TrialGraph.Trial(
            index: chosen.trial, configuration: chosen.configuration, hyperparameters: chosen.hyperparameters,
            schedule: chosen.schedule, proposals: 1)
        if let command = experiment.model.command {
            guard case .exportedFold(let files)? = inputs.last else {
                throw RunFailure(message: "internal error: refit without the training and test files")
            }
            let result = runCommand(
                command, node: node, trial: trial, fold: nil, files: files,
                directory: workspace.appendingPathComponent("refit"))
            if case .failed(let reason) = result.status {
                throw RunFailure(
                    message: "running the best configuration (trial \(trial.index)) on the test split failed: \(reason)"
                )
            }
            return RefitResult(
                trial: trial.index, model: CommandOutcome(final: result), featureNames: [],
                trainScores: result.trainScores)
        }
        guard case .prepared(let prepared)? = inputs.last else {
            throw RunFailure(message: "internal error: refit without prepared rows")
        }
        do {
            var context = FitContext(seed: experiment.seed, key: node.id.hex)
            context.schedule = trial.schedule.map(TrainingSchedule.init(options:))
            let model = try makeLearner(trial).fit(
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
                trial: trial.index, model: model, featureNames: prepared.preprocessing.featureNames,
                trainScores: scores(of: model, features: prepared.trainFeatures, targets: prepared.trainTargets),
                preprocessing: StoredPreprocessing(prepared.preprocessing, dataset: try dataset, plan: plan),
                testPredictions: testPredictions)
        } catch let failure as FitFailure {
            throw RunFailure(
                message: "refitting the best configuration (trial \(trial.index)) failed: \(failure.reason)")
        }
    }

    private func evaluateTest(inputs: [NodeOutput]) throws -> [String: Double]? {
        guard case .refit(let refit)? = inputs.first else {
            throw RunFailure(message: "internal error: test evaluation without a refit model")
        }
        guard let refit else { return nil }
        if let outcome = refit.model as? CommandOutcome { return outcome.final.validationScores }
        if let test = refit.testPredictions { return scores(of: test.predictions, targets: test.truth) }
        guard case .prepared(let prepared)? = inputs.last else {
            throw RunFailure(message: "internal error: test evaluation without prepared rows")
        }
        return scores(of: refit.model, features: prepared.heldOutFeatures, targets: prepared.heldOutTargets)
    }
}
