package import HyperplanCore
import Learners
package import Search

/// A validated experiment with every default filled in: the spec stage's output and the planner's input.
///
/// It is a plain value: it can be printed (`resolvedJSON`), hashed (`identity`) and compared without
/// running anything.
package struct Experiment: Sendable {
    package var name: String
    package var description: String?
    /// The root of all randomness in the run.
    package var seed: UInt64
    /// The data; `nil` for a trial command that needs none.
    package var dataset: DatasetSpec?
    package var model: ModelSpec
    /// The training schedule of a learner trained by gradient descent; `nil` for other learners.
    package var schedule: ScheduleSpec?
    /// Every searched hyperparameter: the model's (`model.C`) then the schedule's (`schedule.learning_rate.initial`).
    package var space: SearchSpace
    /// How configurations are scored on the data; `nil` without a dataset.
    package var cv: CrossValidationSpec?
    package var search: SearchSpec
    package var execution: ExecutionSpec
}

extension Experiment {
    /// The schedule options of one configuration, `nil` without a schedule. In a choice of models, a block whose
    /// learner does not train iteratively with its hyperparameters gets none.
    package func scheduleOptions(for configuration: Configuration) -> Hyperparameters? {
        guard let schedule else { return nil }
        if model.isChoice {
            guard let block = model.block(for: configuration),
                LearnerRegistry.learner(named: block.type)?.trainsIteratively(
                    with: model.hyperparameters(for: configuration)) == true
            else { return nil }
        }
        return schedule.options(for: configuration)
    }
}
