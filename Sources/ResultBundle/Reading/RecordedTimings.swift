import HyperplanCore

/// `timings.json` read back: when each node ran and on which worker slot, per session (a resumed run is a new
/// session). Wall-clock values, so only the timeline and per-trial durations use them.
public struct RecordedTimings: Sendable, Hashable {
    /// One node run.
    public struct Node: Sendable, Hashable {
        public var label: String
        public var kind: String
        /// Seconds from the start of its session.
        public var start: Double
        public var seconds: Double
        public var slot: Int
        public var session: Int
        /// For `fit_score` nodes.
        public var trial: Int?
        public var fold: Int?
    }

    /// One trial's fits.
    public struct Trial: Sendable, Hashable {
        public var trial: Int
        /// The order in which trials started (by session, then time).
        public var startOrder: Int
        public var session: Int
        public var start: Double
        public var end: Double
        /// Seconds of its fits, summed (more than `end - start` when its folds ran in parallel).
        public var fitSeconds: Double
    }

    public var nodes: [Node]
    public var trials: [Int: Trial]
    /// How many sessions (runs of `hyperplan run`) the file covers.
    public var sessions: Int

    /// Reads the file's JSON; entries without the fields a timeline needs (files of an older version) are left out.
    public init(json: JSONValue) {
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
