package import HyperplanCore

/// `timings.json` read back: when each node ran and on which worker slot, per session (a resumed run is a new
/// session). Wall-clock values, so only the timeline and per-trial durations use them.
package struct RecordedTimings: Sendable, Hashable {
    /// One node run.
    package struct Node: Sendable, Hashable {
        package var label: String
        package var kind: String
        /// Seconds from the start of its session.
        package var start: Double
        package var seconds: Double
        package var slot: Int
        package var session: Int
        /// For `fit_score` nodes.
        package var trial: Int?
        package var fold: Int?
    }

    /// One trial's fits.
    package struct Trial: Sendable, Hashable {
        package var trial: Int
        /// The order in which trials started (by session, then time).
        package var startOrder: Int
        package var session: Int
        package var start: Double
        package var end: Double
        /// Seconds of its fits, summed (more than `end - start` when its folds ran in parallel).
        package var fitSeconds: Double
    }

    package var nodes: [Node]
    package var trials: [Int: Trial]
    /// How many sessions (runs of `hyperplan run`) the file covers.
    package var sessions: Int

    /// Reads the file's JSON; entries without the fields a timeline needs (files of an older version) are left out.
    package init(json: JSONValue) {
        nodes = (json["nodes"]?.arrayValue ?? []).compactMap { entry in
            guard let start = entry["start"]?.doubleValue, let seconds = entry["seconds"]?.doubleValue,
                let slot = entry["slot"]?.intValue
            else { return nil }
            return Node(
                label: entry["label"]?.stringValue ?? "", kind: entry["kind"]?.stringValue ?? "", start: start,
                seconds: seconds, slot: slot, session: entry["session"]?.intValue ?? 0,
                trial: entry["trial"]?.intValue, fold: entry["fold"]?.intValue)
        }
        var trials: [Int: Trial] = [:]
        for entry in json["trials"]?.arrayValue ?? [] {
            guard let trial = entry["trial"]?.intValue, let order = entry["start_order"]?.intValue,
                let start = entry["start"]?.doubleValue, let end = entry["end"]?.doubleValue,
                let fitSeconds = entry["fit_seconds"]?.doubleValue
            else { continue }
            trials[trial] = Trial(
                trial: trial, startOrder: order, session: entry["session"]?.intValue ?? 0, start: start, end: end,
                fitSeconds: fitSeconds)
        }
        self.trials = trials
        sessions = (nodes.map(\.session).max() ?? -1) + 1
    }
}
