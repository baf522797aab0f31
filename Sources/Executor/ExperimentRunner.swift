import Datasets
import ExperimentSpec
import HyperplanCore
import Planner
import Synchronization

/// The executor's entry point: runs a planned experiment and hands its outcome to a bundle sink.
public enum ExperimentRunner {
    /// Why a run stopped without results.
    public struct RunError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Runs every node of `graph` with at most `jobs` nodes at once.
    ///
    /// Results do not depend on `jobs`: every node computes only from its parents' outputs and draws its
    /// randomness from a generator keyed by its ID.
    ///
    /// - Parameters:
    ///   - sink: receives the outcome when the `write_bundle` node runs; `nil` writes nothing.
    ///   - progress: called on the scheduling loop as nodes and trials finish.
    /// - Throws: `RunError` when a node that is not a trial fails (the data cannot be split, the refit fails).
    public static func run(
        _ loaded: ExperimentLoader.Loaded, graph: TrialGraph, jobs: Int, sink: (any BundleSink)?,
        progress: (@Sendable (ProgressEvent) -> Void)? = nil
    ) async throws -> RunOutcome {
        let evaluator = NodeEvaluator(experiment: loaded.experiment, dataset: loaded.dataset, trials: graph.trials)
        let timings = TimingLog()
        let experiment = loaded.experiment
        let scheduler = GraphScheduler<NodeOutput>(graph: graph, jobs: jobs)
        var finishedNodes = 0
        var finishedTrials = 0
        let outputs: [NodeOutput?]
        do {
            outputs = try await scheduler.run(
                evaluate: { node, inputs in
                    guard case .writeBundle = node.task else { return try evaluator.evaluate(node, inputs: inputs) }
                    let outcome = try assemble(
                        experiment: experiment, graph: graph, inputs: inputs, timings: timings.all)
                    try await sink?.write(outcome)
                    return .bundleWritten
                },
                finished: { node, output, duration in
                    timings.append(NodeTiming(node: node, duration: duration))
                    finishedNodes += 1
                    progress?(.nodeFinished(node, finishedNodes: finishedNodes, totalNodes: graph.nodes.count))
                    if case .trial(let result) = output {
                        finishedTrials += 1
                        progress?(
                            .trialFinished(result, finishedTrials: finishedTrials, totalTrials: graph.trials.count))
                    }
                })
        } catch let failure as NodeEvaluator.RunFailure {
            throw RunError(message: failure.message)
        }
        let bundleInputs =
            graph.nodes.last.map { last in
                last.parents.compactMap { parent in graph.indexByID()[parent].flatMap { outputs[$0] } }
            } ?? []
        return try assemble(experiment: experiment, graph: graph, inputs: bundleInputs, timings: timings.all)
    }

    private static func assemble(experiment: Experiment, graph: TrialGraph, inputs: [NodeOutput], timings: [NodeTiming])
        throws -> RunOutcome
    {
        var selection: Selection?
        var refit: RefitResult?
        var testScores: [String: Double]?
        for input in inputs {
            switch input {
            case .selection(let value): selection = value
            case .refit(let value): refit = value
            case .testScores(let value): testScores = value
            default: break
            }
        }
        guard let selection else { throw RunError(message: "internal error: the run produced no selection") }
        return RunOutcome(
            experiment: experiment, graph: graph, selection: selection, refit: refit, testScores: testScores,
            timings: timings, nodesRun: timings.count)
    }
}

/// Node timings collected on the scheduling loop and read by the bundle-writing node.
final class TimingLog: Sendable {
    private let entries = Mutex<[NodeTiming]>([])

    func append(_ timing: NodeTiming) { entries.withLock { $0.append(timing) } }

    var all: [NodeTiming] { entries.withLock { $0 } }
}
