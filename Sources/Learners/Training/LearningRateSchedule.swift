import Foundation
import HyperplanCore

/// The learning rate of each epoch, in closed form.
///
/// Granularity is one epoch: every batch of epoch e (0-based) uses `rate(epoch: e, of: E)`. A warmup of W
/// epochs ramps linearly from 0 to η₀, the first epoch already above 0: η = η₀·(e + 1)/(W + 1) for e < W.
/// The decay then runs on t = e − W over a horizon of T = E − W epochs (as PyTorch's `SequentialLR` hands
/// over from a warmup scheduler, so milestones and step sizes count from the end of warmup):
///
/// | decay | η(t) |
/// |---|---|
/// | constant | η₀ |
/// | step | η₀·γ^⌊t/s⌋ |
/// | multistep | η₀·γ^(number of milestones m ≤ t) |
/// | exponential | η₀·γ^t |
/// | cosine | η_f + (η₀ − η_f)·(1 + cos(π·t/T))/2; with restarts t and T are those of the current cycle |
/// | polynomial | η_f + (η₀ − η_f)·(1 − t/T)^p |
/// | linear | η_f + (η₀ − η_f)·(1 − t/T) |
/// | one_cycle | PyTorch's `OneCycleLR` (cosine annealing, 30% rising) from η₀ up to η_max and down to η_f |
/// | reduce_on_plateau | the current level of a `PlateauTracker` |
package struct LearningRateSchedule: Sendable, Hashable {
    package enum Decay: String, Sendable, Hashable, CaseIterable {
        case constant, step, multistep, exponential, cosine, polynomial, linear
        case oneCycle = "one_cycle"
        case reduceOnPlateau = "reduce_on_plateau"
    }

    /// η₀.
    package var initial: Double
    package var decay: Decay
    package var warmupEpochs: Int
    package var stepSize: Int
    package var gamma: Double
    /// Epochs after warmup at which multistep multiplies by γ, ascending.
    package var milestones: [Int]
    package var power: Double
    /// η_f, where cosine, polynomial, linear and one_cycle end.
    package var final: Double
    /// SGDR's T₀ (the first cycle's length in epochs); `nil`: plain cosine annealing over the whole horizon.
    package var restartPeriod: Int?
    /// SGDR's T_mult: cycle i lasts T₀·T_mult^i epochs.
    package var restartMultiplier: Int
    /// one_cycle's peak.
    package var peak: Double
    package var plateauPatience: Int
    package var plateauFactor: Double
    package var plateauMinimum: Double

    /// The fraction of one_cycle's horizon spent rising (PyTorch's `pct_start`).
    package static let oneCycleRisingShare = 0.3

    /// A schedule from its constants; the defaults are the schedule options' defaults, and `peak` defaults to
    /// 25·`initial`.
    package init(
        initial: Double, decay: Decay = .constant, warmupEpochs: Int = 0, stepSize: Int = 10, gamma: Double = 0.1,
        milestones: [Int] = [], power: Double = 1, final: Double = 0, restartPeriod: Int? = nil,
        restartMultiplier: Int = 1, peak: Double? = nil, plateauPatience: Int = 10, plateauFactor: Double = 0.1,
        plateauMinimum: Double = 0
    ) {
        self.initial = initial
        self.decay = decay
        self.warmupEpochs = warmupEpochs
        self.stepSize = max(1, stepSize)
        self.gamma = gamma
        self.milestones = milestones.sorted()
        self.power = power
        self.final = final
        self.restartPeriod = restartPeriod.map { max(1, $0) }
        self.restartMultiplier = max(1, restartMultiplier)
        self.peak = peak ?? 25 * initial
        self.plateauPatience = plateauPatience
        self.plateauFactor = plateauFactor
        self.plateauMinimum = plateauMinimum
    }

    init(options: Hyperparameters) {
        var milestones: [Int] = []
        if case .list(let items)? = options["learning_rate.milestones"] { milestones = items.compactMap(\.intValue) }
        self.init(
            initial: options.double("learning_rate.initial") ?? 0.001,
            decay: options.string("learning_rate.decay").flatMap(Decay.init(rawValue:)) ?? .constant,
            warmupEpochs: options.int("learning_rate.warmup_epochs") ?? 0,
            stepSize: options.int("learning_rate.step_size") ?? 10,
            gamma: options.double("learning_rate.gamma") ?? 0.1,
            milestones: milestones,
            power: options.double("learning_rate.power") ?? 1,
            final: options.double("learning_rate.final") ?? 0,
            restartPeriod: options.int("learning_rate.restart_period"),
            restartMultiplier: options.int("learning_rate.restart_multiplier") ?? 1,
            peak: options.double("learning_rate.max"),
            plateauPatience: options.int("learning_rate.patience") ?? 10,
            plateauFactor: options.double("learning_rate.factor") ?? 0.1,
            plateauMinimum: options.double("learning_rate.min") ?? 0)
    }

    /// The learning rate of epoch `epoch` (0-based) of `epochs`.
    ///
    /// - Parameter plateauLevel: for `reduce_on_plateau`, the tracker's current level (η₀ when `nil`).
    package func rate(epoch: Int, of epochs: Int, plateauLevel: Double? = nil) -> Double {
        if epoch < warmupEpochs { return initial * Double(epoch + 1) / Double(warmupEpochs + 1) }
        let t = epoch - warmupEpochs
        let horizon = max(1, epochs - warmupEpochs)
        switch decay {
        case .constant:
            return initial
        case .step:
            return initial * Foundation.pow(gamma, Double(t / stepSize))
        case .multistep:
            return initial * Foundation.pow(gamma, Double(milestones.count { $0 <= t }))
        case .exponential:
            return initial * Foundation.pow(gamma, Double(t))
        case .cosine:
            var position = t
            var length = horizon
            if let period = restartPeriod {
                length = period
                while position >= length {
                    position -= length
                    length *= restartMultiplier
                }
            }
            return final + (initial - final) * (1 + Foundation.cos(Double.pi * Double(position) / Double(length))) / 2
        case .polynomial:
            return final + (initial - final) * Foundation.pow(max(0, 1 - Double(t) / Double(horizon)), power)
        case .linear:
            return final + (initial - final) * max(0, 1 - Double(t) / Double(horizon))
        case .oneCycle:
            return oneCycle(t, horizon: horizon)
        case .reduceOnPlateau:
            return plateauLevel ?? initial
        }
    }

    /// PyTorch's `OneCycleLR` with `anneal_strategy="cos"`, `three_phase=False`, stepped once per epoch: rising
    /// from η₀ to η_max until step 0.3·T − 1, then falling to η_f at step T − 1.
    private func oneCycle(_ t: Int, horizon: Int) -> Double {
        func anneal(from start: Double, to end: Double, _ share: Double) -> Double {
            end + (start - end) / 2 * (Foundation.cos(Double.pi * share) + 1)
        }
        let peakStep = Self.oneCycleRisingShare * Double(horizon) - 1
        let lastStep = Double(horizon - 1)
        let step = Double(t)
        if step <= peakStep, peakStep > 0 { return anneal(from: initial, to: peak, step / peakStep) }
        let falling = lastStep - peakStep
        return anneal(from: peak, to: final, falling > 0 ? min(1, (step - peakStep) / falling) : 1)
    }
}

