import Foundation
import HyperplanCore
import HyperplanTestSupport
import Testing

@testable import Learners

/// Learning rates of every decay at chosen epochs against values worked out by hand from the closed forms
/// in `docs/schedules.md` (the arithmetic is written next to each value), and the schedule's options.
@Suite("Learning-rate schedules")
struct ScheduleTests {
    /// `rate(epoch: e, of: epochs)` for each (e, expected) pair, within 1e-12 relative.
    func expectRates(
        _ schedule: LearningRateSchedule, epochs: Int, _ expected: [(Int, Double)],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        for (epoch, value) in expected {
            let rate = Closeness(
                schedule.rate(epoch: epoch, of: epochs), reference: value, within: .relative(1e-12, absolute: 1e-15))
            #expect(rate.isClose, "epoch \(epoch): \(rate)", sourceLocation: sourceLocation)
        }
    }

    @Test func constant() {
        expectRates(LearningRateSchedule(initial: 0.1), epochs: 5, [(0, 0.1), (4, 0.1)])
    }

    @Test func step() {
        // 0.1·0.5^⌊e/3⌋
        expectRates(
            LearningRateSchedule(initial: 0.1, decay: .step, stepSize: 3, gamma: 0.5), epochs: 10,
            [(0, 0.1), (2, 0.1), (3, 0.05), (5, 0.05), (6, 0.025), (9, 0.0125)])
    }

    @Test func multistep() {
        // Milestones 2 and 5: ×0.1 from epoch 2, ×0.01 from epoch 5.
        expectRates(
            LearningRateSchedule(initial: 1, decay: .multistep, gamma: 0.1, milestones: [5, 2]), epochs: 8,
            [(0, 1), (1, 1), (2, 0.1), (4, 0.1), (5, 0.01), (7, 0.01)])
    }

    @Test func exponential() {
        // 0.2·0.9^e: 0.2·0.729 = 0.1458 at e = 3.
        expectRates(
            LearningRateSchedule(initial: 0.2, decay: .exponential, gamma: 0.9), epochs: 10,
            [(0, 0.2), (1, 0.18), (3, 0.1458)])
    }

    @Test func warmupThenCosine() {
        // W = 2: 0.1·1/3, 0.1·2/3; then t = e − 2 over T = 10: 0.1·(1 + cos(πt/10))/2.
        // t = 2: 0.05·(1 + cos 0.2π) = 0.05·1.809016994374947 = 0.09045084971874738
        // t = 5: 0.05·(1 + 0) = 0.05; t = 9: 0.05·(1 + cos 0.9π) = 0.05·0.04894348370484647 = 0.0024471741852423235
        expectRates(
            LearningRateSchedule(initial: 0.1, decay: .cosine, warmupEpochs: 2), epochs: 12,
            [
                (0, 0.1 / 3), (1, 0.2 / 3), (2, 0.1), (4, 0.09045084971874738), (7, 0.05),
                (11, 0.0024471741852423235),
            ])
        // With final 0.01 the halfway value is 0.01 + 0.09·0.5 = 0.055.
        expectRates(
            LearningRateSchedule(initial: 0.1, decay: .cosine, warmupEpochs: 2, final: 0.01), epochs: 12, [(7, 0.055)])
    }

    @Test func cosineWithWarmRestarts() {
        // T₀ = 2, T_mult = 2: cycles [0, 1], [2, 5], [6, 13]; η = (1 + cos(π·t_cur/T_i))/2.
        // e = 3: t_cur 1 of 4, (1 + cos π/4)/2 = 0.8535533905932737; e = 5: (1 + cos 3π/4)/2 = 0.14644660940672627.
        expectRates(
            LearningRateSchedule(initial: 1, decay: .cosine, restartPeriod: 2, restartMultiplier: 2), epochs: 20,
            [
                (0, 1), (1, 0.5), (2, 1), (3, 0.8535533905932737), (4, 0.5), (5, 0.14644660940672627), (6, 1),
                (10, 0.5), (14, 1),
            ])
        // T₀ = 3, T_mult = 1: every third epoch restarts; (1 + cos π/3)/2 = 0.75, (1 + cos 2π/3)/2 = 0.25.
        expectRates(
            LearningRateSchedule(initial: 1, decay: .cosine, restartPeriod: 3), epochs: 9,
            [(3, 1), (4, 0.75), (5, 0.25), (6, 1), (8, 0.25)])
    }

