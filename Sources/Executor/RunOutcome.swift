import ExperimentSpec
import HyperplanCore
import Planner

/// Everything a finished run produced, as the bundle writer receives it.
public struct RunOutcome: Sendable {
    public var experiment: Experiment
    public var graph: TrialGraph
    public var selection: Selection
    /// The best configuration refitted on the training split; `nil` when every trial failed.
    public var refit: RefitResult?
    /// The refitted model's scores on the test split, when there is one.
    public var testScores: [String: Double]?
    /// How long each node took (not deterministic: written apart from the result files).
    public var timings: [NodeTiming]
    /// The number of nodes run by this process.
    public var nodesRun: Int
    /// The number of nodes restored from the journal instead of run.
    public var nodesReused: Int
    public var completion: Completion

    /// Whether the run reached its end.
    public enum Completion: Sendable, Hashable {
        case complete
        /// Stopped before the end (interrupted, over budget, too many failures); `selection` holds the finished
        /// trials only.
        case stopped(reason: String, kind: StopRequest.Kind)
    }

    public var failedTrials: Int { selection.trials.filter(\.isFailed).count }
    public var prunedTrials: Int { selection.trials.filter(\.isPruned).count }
}

/// The wall-clock time one node took.
public struct NodeTiming: Sendable {
    public var node: PlanNode
    public var duration: Duration

    public var seconds: Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

/// Where the run's results go: the `write_bundle` node hands the outcome to a sink.
public protocol BundleSink: Sendable {
    func write(_ outcome: RunOutcome) async throws
}

/// What the executor reports while it runs, for progress displays.
public enum ProgressEvent: Sendable {
    /// A trial's folds are all done.
    case trialFinished(TrialResult, finishedTrials: Int, totalTrials: Int)
    /// A node was launched.
    case nodeStarted(PlanNode)
    /// A node finished.
    case nodeFinished(PlanNode, finishedNodes: Int, totalNodes: Int)
    /// The run continues an earlier one: these nodes (and trials) were restored from the journal.
    case resumed(restoredNodes: Int, restoredTrials: Int)
}

/// Durations for messages: `8h`, `1h 30m`, `45s`.
public enum DurationText {
    public static func describe(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        var parts: [String] = []
        if total >= 86400 { parts.append("\(total / 86400)d") }
        if total % 86400 >= 3600 { parts.append("\((total % 86400) / 3600)h") }
        if total % 3600 >= 60 { parts.append("\((total % 3600) / 60)m") }
        if total % 60 > 0 || parts.isEmpty { parts.append("\(total % 60)s") }
        return parts.joined(separator: " ")
    }
}
