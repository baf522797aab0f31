import ExperimentSpec
import Planner

/// A run's count of finished nodes and trials, for progress displays, and of failed trials, for
/// `execution.max_failed_trials`. Kept by the scheduling loop alone.
struct RunTally {
    let totalNodes: Int
    let totalTrials: Int
    let limit: ExecutionSpec.FailureLimit?
    private(set) var finishedNodes: Int
    private(set) var finishedTrials: Int
    private(set) var failedTrials: Int

    init(graph: TrialGraph, restored: [Int: NodeOutput], limit: ExecutionSpec.FailureLimit?) {
        totalNodes = graph.nodes.count
        totalTrials = graph.trials.count
        self.limit = limit
        let trials = restored.values.compactMap { $0.value(of: AggregateNode.self) }
        finishedNodes = restored.count
        finishedTrials = trials.count
        failedTrials = trials.filter(\.isFailed).count
    }

    /// Restored failures count too: a rerun of a sweep stopped for failures stops again, before launching
    /// anything, unless the limit was raised.
    func stopIfTooManyFailed(_ stop: StopRequest?) {
        guard let limit, limit.isExceeded(failed: failedTrials, planned: totalTrials) else { return }
        stop?.request(
            "\(failedTrials) trials failed, more than execution.max_failed_trials allows", kind: .failures)
    }

    /// Counts a finished node; a finished trial is reported, and a failed one may stop the run.
    mutating func finished(_ node: PlanNode, output: NodeOutput, options: ExperimentRunner.Options) {
        finishedNodes += 1
        options.progress?(.nodeFinished(node, finishedNodes: finishedNodes, totalNodes: totalNodes))
        guard let result = output.value(of: AggregateNode.self) else { return }
        finishedTrials += 1
        if case .failed(let reason) = result.status {
            failedTrials += 1
            if let limit, limit.isExceeded(failed: failedTrials, planned: totalTrials) {
                options.stop?.request(
                    "\(failedTrials) trials failed, more than execution.max_failed_trials allows "
                        + "(last: trial \(result.trial), \(reason))", kind: .failures)
            }
        }
        options.progress?(.trialFinished(result, finishedTrials: finishedTrials, totalTrials: totalTrials))
    }
}
