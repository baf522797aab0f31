import Foundation
import HyperplanCore
import HyperplanTestSupport
import Testing

@testable import Learners

/// A one-parameter model whose losses follow a script, so the loop's bookkeeping can be checked exactly.
///
/// Its gradient is −1 everywhere: with sgd at learning rate 1 the parameter counts the steps taken, which
/// tells which epoch's parameters early stopping kept.
struct ScriptedModel: TrainableModel {
    var rowCount: Int
    var strata: [Int]?
    /// The training loss returned for each batch in turn (the last one repeats); with one batch per epoch, the
    /// loss of each epoch.
    var trainingLosses: [Double]
    /// The held-out loss and score seen after each epoch.
    var heldOutLosses: [Double] = []
    var heldOutScores: [Double] = []
    /// Every batch seen, as row lists.
    var batches: [[Int]] = []

    init(rowCount: Int, strata: [Int]? = nil, trainingLosses: [Double]) {
        self.rowCount = rowCount
        self.strata = strata
        self.trainingLosses = trainingLosses
    }

    mutating func reserve(batchSize: Int) {}

    mutating func lossAndGradient(
        rows: UnsafeBufferPointer<Int>, parameters: UnsafeBufferPointer<Double>,
        gradient: UnsafeMutableBufferPointer<Double>, noise: inout SeededGenerator
    ) -> Double {
        batches.append(Array(rows))
        gradient[0] = -1
        return trainingLosses[min(batches.count - 1, trainingLosses.count - 1)]
    }

    func evaluate(rows: [Int], parameters: [Double]) -> HeldOutEvaluation {
        // The parameter equals the number of epochs trained (one step per epoch).
        let index = Int(parameters[0]) - 1
        return HeldOutEvaluation(
            loss: heldOutLosses.isEmpty ? 0 : heldOutLosses[min(index, heldOutLosses.count - 1)],
            score: heldOutScores.isEmpty ? 0 : heldOutScores[min(index, heldOutScores.count - 1)])
    }

    func evaluate(features: Matrix, targets: Targets, parameters: [Double]) -> (loss: Double, predictions: Predictions)
    {
        (parameters[0], .values(Array(repeating: parameters[0], count: features.rows)))
    }
}

@Suite("Training loop")
struct TrainingLoopTests {
    func schedule(_ options: [String: ParameterValue]) -> TrainingSchedule {
        var values: [String: ParameterValue] = [
            "optimizer.type": .string("sgd"), "learning_rate.initial": .double(1), "shuffle": .bool(false),
        ]
        values.merge(options) { $1 }
        return TrainingSchedule(options: Hyperparameters(values))
    }

    func train(
        _ model: inout ScriptedModel, _ options: [String: ParameterValue], context: FitContext? = nil
    ) throws(FitFailure) -> (TrainingOutcome, [Double]) {
        var parameters = [0.0]
        let outcome = try TrainingLoop(schedule: schedule(options)).train(
            &model, parameters: &parameters, context: context ?? FitContext(seed: 1, key: "loop"))
        return (outcome, parameters)
    }

    @Test("batches: consecutive slices of the row order, the last one shorter; loss weighted by batch size")
    func batches() throws {
        var model = ScriptedModel(rowCount: 10, trainingLosses: [1])
        let (outcome, parameters) = try train(&model, ["epochs": .int(2), "batch_size": .int(4)])
        #expect(model.batches == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9], [0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
        #expect(parameters == [6], "one sgd step per batch")
        #expect(outcome.history.map(\.epoch) == [1, 2])
        #expect(outcome.history.map(\.trainLoss) == [1, 1])
    }