    @Test func polynomialAndLinear() {
        // T = 10: 0.1 + 0.9·(1 − 5/10)² = 0.325; linear 0.1 + 0.9·0.5 = 0.55 and 0.1 + 0.9·0.1 = 0.19.
        expectRates(
            LearningRateSchedule(initial: 1, decay: .polynomial, power: 2, final: 0.1), epochs: 10,
            [(0, 1), (5, 0.325)])
        expectRates(
            LearningRateSchedule(initial: 1, decay: .linear, final: 0.1), epochs: 10, [(0, 1), (5, 0.55), (9, 0.19)])
    }

    @Test func oneCycle() {
        // T = 10: rising until step 0.3·10 − 1 = 2, falling over the 7 steps to 9 (PyTorch's OneCycleLR).
        // e = 1: 0.1 + (0.004 − 0.1)/2·(cos(π/2) + 1) = 0.052; e = 3: 0.05·(1 + cos(π/7)) = 0.09504844339512096;
        // e = 6: 0.05·(1 + cos(4π/7)) = 0.03887395330218429.
        expectRates(
            LearningRateSchedule(initial: 0.004, decay: .oneCycle, peak: 0.1), epochs: 10,
            [(0, 0.004), (1, 0.052), (2, 0.1), (3, 0.09504844339512096), (6, 0.03887395330218429), (9, 0)])
        // Without `max` the peak is 25·initial.
        #expect(LearningRateSchedule(initial: 0.002, decay: .oneCycle).peak == 0.05)
    }

    @Test func warmupThenStep() {
        // W = 2 then 0.5^⌊t/2⌋ with t = e − 2.
        expectRates(
            LearningRateSchedule(initial: 1, decay: .step, warmupEpochs: 2, stepSize: 2, gamma: 0.5), epochs: 8,
            [(0, 1.0 / 3), (1, 2.0 / 3), (2, 1), (3, 1), (4, 0.5), (6, 0.25)])
    }

    @Test("reduce_on_plateau on a scripted loss sequence")
    func reduceOnPlateau() {
        // patience 2, factor 0.5, min 0.2. An epoch improves when its loss is below best·(1 − 10⁻⁴).
        // e0 1.0 best; e1 0.9 best; e2 0.95, e3 0.91 (≥ 0.89991), e4 0.92: 3 bad > 2 → 0.5;
        // e5 0.85 best; e6–e8 bad → 0.25; e9–e11 bad → max(0.125, 0.2) = 0.2.
        var tracker = PlateauTracker(
            schedule: LearningRateSchedule(
                initial: 1, decay: .reduceOnPlateau, plateauPatience: 2, plateauFactor: 0.5, plateauMinimum: 0.2))
        let losses = [1.0, 0.9, 0.95, 0.91, 0.92, 0.85, 0.86, 0.86, 0.86, 0.86, 0.86, 0.86]
        var levels: [Double] = []
        for loss in losses {
            tracker.observe(loss)
            levels.append(tracker.level)
        }
        #expect(levels == [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.2])
        // An improvement smaller than the relative threshold is not one: 0.85·(1 − 10⁻⁴) = 0.849915.
        var strict = PlateauTracker(
            schedule: LearningRateSchedule(initial: 1, decay: .reduceOnPlateau, plateauPatience: 0))
        strict.observe(0.85)
        strict.observe(0.84992)
        #expect(strict.level == 0.1)
        // The rate of a plateau schedule is the tracker's level, after warmup.
        let schedule = LearningRateSchedule(initial: 1, decay: .reduceOnPlateau, warmupEpochs: 1)
        #expect(schedule.rate(epoch: 0, of: 5, plateauLevel: 0.1) == 0.5)
        #expect(schedule.rate(epoch: 3, of: 5, plateauLevel: 0.1) == 0.1)
    }

    // MARK: - Options

