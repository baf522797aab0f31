package import HyperplanCore

/// A model the training loop can fit: a flat parameter vector owned by the loop, and the loss and gradient
/// of a batch of the model's own training rows.
///
/// The model holds its training data and any scratch space; the loop hands it batches as row indices.
/// `lossAndGradient` runs once per batch, so it should not allocate: `reserve(batchSize:)` is called once
/// before training with the largest batch it will see.
package protocol TrainableModel {
    /// The number of training rows; batches index into `0..<rowCount`.
    var rowCount: Int { get }
    /// Class labels of the training rows, to stratify the rows held out for early stopping; `nil` for
    /// regression.
    var strata: [Int]? { get }

    /// Prepares scratch space for batches of up to `batchSize` rows.
    mutating func reserve(batchSize: Int)

    /// The training objective on the rows `rows` at `parameters` (its mean data loss plus any penalty), with
    /// its gradient written to `gradient`. Training noise (dropout) is drawn from `noise`.
    mutating func lossAndGradient(
        rows: UnsafeBufferPointer<Int>, parameters: UnsafeBufferPointer<Double>,
        gradient: UnsafeMutableBufferPointer<Double>, noise: inout SeededGenerator
    ) -> Double

    /// The mean data loss and the score (accuracy or R²) on training rows `rows`, without training noise.
    func evaluate(rows: [Int], parameters: [Double]) -> HeldOutEvaluation

    /// The mean data loss on other rows and the model's predictions for them (for the epoch monitor).
    func evaluate(features: Matrix, targets: Targets, parameters: [Double]) -> (loss: Double, predictions: Predictions)
}

/// A model's loss and score on held-out rows.
package struct HeldOutEvaluation: Sendable, Hashable {
    /// The mean data loss (no penalty), lower is better.
    package var loss: Double
    /// Accuracy for classification, R² for regression (scikit-learn's `score`), higher is better.
    package var score: Double

    package init(loss: Double, score: Double) {
        self.loss = loss
        self.score = score
    }
}

/// What training produced besides the parameters.
package struct TrainingOutcome: Sendable {
    /// One record per epoch run.
    package var history: [EpochRecord]
    package var epochs: Int
    /// Whether early stopping ended training before the last epoch.
    package var stoppedEarly: Bool
    /// The last epoch's mean training objective.
    package var finalLoss: Double
}