/// The level of `reduce_on_plateau`: multiplied by `factor` (not below `minimum`) once the monitored loss
/// has not improved for more than `patience` epochs in a row, as PyTorch's `ReduceLROnPlateau` in its
/// defaults (`mode="min"`, relative threshold 1e-4, no cooldown).
package struct PlateauTracker: Sendable, Hashable {
    /// A loss improves on the best so far when it is below best·(1 − threshold).
    package static let threshold = 1e-4

    /// The learning rate from the next epoch on.
    package private(set) var level: Double
    /// The lowest loss seen.
    package private(set) var best = Double.infinity
    package private(set) var epochsWithoutImprovement = 0
    package var patience: Int
    package var factor: Double
    package var minimum: Double

    /// A tracker at `schedule`'s initial rate with its patience, factor and minimum.
    package init(schedule: LearningRateSchedule) {
        level = schedule.initial
        patience = schedule.plateauPatience
        factor = schedule.plateauFactor
        minimum = schedule.plateauMinimum
    }

    /// Records one epoch's monitored loss; the new `level` applies from the next epoch on.
    package mutating func observe(_ loss: Double) {
        if loss < best * (1 - Self.threshold) {
            best = loss
            epochsWithoutImprovement = 0
            return
        }
        epochsWithoutImprovement += 1
        if epochsWithoutImprovement > patience {
            level = max(level * factor, minimum)
            epochsWithoutImprovement = 0
        }
    }
}