    @Test("defaults: scikit-learn's MLP (adam, 0.001, batches of min(200, n), 200 epochs, shuffled)")
    func defaults() {
        let schedule = TrainingSchedule(options: Hyperparameters())
        #expect(schedule.epochs == 200)
        #expect(schedule.batchSize == nil)
        #expect(schedule.batchSize(forRows: 1000) == 200)
        #expect(schedule.batchSize(forRows: 150) == 150)
        #expect(schedule.shuffle)
        #expect(schedule.gradientClip == nil)
        #expect(schedule.optimizer.kind == .adam)
        #expect(schedule.optimizer.beta1 == 0.9 && schedule.optimizer.beta2 == 0.999)
        #expect(schedule.optimizer.epsilon == 1e-8)
        #expect(schedule.learningRate.initial == 0.001)
        #expect(schedule.learningRate.decay == .constant)
        #expect(schedule.earlyStopping == nil)
        #expect(schedule == TrainingSchedule.standard)
    }

    @Test("options by dotted name, and the defaults that depend on other options")
    func options() {
        let schedule = TrainingSchedule(
            options: Hyperparameters([
                "epochs": .int(30), "batch_size": .int(64), "shuffle": .bool(false), "gradient_clip": .double(1.5),
                "optimizer.type": .string("adagrad"), "learning_rate.initial": .double(0.05),
                "learning_rate.decay": .string("multistep"), "learning_rate.milestones": .list([.int(10), .int(20)]),
                "early_stopping.enabled": .bool(true), "early_stopping.monitor": .string("validation_metric"),
                "early_stopping.patience": .int(3),
            ]))
        #expect(schedule.epochs == 30)
        #expect(schedule.batchSize(forRows: 1000) == 64)
        #expect(!schedule.shuffle)
        #expect(schedule.gradientClip == 1.5)
        #expect(schedule.optimizer.kind == .adagrad)
        #expect(schedule.optimizer.epsilon == 1e-10)
        #expect(schedule.learningRate.milestones == [10, 20])
        #expect(schedule.earlyStopping?.monitor == .validationMetric)
        #expect(schedule.earlyStopping?.patience == 3)
        #expect(schedule.earlyStopping?.validationFraction == 0.1)
        #expect(schedule.earlyStopping?.minDelta == 1e-4)
    }

    @Test("every option has a valid default or none, and every condition names real options and values")
    func schemaIsConsistent() throws {
        let schema = TrainingSchedule.schema
        for option in schema.options {
            if let value = option.defaultValue {
                #expect(option.kind.problem(with: value) == nil, "\(option.name): default \(value)")
            }
        }
        for (name, condition) in TrainingSchedule.conditions {
            #expect(schema[name] != nil, "\(name)")
            let controlling = try #require(schema[condition.option], "\(condition.option)")
            for value in condition.values {
                let parameter: ParameterValue =
                    value == "true" || value == "false" ? .bool(value == "true") : .string(value)
                #expect(controlling.kind.problem(with: parameter) == nil, "\(condition.option): \(value)")
            }
        }
        #expect(schema.options.count == 30)
    }

    @Test("problems spanning several options")
    func problems() {
        func messages(_ values: [String: ParameterValue], given: Set<String>? = nil) -> [String] {
            TrainingSchedule.problems(with: Hyperparameters(values), given: given ?? Set(values.keys)).map(\.message)
        }
        #expect(
            messages(["epochs": .int(5), "learning_rate.warmup_epochs": .int(5)])
                == ["'learning_rate.warmup_epochs' (5) must be less than 'epochs' (5)"])
        #expect(
            messages(["learning_rate.decay": .string("multistep")])
                == ["decay 'multistep' needs 'learning_rate.milestones'"])
        #expect(
            messages([
                "learning_rate.decay": .string("multistep"), "learning_rate.milestones": .list([.int(5), .int(5)]),
            ])
                == ["'learning_rate.milestones' must be strictly increasing"])
        #expect(
            messages(["learning_rate.decay": .string("exponential")])
                == ["decay 'exponential' needs 'learning_rate.gamma' (the factor per epoch, e.g. 0.95)"])
        #expect(
            messages(["learning_rate.decay": .string("exponential"), "learning_rate.gamma": .double(0.95)]).isEmpty)
        #expect(
            messages(["learning_rate.decay": .string("one_cycle"), "learning_rate.max": .double(0.0005)])
                == ["'learning_rate.max' must be greater than 'learning_rate.initial'"])
        #expect(messages([:]).isEmpty)
    }
}