/// Trains a `TrainableModel` by mini-batch gradient steps as a `TrainingSchedule` prescribes.
///
/// Each epoch e (0-based): the learning rate is `schedule.learningRate.rate(epoch: e, …)`; the training
/// rows are shuffled with the fit's stream `epoch/<e>` (when `shuffle` is on) and cut into consecutive
/// batches, the last one possibly smaller; each batch's gradient is clipped (when `gradient_clip` is set)
/// and passed to the optimizer. The model draws training noise from stream `dropout/<e>`. After the epoch
/// its mean objective (weighted by batch size, scikit-learn's `loss_curve_`) and, with a monitor, the
/// monitored rows' loss and metric are appended to the history. Early stopping holds out rows drawn from
/// stream `validation-split` and keeps the best parameters seen on them.
///
/// A non-finite batch loss ends training with `FitFailure("diverged (loss is NaN at epoch N)")`, N 1-based.
package struct TrainingLoop: Sendable {
    package var schedule: TrainingSchedule

    package init(schedule: TrainingSchedule) { self.schedule = schedule }

    /// Trains `model` from `parameters` (its initial values), leaving the trained values in `parameters`.
    ///
    /// - Throws: `FitFailure` when the loss diverges or early stopping cannot hold out rows.
    /// - Complexity: `epochs` passes over the training rows.
    package func train<Model: TrainableModel>(
        _ model: inout Model, parameters: inout [Double], context: FitContext
    ) throws(FitFailure) -> TrainingOutcome {
        let settings = schedule.optimizer
        let count = parameters.count
        switch settings.kind {
        case .sgd:
            var optimizer = GradientDescent()
            return try run(&model, &parameters, &optimizer, context)
        case .momentum, .nesterov:
            var optimizer = MomentumDescent(
                momentum: settings.momentum, nesterov: settings.kind == .nesterov, count: count)
            return try run(&model, &parameters, &optimizer, context)
        case .adagrad:
            var optimizer = Adagrad(epsilon: settings.epsilon, count: count)
            return try run(&model, &parameters, &optimizer, context)
        case .rmsprop:
            var optimizer = RMSprop(rho: settings.rho, epsilon: settings.epsilon, count: count)
            return try run(&model, &parameters, &optimizer, context)
        case .adam, .adamw:
            var optimizer = Adam(
                beta1: settings.beta1, beta2: settings.beta2, epsilon: settings.epsilon,
                decoupledWeightDecay: settings.kind == .adamw ? settings.weightDecay : 0, count: count)
            return try run(&model, &parameters, &optimizer, context)
        }
    }

    private func run<Model: TrainableModel, Optimizer: GradientOptimizer>(
        _ model: inout Model, _ parameters: inout [Double], _ optimizer: inout Optimizer, _ context: FitContext
    ) throws(FitFailure) -> TrainingOutcome {
        var trainRows = Array(0..<model.rowCount)
        var heldOutRows: [Int] = []
        if let stopping = schedule.earlyStopping {
            var generator = context.generator("validation-split")
            (trainRows, heldOutRows) = HoldoutRows.split(
                rowCount: model.rowCount, strata: model.strata, fraction: stopping.validationFraction,
                generator: &generator)
            guard !heldOutRows.isEmpty, !trainRows.isEmpty else {
                throw FitFailure("early stopping needs at least 2 training rows to hold some out")
            }
        }
        guard !trainRows.isEmpty else { throw FitFailure("no training rows") }
        let batchSize = schedule.batchSize(forRows: trainRows.count)
        model.reserve(batchSize: batchSize)
        let learningRate = schedule.learningRate
        let clip = schedule.gradientClip
        var gradient = [Double](repeating: 0, count: parameters.count)
        var order = trainRows
        var plateau = PlateauTracker(schedule: learningRate)
        var history: [EpochRecord] = []
        var best = Double.infinity
        var bestParameters: [Double]?
        var epochsWithoutImprovement = 0
        var stoppedEarly = false
        var finalLoss = Double.nan

        for epoch in 0..<schedule.epochs {
            let rate = learningRate.rate(epoch: epoch, of: schedule.epochs, plateauLevel: plateau.level)
            if schedule.shuffle {
                order = trainRows
                var generator = context.generator("epoch/\(epoch)")
                generator.shuffle(&order)
            }
            var noise = context.generator("dropout/\(epoch)")
            var total = 0.0
            var diverged = false
            order.withUnsafeBufferPointer { rows in
                parameters.withUnsafeMutableBufferPointer { theta in
                    gradient.withUnsafeMutableBufferPointer { g in
                        var start = 0
                        while start < rows.count {
                            let end = min(start + batchSize, rows.count)
                            let loss = model.lossAndGradient(
                                rows: UnsafeBufferPointer(rebasing: rows[start..<end]),
                                parameters: UnsafeBufferPointer(theta), gradient: g, noise: &noise)
                            guard loss.isFinite else {
                                diverged = true
                                return
                            }
                            total += loss * Double(end - start)
                            if let clip { GradientClipping.clip(g, maxNorm: clip) }
                            optimizer.step(theta, gradient: UnsafeBufferPointer(g), rate: rate)
                            start = end
                        }
                    }
                }
            }
            if diverged { throw FitFailure("diverged (loss is NaN at epoch \(epoch + 1))") }
            finalLoss = total / Double(order.count)

            var record = EpochRecord(epoch: epoch + 1, learningRate: rate, trainLoss: finalLoss)
            if let monitor = context.monitor, monitor.features.rows > 0 {
                let evaluation = model.evaluate(
                    features: monitor.features, targets: monitor.targets, parameters: parameters)
                record.validationLoss = evaluation.loss
                record.validationMetric = monitor.metric(monitor.targets, evaluation.predictions)
            }
            history.append(record)
            if let shouldPrune = context.monitor?.shouldPrune, let metric = record.validationMetric,
                shouldPrune(epoch + 1, metric)
            {
                throw FitFailure.pruned(epoch: epoch + 1, history: history)
            }

            var monitoredLoss = finalLoss
            if let stopping = schedule.earlyStopping {
                let evaluation = model.evaluate(rows: heldOutRows, parameters: parameters)
                monitoredLoss = evaluation.loss
                // Lower is better for both: the loss, or the negated score.
                let value = stopping.monitor == .validationLoss ? evaluation.loss : -evaluation.score
                if value < best - stopping.minDelta {
                    epochsWithoutImprovement = 0
                } else {
                    epochsWithoutImprovement += 1
                }
                if value < best {
                    best = value
                    bestParameters = parameters
                }
                if epochsWithoutImprovement > stopping.patience {
                    stoppedEarly = true
                    break
                }
            }
            if learningRate.decay == .reduceOnPlateau, epoch >= learningRate.warmupEpochs {
                plateau.observe(monitoredLoss)
            }
        }
        if let bestParameters { parameters = bestParameters }
        guard parameters.allSatisfy(\.isFinite) else {
            throw FitFailure("diverged (parameters are not finite after epoch \(history.count))")
        }
        return TrainingOutcome(
            history: history, epochs: history.count, stoppedEarly: stoppedEarly, finalLoss: finalLoss)
    }
}
