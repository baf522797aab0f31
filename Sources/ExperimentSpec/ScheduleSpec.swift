package import HyperplanCore
import Learners
package import Search

/// The training schedule's fixed options, by dotted name (`learning_rate.initial`), defaults filled in.
package struct ScheduleSpec: Sendable {
    package var fixed: Hyperparameters
    /// The options the file sets explicitly.
    package var given: Set<String>

    /// The prefix of searched schedule options' names in the search space.
    package static let pathPrefix = "schedule."

    /// The schedule options of one configuration: the fixed ones overlaid with the searched values.
    package func options(for configuration: Configuration) -> Hyperparameters {
        var result = fixed
        for entry in configuration.entries where entry.name.hasPrefix(ScheduleSpec.pathPrefix) {
            let name = String(entry.name.dropFirst(ScheduleSpec.pathPrefix.count))
            result[name] = TrainingSchedule.schema[name].map { $0.kind.canonical(entry.value) } ?? entry.value
        }
        return result
    }
}

extension ScheduleSpec {
    /// The `schedule` section as written to `resolved.json` and hashed into the experiment's identity: the
    /// fixed options and the searched ones (the dimensions of `space` under `schedule.`).
    package func json(space: SearchSpace) -> JSONValue {
        .object([
            "fixed": fixed.json,
            "space": SearchSpace(space.dimensions.filter { $0.name.hasPrefix(Self.pathPrefix) }).json,
        ])
    }
}
