import Executor
import HyperplanCore
import Planner

/// The text of `timings.json`: when each node ran, for how long and on which worker slot. The only bundle file
/// with wall-clock values, and so the only one that is not deterministic.
///
/// A resumed run does not run the nodes it restores, so it carries their entries over from the file the earlier
/// run wrote, tagged with the session that ran them: the timeline of a sweep that was interrupted and resumed
/// shows every session. A session killed outright never wrote the file, so its timings are lost (its results
/// are not: they are in the journal).
enum TimingsFile {
    /// - Parameters:
    ///   - outcome: this run's outcome; its `timings` are the nodes this process ran.
    ///   - previous: the bundle's `timings.json` before this run, if it had one.
    static func json(_ outcome: RunOutcome, previous: JSONValue?) -> JSONValue {
        let ranNow = Set(outcome.timings.map { $0.node.id.hex })
        let planned = Set(outcome.graph.nodes.map(\.id.hex))
        let earlier = (previous?["nodes"]?.arrayValue ?? []).filter { entry in
            guard let id = entry["id"]?.stringValue else { return false }
            return !ranNow.contains(id) && planned.contains(id)
        }
        let session = (earlier.compactMap { $0["session"]?.intValue }.max() ?? -1) + 1
        let current = outcome.timings.sorted { $0.start < $1.start }.map { entry(for: $0, session: session) }
        let nodes = earlier + current

        var byKind: [String: Double] = [:]
        for timing in outcome.timings { byKind[timing.node.task.kind, default: 0] += timing.seconds }
        return .object([
            "session": .int(session),
            "node_seconds_total": .number(outcome.timings.reduce(0) { $0 + $1.seconds }),
            "by_kind_seconds": .object(byKind.mapValues(JSONValue.number)),
            "nodes": .array(nodes),
            "trials": .array(trialSpans(nodes)),
        ])
    }

    private static func entry(for timing: NodeTiming, session: Int) -> JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(timing.node.id.hex), "label": .string(timing.node.task.label),
            "kind": .string(timing.node.task.kind), "seconds": .number(timing.seconds),
            "start": .number(timing.startSeconds), "slot": .int(timing.slot), "session": .int(session),
        ]
        if let fit = timing.node.task as? FitScoreNode {
            fields["trial"] = .int(fit.trial)
            fields["fold"] = .int(fit.fold)
        }
        return .object(fields)
    }

    /// Per trial: the session and interval its fits ran in, their summed seconds, and the order trials started
    /// in (by session, then start time).
    private static func trialSpans(_ nodes: [JSONValue]) -> [JSONValue] {
        struct Span {
            var session: Int
            var start: Double
            var end: Double
            var fitSeconds: Double
            var fits: Int
        }
        var spans: [Int: Span] = [:]
        for node in nodes {
            guard let trial = node["trial"]?.intValue, let start = node["start"]?.doubleValue,
                let seconds = node["seconds"]?.doubleValue
            else { continue }
            let session = node["session"]?.intValue ?? 0
            if var span = spans[trial], span.session == session {
                span.start = min(span.start, start)
                span.end = max(span.end, start + seconds)
                span.fitSeconds += seconds
                span.fits += 1
                spans[trial] = span
            } else if spans[trial].map({ session > $0.session }) ?? true {
                // A trial resumed in a later session is placed where its last fits ran.
                let carried = spans[trial].map { ($0.fitSeconds, $0.fits) } ?? (0, 0)
                spans[trial] = Span(
                    session: session, start: start, end: start + seconds, fitSeconds: carried.0 + seconds,
                    fits: carried.1 + 1)
            } else {
                spans[trial]?.fitSeconds += seconds
                spans[trial]?.fits += 1
            }
        }
        let order = spans.sorted {
            ($0.value.session, $0.value.start, $0.key) < ($1.value.session, $1.value.start, $1.key)
        }
        return order.enumerated().map { position, element in
            .object([
                "trial": .int(element.key), "start_order": .int(position), "session": .int(element.value.session),
                "start": .number(element.value.start), "end": .number(element.value.end),
                "fit_seconds": .number(element.value.fitSeconds), "fits": .int(element.value.fits),
            ])
        }.sorted { ($0["trial"]?.intValue ?? 0) < ($1["trial"]?.intValue ?? 0) }
    }
}
