import Datasets
package import HyperplanCore
import Resampling
import Search

extension Experiment {
    /// The experiment with every default filled in, as written to a bundle's `resolved.json`.
    package var resolvedJSON: JSONValue {
        var sections = resultSections
        sections["name"] = .string(name)
        sections["description"] = description.map(JSONValue.string) ?? .null
        sections["execution"] = .object([
            "jobs": execution.jobs.map(JSONValue.int) ?? .string("auto"),
            "budget": .object(["time": execution.timeBudget.map(JSONValue.double) ?? .null]),
            "max_failed_trials": execution.maxFailedTrials?.json ?? .null,
            "retries": .int(execution.retries),
            "trial_timeout": execution.trialTimeout.map(JSONValue.double) ?? .null,
        ])
        return .object(sections)
    }

    /// The hash of everything that can change results (seed, data, model, space, CV, search). Names,
    /// descriptions and execution settings are left out: they change neither results nor the bundle.
    package var identity: ContentHash {
        var sections = resultSections
        sections["hyperplan_version"] = .string(HyperplanVersion.current)
        return ContentHash(json: .object(sections))
    }

    private var resultSections: [String: JSONValue] {
        [
            "seed": .int(Int(truncatingIfNeeded: seed)),
            "dataset": dataset.map { dataset in
                .object([
                    "source": .string(dataset.source.description),
                    "sha256": .string(dataset.sha256.hex),
                    "target": .string(dataset.target),
                    "features": .array(dataset.features.map(JSONValue.string)),
                    "task": .string(dataset.task.rawValue),
                    "test_size": dataset.testSize?.json ?? .null,
                    "preprocess": dataset.preprocess.json,
                ])
            } ?? .null,
            "model": modelJSON,
            "schedule": schedule.map { .object(["fixed": $0.fixed.json, "space": scheduleSpace.json]) } ?? .null,
            "cv": cv.map { cv in
                .object(cv.options.values.mapValues(\.json).merging(["scheme": .string(cv.scheme)]) { $1 })
            } ?? .null,
            "search": .object(
                search.options.values.mapValues(\.json).merging(searchSettings) { $1 }),
        ]
    }

    /// The search's own keys; the sequencing ones only when they apply, so that experiments without them keep
    /// their identity.
    private var searchSettings: [String: JSONValue] {
        var settings: [String: JSONValue] = [
            "strategy": .string(search.strategy),
            "metric": .string(search.metric),
            "metrics": .array(search.metrics.map(JSONValue.string)),
            "goal": .string(search.goal.rawValue),
        ]
        if search.isSequenced { settings["concurrency"] = .int(search.concurrency) }
        if let pruning = search.pruning {
            settings["pruning"] = .object(["type": .string(pruning.rule), "options": pruning.options.json])
        }
        if !search.seedPoints.isEmpty { settings["seed_points"] = .array(search.seedPoints.map(\.json)) }
        if let stopWhen = search.stopWhen { settings["stop_when"] = .object(["metric_reaches": .double(stopWhen)]) }
        if let patience = search.patience { settings["patience"] = .int(patience) }
        return settings
    }

    /// The model section: a single model's type and fixed hyperparameters, or a choice's blocks.
    private var modelJSON: JSONValue {
        guard model.isChoice else {
            return .object([
                "type": .string(model.type),
                "fixed": (model.blocks.first?.fixed ?? Hyperparameters()).json,
                "space": model.space.json,
                "run": model.command.map { .array($0.run.map(JSONValue.string)) } ?? .null,
            ])
        }
        return .object([
            "choice": .array(model.blocks.map { .object(["type": .string($0.type), "fixed": $0.fixed.json]) }),
            "space": model.space.json,
        ])
    }

    /// The schedule's searched options.
    private var scheduleSpace: SearchSpace {
        SearchSpace(space.dimensions.filter { $0.name.hasPrefix(ScheduleSpec.pathPrefix) })
    }
}