    @Test("shuffling: a new order each epoch from the fit's stream, the same for the same fit")
    func shuffling() throws {
        var first = ScriptedModel(rowCount: 20, trainingLosses: [1])
        _ = try train(&first, ["epochs": .int(3), "shuffle": .bool(true)])
        var again = ScriptedModel(rowCount: 20, trainingLosses: [1])
        _ = try train(&again, ["epochs": .int(3), "shuffle": .bool(true)])
        var other = ScriptedModel(rowCount: 20, trainingLosses: [1])
        _ = try train(&other, ["epochs": .int(3), "shuffle": .bool(true)], context: FitContext(seed: 2, key: "loop"))
        #expect(first.batches == again.batches)
        #expect(first.batches != other.batches)
        #expect(first.batches[0] != first.batches[1])
        for batch in first.batches { #expect(batch.sorted() == Array(0..<20)) }
        // Epoch e's order is the stream "epoch/e" shuffling the rows in ascending order.
        var generator = FitContext(seed: 1, key: "loop").generator("epoch/1")
        var expected = Array(0..<20)
        generator.shuffle(&expected)
        #expect(first.batches[1] == expected)
    }

    @Test("history: learning rate of each epoch, and the monitor's loss and metric")
    func history() throws {
        var model = ScriptedModel(rowCount: 4, trainingLosses: [3, 2, 1])
        let monitor = EpochMonitor(
            features: Matrix(rows: 2, columns: 1), targets: .values([0, 0]), metricName: "first",
            metric: { _, predictions in
                guard case .values(let values) = predictions else { return .nan }
                return values[0] * 10
            })
        let (outcome, _) = try train(
            &model,
            [
                "epochs": .int(3), "learning_rate.decay": .string("step"), "learning_rate.step_size": .int(1),
                "learning_rate.gamma": .double(0.5),
            ],
            context: FitContext(seed: 1, key: "loop", monitor: monitor))
        #expect(outcome.history.map(\.learningRate) == [1, 0.5, 0.25])
        #expect(outcome.history.map(\.trainLoss) == [3, 2, 1])
        #expect(outcome.history.map(\.validationLoss) == [1, 1.5, 1.75], "the parameter after each epoch")
        #expect(outcome.history.map(\.validationMetric) == [10, 15, 17.5])
        #expect(outcome.finalLoss == 1)
        #expect(!outcome.stoppedEarly)
    }

    @Test("reduce_on_plateau follows the training loss when early stopping is off")
    func plateauInLoop() throws {
        // patience 1, factor 0.5: the third and fourth epochs do not improve on 1.0 → halved from the fifth.
        var model = ScriptedModel(rowCount: 4, trainingLosses: [2, 1, 1, 1, 0.5, 0.5, 0.5])
        let (outcome, _) = try train(
            &model,
            [
                "epochs": .int(7), "learning_rate.decay": .string("reduce_on_plateau"),
                "learning_rate.patience": .int(1), "learning_rate.factor": .double(0.5),
            ])
        #expect(outcome.history.map(\.learningRate) == [1, 1, 1, 1, 0.5, 0.5, 0.5])
    }

    @Test("early stopping on the held-out loss keeps the best parameters")
    func earlyStoppingOnLoss() throws {
        // Held-out losses by epoch: best 0.5 at epoch 3; epoch 4 improves by less than min_delta (it becomes
        // the best but counts as no improvement); epochs 4, 5, 6 make 3 > patience 2 → stop after epoch 6.
        var model = ScriptedModel(rowCount: 20, trainingLosses: [1])
        model.heldOutLosses = [0.9, 0.7, 0.5, 0.49995, 0.6, 0.7, 0.1]
        let (outcome, parameters) = try train(
            &model, ["epochs": .int(20), "early_stopping.enabled": .bool(true), "early_stopping.patience": .int(2)])
        #expect(outcome.epochs == 6)
        #expect(outcome.stoppedEarly)
        #expect(parameters == [4], "the parameters after epoch 4, the lowest held-out loss")
        // 10% of 20 rows held out: 18 training rows per epoch.
        #expect(model.batches[0].count == 18)
    }

    @Test("early stopping on the held-out score, where higher is better")
    func earlyStoppingOnScore() throws {
        var model = ScriptedModel(rowCount: 20, trainingLosses: [1])
        model.heldOutScores = [0.5, 0.8, 0.7, 0.75, 0.79]
        let (outcome, parameters) = try train(
            &model,
            [
                "epochs": .int(20), "early_stopping.enabled": .bool(true), "early_stopping.patience": .int(2),
                "early_stopping.monitor": .string("validation_metric"),
            ])
        #expect(outcome.epochs == 5)
        #expect(parameters == [2])
    }

    @Test("a non-finite loss fails the fit, naming the 1-based epoch")
    func divergence() {
        var model = ScriptedModel(rowCount: 4, trainingLosses: [1, 2, .nan])
        #expect(throws: FitFailure("diverged (loss is NaN at epoch 3)")) {
            _ = try train(&model, ["epochs": .int(5)])
        }
        var infinite = ScriptedModel(rowCount: 4, trainingLosses: [1, .infinity])
        #expect(throws: FitFailure("diverged (loss is NaN at epoch 2)")) {
            _ = try train(&infinite, ["epochs": .int(5)])
        }
    }

    @Test("gradient clipping is applied to each batch's gradient")
    func clippingInLoop() throws {
        // The scripted gradient is −1 (norm 1); clipped to 0.25, each sgd step at rate 1 moves by 0.25.
        var model = ScriptedModel(rowCount: 4, trainingLosses: [1])
        let (_, parameters) = try train(&model, ["epochs": .int(3), "gradient_clip": .double(0.25)])
        #expect(parameters == [0.75])
    }

    // MARK: - Rows held out for early stopping

    @Test("held-out rows: ⌈fraction·n⌉, stratified by largest remainder, drawn from the generator")
    func heldOutRows() {
        // 100 rows in classes of 60, 30 and 10: 10% holds out 6, 3 and 1.
        let strata = Array(repeating: 0, count: 60) + Array(repeating: 1, count: 30) + Array(repeating: 2, count: 10)
        var generator = SeededGenerator(seed: 5, key: "split")
        let (train, heldOut) = HoldoutRows.split(rowCount: 100, strata: strata, fraction: 0.1, generator: &generator)
        #expect(heldOut.count == 10)
        #expect(train.count == 90)
        #expect(Set(train + heldOut) == Set(0..<100))
        #expect([0, 1, 2].map { label in heldOut.count { strata[$0] == label } } == [6, 3, 1])
        // ⌈0.15·7⌉ = 2 rows; the classes of 4 and 3 rows get ⌊2·4/7⌋ = 1 and ⌊2·3/7⌋ = 0, and the remaining row
        // goes to the larger remainder, 6/7 > 1/7: one row of each class.
        var again = SeededGenerator(seed: 5, key: "split")
        let small = HoldoutRows.split(
            rowCount: 7, strata: [0, 0, 0, 0, 1, 1, 1], fraction: 0.15, generator: &again)
        #expect(small.heldOut.count == 2)
        #expect(small.heldOut.count { $0 < 4 } == 1)
        // Without strata: a random subset.
        var plain = SeededGenerator(seed: 5, key: "split")
        let unstratified = HoldoutRows.split(rowCount: 30, strata: nil, fraction: 0.2, generator: &plain)
        #expect(unstratified.heldOut.count == 6)
        #expect(unstratified.train.count == 24)
    }
}
