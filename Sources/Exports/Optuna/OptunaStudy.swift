import Foundation
package import HyperplanCore
package import ResultBundle

/// A bundle as one Optuna study, and its `JournalStorage` file: JSON lines, one journal operation each, that
/// Optuna replays to rebuild the study (`optuna.load_study(storage=JournalStorage(JournalFileBackend(path)))`).
///
/// The file holds one study, with ID 0, so it is meant to be read on its own, not appended to another journal:
/// `CREATE_STUDY` (the experiment's name and the search goal's direction), one `SET_STUDY_USER_ATTR` per study
/// attribute, then one `CREATE_TRIAL` per finished trial in Hyperplan's trial order, each trial created already
/// finished with its parameters, distributions, value, intermediate values and user attributes (`OptunaTrial`).
/// Operations that change a trial after its creation are not needed and not written: Optuna would want a
/// wall-clock time for each state change. Every line is canonical JSON (sorted keys, no spaces), so the same
/// bundle gives the same bytes.
package struct OptunaStudy: Sendable {
    /// Optuna's `JournalOperation` codes used here.
    enum Operation: Int {
        case createStudy = 0
        case setStudyUserAttribute = 2
        case createTrial = 4
    }

    /// Optuna's `StudyDirection` values.
    static func direction(_ goal: OptimizationGoal) -> Int { goal == .minimize ? 1 : 2 }

    /// The `worker_id` every line carries. Optuna compares it with its own (random) worker's ID only to decide
    /// whether to raise on its own mistakes, so any fixed text reads back the same.
    static let worker = "hyperplan-export"

    package var name: String
    package var goal: OptimizationGoal
    package var userAttributes: [String: JSONValue]
    package var trials: [OptunaTrial]
    /// Sentences for standard error: a partial bundle, trials renumbered, trials exported as failed.
    package var notes: [String]

    /// The study of a bundle read from disk.
    ///
    /// - Throws: `ExportError` when a trial records a parameter its search space cannot hold.
    package init(snapshot: BundleSnapshot) throws(ExportError) {
        var attributes: [String: JSONValue] = [
            "bundle": .string(snapshot.directory.standardizedFileURL.path),
            "experiment": .string(snapshot.experiment),
            "metric": .string(snapshot.metric),
            "metrics": .array(snapshot.metrics.map(JSONValue.string)),
            "status": .string(snapshot.status.state.rawValue),
            "partial": .bool(snapshot.isPartial),
            "planned_trials": .int(snapshot.plannedTrials),
            "folds": .int(snapshot.foldCount),
        ]
        if let strategy = snapshot.resolved["search"]?["strategy"] { attributes["strategy"] = strategy }
        if let description = snapshot.resolved["description"], description != .null {
            attributes["description"] = description
        }
        if let version = snapshot.environment?["hyperplan_version"] { attributes["hyperplan_version"] = version }
        if let best = snapshot.bestTrial { attributes["best_trial"] = .int(best.trial) }
        if let test = snapshot.summary?["test"], test != .null { attributes["test"] = test }
        try self.init(
            name: snapshot.name, goal: snapshot.goal, metric: snapshot.metric, metrics: snapshot.metrics,
            dimensions: snapshot.dimensions, trials: snapshot.trials, userAttributes: attributes)
        let finished = trials.count
        if snapshot.isPartial {
            let finishedTrials =
                finished == 1 ? "the 1 trial finished so far is" : "the \(finished) trials finished so far are"
            notes.insert(
                "the bundle's run has not finished (\(snapshot.status.state.rawValue)): \(finishedTrials) exported",
                at: 0)
        } else if snapshot.status.stoppedEarly, finished < snapshot.plannedTrials {
            let reason = snapshot.status.stopReason.map { " (\($0))" } ?? ""
            notes.insert(
                "the run stopped early\(reason): \(finished) of \(snapshot.plannedTrials) planned trials are "
                    + "exported", at: 0)
        }
    }

    /// The study of `trials` searched over `dimensions`.
    ///
    /// - Throws: `ExportError` when a trial records a parameter the dimensions cannot hold.
    package init(
        name: String, goal: OptimizationGoal, metric: String, metrics: [String], dimensions: [RecordedDimension],
        trials: [RecordedTrial], userAttributes: [String: JSONValue] = [:]
    ) throws(ExportError) {
        self.name = name
        self.goal = goal
        self.userAttributes = userAttributes
        notes = []
        let exported = trials.filter { $0.status != .skipped }.sorted { $0.trial < $1.trial }
        let space = OptunaStudy.space(dimensions, trials: exported, notes: &notes)
        let metrics = metrics.contains(metric) ? metrics : [metric] + metrics
        var optunaTrials: [OptunaTrial] = []
        for (number, trial) in exported.enumerated() {
            let optunaTrial = try OptunaTrial(trial, number: number, space: space, metric: metric, metrics: metrics)
            notes += optunaTrial.notes
            optunaTrials.append(optunaTrial)
        }
        self.trials = optunaTrials
        if exported.enumerated().contains(where: { $0.offset != $0.element.trial }) {
            notes.append(
                "Optuna numbers the trials 0, 1, 2, … in order, so they differ from Hyperplan's trial indices "
                    + "here; each trial's user attribute 'hyperplan_trial' holds its index")
        }
    }

    /// Each dimension's distribution, widened to any recorded value that lies outside its declared bounds
    /// (Optuna requires every parameter to lie inside its distribution, and the same distribution in every trial).
    static func space(
        _ dimensions: [RecordedDimension], trials: [RecordedTrial], notes: inout [String]
    ) -> [String: OptunaDistribution] {
        var space: [String: OptunaDistribution] = [:]
        for dimension in dimensions {
            let declared = OptunaDistribution(dimension)
            var distribution = declared
            for trial in trials {
                if let value = trial.parameters[dimension.name] { distribution = distribution.covering(value) }
            }
            if distribution != declared {
                notes.append(
                    "'\(dimension.name)' has recorded values outside its declared bounds; its Optuna distribution "
                        + "is widened to hold them")
            }
            space[dimension.name] = distribution
        }
        return space
    }

    /// The trials by state, in a few words: "7 trials: 5 complete, 1 pruned, 1 failed".
    package var summary: String {
        let counts: [(OptunaTrial.State, String)] = [(.complete, "complete"), (.pruned, "pruned"), (.fail, "failed")]
        let parts = counts.compactMap { state, word -> String? in
            let count = trials.filter { $0.state == state }.count
            return count == 0 ? nil : "\(count) \(word)"
        }
        let total = "\(trials.count) trial\(trials.count == 1 ? "" : "s")"
        return parts.isEmpty ? total : "\(total): " + parts.joined(separator: ", ")
    }

    /// The journal's operations, in order.
    package var journalEntries: [JSONValue] {
        var entries: [JSONValue] = [
            OptunaStudy.entry(
                .createStudy,
                ["study_name": .string(name), "directions": .array([.int(OptunaStudy.direction(goal))])])
        ]
        for (key, value) in userAttributes.sorted(by: { $0.key < $1.key }) {
            entries.append(
                OptunaStudy.entry(.setStudyUserAttribute, ["study_id": .int(0), "user_attr": .object([key: value])]))
        }
        for trial in trials {
            var fields = trial.fields
            fields["study_id"] = .int(0)
            entries.append(OptunaStudy.entry(.createTrial, fields))
        }
        return entries
    }

    /// The journal file's text: one canonical JSON line per operation, each ending with a newline (Optuna stops
    /// at a line without one).
    package var journalText: String {
        journalEntries.map { $0.canonicalString() + "\n" }.joined()
    }

    private static func entry(_ operation: Operation, _ fields: [String: JSONValue]) -> JSONValue {
        var fields = fields
        fields["op_code"] = .int(operation.rawValue)
        fields["worker_id"] = .string(worker)
        return .object(fields)
    }
}
