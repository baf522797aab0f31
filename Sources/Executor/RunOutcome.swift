package import ExperimentSpec
import HyperplanCore
package import Planner

/// Everything a finished run produced, as the bundle writer receives it.
package struct RunOutcome: Sendable {
    package var experiment: Experiment
    package var graph: TrialGraph
    package var selection: Selection
    /// The best configuration refitted on the training split; `nil` when every trial failed.
    package var refit: RefitResult?
    /// The refitted model's scores on the test split, when there is one.
    package var testScores: [String: Double]?
    /// How long each node took (not deterministic: written apart from the result files).
    package var timings: [NodeTiming]
    /// The number of nodes run by this process.
    package var nodesRun: Int
    /// The number of nodes restored from the journal instead of run.
    package var nodesReused: Int
    package var completion: Completion

    /// Whether the run reached its end.
    package enum Completion: Sendable, Hashable {
        case complete
        /// Stopped before the end (interrupted, over budget, too many failures); `selection` holds the finished
        /// trials only.
        case stopped(reason: String, kind: StopRequest.Kind)
    }

    package var failedTrials: Int { selection.trials.filter(\.isFailed).count }
    package var prunedTrials: Int { selection.trials.filter(\.isPruned).count }
}

/// When one node ran, for how long, and on which worker slot (wall-clock, so never in a deterministic file).
package struct NodeTiming: Sendable {
    package var node: PlanNode
    /// When it started, from the start of the run.
    package var start: Duration
    package var duration: Duration
    /// The scheduler's worker slot (0 ..< jobs) it ran on.
    package var slot: Int

    package var seconds: Double { duration.inSeconds }
    package var startSeconds: Double { start.inSeconds }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    package var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}

/// Where the run's results go: the `write_bundle` node hands the outcome to a sink.
package protocol BundleSink: Sendable {
    func write(_ outcome: RunOutcome) async throws
}

/// What the executor reports while it runs, for progress displays.
package enum ProgressEvent: Sendable {
    /// A trial's folds are all done.
    case trialFinished(TrialResult, finishedTrials: Int, totalTrials: Int)
    /// A node was launched.
    case nodeStarted(PlanNode)
    /// A node finished.
    case nodeFinished(PlanNode, finishedNodes: Int, totalNodes: Int)
    /// The run continues an earlier one: these nodes (and trials) were restored from the journal.
    case resumed(restoredNodes: Int, restoredTrials: Int)
}
