import Datasets
import ExperimentSpec
import Foundation
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

    /// How to run: parallelism, what an earlier run left, where finished nodes are recorded, when to stop.
    public struct Options: Sendable {
        public var jobs: Int
        /// Journal records of earlier runs by node ID: a node whose record restores its output is not run again.
        public var journal: [ContentHash: JSONValue]
        /// Records already in this bundle's own journal; restored records from elsewhere are copied into it.
        public var recorded: Set<ContentHash>
        public var recorder: (any NodeRecorder)?
        /// Once it carries a reason, no new node starts; the run ends when the running ones finish.
        public var stop: StopRequest?
        public var progress: (@Sendable (ProgressEvent) -> Void)?
        /// Slots shared with other runs (a batch): a node evaluates only while it holds one.
        public var pool: WorkerPool?
        /// Where trial commands get their folders and fold files (the bundle); a temporary folder when `nil`.
        public var workspace: URL?

        public init(
            jobs: Int, journal: [ContentHash: JSONValue] = [:], recorded: Set<ContentHash> = [],
            recorder: (any NodeRecorder)? = nil, stop: StopRequest? = nil,
            progress: (@Sendable (ProgressEvent) -> Void)? = nil, pool: WorkerPool? = nil
        ) {
            self.pool = pool
            self.jobs = jobs
            self.journal = journal
            self.recorded = recorded
            self.recorder = recorder
            self.stop = stop
            self.progress = progress
        }
    }

    /// Runs every node of `graph` with at most `jobs` nodes at once.
    public static func run(
        _ loaded: ExperimentLoader.Loaded, graph: TrialGraph, jobs: Int, sink: (any BundleSink)?,
        progress: (@Sendable (ProgressEvent) -> Void)? = nil
    ) async throws -> RunOutcome {
        try await run(loaded, graph: graph, options: Options(jobs: jobs, progress: progress), sink: sink)
    }

    /// Runs the nodes of `graph` that the journal cannot restore, at most `options.jobs` at once.
    ///
    /// Results do not depend on `jobs`, on which nodes were restored or on where a run was interrupted: every
    /// node computes only from its parents' outputs and draws its randomness from a generator keyed by its ID,
    /// and restored outputs equal the recorded ones bit for bit.
    ///
    /// - Parameter sink: receives the outcome when the `write_bundle` node runs, or the partial outcome when
    ///   the run is stopped; `nil` writes nothing.
    /// - Throws: `RunError` when a node that is not a trial fails (the data cannot be split, the refit fails).
    public static func run(
        _ loaded: ExperimentLoader.Loaded, graph: TrialGraph, options: Options, sink: (any BundleSink)?
    ) async throws -> RunOutcome {
        let workspace =
            options.workspace
            ?? FileManager.default.temporaryDirectory.appendingPathComponent(
                "hyperplan-\(loaded.experiment.identity.short)")
        let evaluator = NodeEvaluator(
            experiment: loaded.experiment, dataSet: loaded.dataset, trials: graph.trials, workspace: workspace)
        let timings = TimingLog()
        let clock = ContinuousClock()
        let runStart = clock.now
        let experiment = loaded.experiment
        let (restored, toRun) = resumePlan(graph: graph, evaluator: evaluator, journal: options.journal)
        for (index, output) in restored.sorted(by: { $0.key < $1.key })
        where !options.recorded.contains(graph.nodes[index].id) {
            options.recorder?.record(graph.nodes[index], output: output.record)
        }
        let restoredTrials = restored.values.filter { if case .trial = $0 { true } else { false } }.count
        if !restored.isEmpty {
            options.progress?(.resumed(restoredNodes: restored.count, restoredTrials: restoredTrials))
        }
        let scheduler = GraphScheduler<NodeOutput>(graph: graph, jobs: options.jobs)
        var finishedNodes = restored.count
        var finishedTrials = restoredTrials
        var failedTrials = restored.values.filter { if case .trial(let result) = $0 { result.isFailed } else { false } }
            .count
        let limit = experiment.execution.maxFailedTrials
        if let limit, limit.isExceeded(failed: failedTrials, planned: graph.trials.count) {
            // Restored failures count too: a rerun of a sweep stopped for failures stops again, before
            // launching anything, unless the limit was raised.
            options.stop?.request(
                "\(failedTrials) trials failed, more than execution.max_failed_trials allows", kind: .failures)
        }
        var budgetTimer: Task<Void, Never>?
        if let budget = experiment.execution.timeBudget, let stop = options.stop {
            budgetTimer = Task {
                try? await Task.sleep(for: .seconds(budget))
                if !Task.isCancelled {
                    stop.request("time budget of \(DurationText.describe(budget)) used", kind: .budget)
                }
            }
        }
        defer { budgetTimer?.cancel() }
        let outputs: [NodeOutput?]
        do {
            outputs = try await scheduler.run(
                restored: restored, toRun: toRun,
                shouldLaunch: { node in
                    // Once stopping, nothing new starts, except combining the folds of a trial whose fits are
                    // all done: that finished work belongs in the summary.
                    if case .aggregate = node.task { return true }
                    return options.stop?.reason == nil
                },
                // A fold's transformed rows are the run's largest values; once its fits are done they go.
                releasable: { output in
                    if case .prepared = output { return true }
                    return false
                },
                evaluate: { node, inputs, slot in
                    guard case .writeBundle = node.task else {
                        // Timed after any wait for the batch's shared pool: the timeline shows the work itself.
                        await options.pool?.acquire()
                        let start = clock.now
                        let result = Result { try evaluator.evaluate(node, inputs: inputs) }
                        timings.append(
                            NodeTiming(
                                node: node, start: runStart.duration(to: start),
                                duration: start.duration(to: clock.now),
                                slot: slot))
                        await options.pool?.release()
                        return try result.get()
                    }
                    let outcome = try assemble(
                        experiment: experiment, graph: graph, inputs: inputs, timings: timings.all,
                        reused: restored.count, completion: .complete)
                    try await sink?.write(outcome)
                    return .bundleWritten
                },
                started: { node in options.progress?(.nodeStarted(node)) },
                finished: { node, output in
                    // A node this bundle's journal already holds with the same record (the refit and the bundle
                    // write, which every rerun repeats) is not appended again, so reruns do not grow the journal.
                    let record = output.record
                    if !(options.recorded.contains(node.id) && options.journal[node.id] == record) {
                        options.recorder?.record(node, output: record)
                    }
                    finishedNodes += 1
                    options.progress?(.nodeFinished(node, finishedNodes: finishedNodes, totalNodes: graph.nodes.count))
                    if case .trial(let result) = output {
                        finishedTrials += 1
                        if case .failed(let reason) = result.status {
                            failedTrials += 1
                            if let limit, limit.isExceeded(failed: failedTrials, planned: graph.trials.count) {
                                options.stop?.request(
                                    "\(failedTrials) trials failed, more than execution.max_failed_trials allows "
                                        + "(last: trial \(result.trial), \(reason))", kind: .failures)
                            }
                        }
                        options.progress?(
                            .trialFinished(result, finishedTrials: finishedTrials, totalTrials: graph.trials.count))
                    }
                })
        } catch let failure as NodeEvaluator.RunFailure {
            throw RunError(message: failure.message)
        }
        if let last = graph.nodes.indices.last, outputs[last] != nil {
            let bundleInputs = graph.nodes[last].parents.compactMap { parent in
                graph.indexByID()[parent].flatMap { outputs[$0] }
            }
            return try assemble(
                experiment: experiment, graph: graph, inputs: bundleInputs, timings: timings.all,
                reused: restored.count, completion: .complete)
        }
        // Stopped before the end: the finished trials make a partial outcome, written so that the bundle shows
        // where the run stands; a rerun continues from the journal.
        let trials = outputs.compactMap { output -> TrialResult? in
            if case .trial(let result)? = output { return result }
            return nil
        }.sorted { $0.trial < $1.trial }
        let selection = Selection(trials: trials, metric: experiment.search.metric, goal: experiment.search.goal)
        let completion = RunOutcome.Completion.stopped(
            reason: options.stop?.reason ?? "stopped", kind: options.stop?.kind ?? .interrupted)
        var refit: RefitResult?
        var testScores: [String: Double]?
        if options.stop?.kind == .budget {
            // The budget ends the search, not the experiment: the best trial so far is refitted and tested.
            // These nodes are not journaled: their IDs stand for the full search's selection.
            (refit, testScores) = try finishWithTrialsDone(
                selection: selection, graph: graph, outputs: outputs, evaluator: evaluator)
        }
        let outcome = RunOutcome(
            experiment: experiment, graph: graph, selection: selection, refit: refit, testScores: testScores,
            timings: timings.all, nodesRun: timings.all.count, nodesReused: restored.count, completion: completion)
        try await sink?.write(outcome)
        return outcome
    }

    /// Refits the best of the finished trials on the training split and scores it on the test split.
    private static func finishWithTrialsDone(
        selection: Selection, graph: TrialGraph, outputs: [NodeOutput?], evaluator: NodeEvaluator
    ) throws -> (RefitResult?, [String: Double]?) {
        let position = graph.indexByID()
        func output(of node: PlanNode, inputs: [NodeOutput]) throws -> NodeOutput {
            if let index = position[node.id], let known = outputs[index], !(node.task == .selectBest) { return known }
            return try evaluator.evaluate(node, inputs: inputs)
        }
        guard let refitNode = graph.nodes.first(where: { $0.task == .refit }),
            let preprocessingNode = graph.nodes.first(where: { $0.task == .fitPreprocessing(fold: nil) })
        else { return (nil, nil) }
        let preprocessingInputs = try preprocessingNode.parents.compactMap { parent -> NodeOutput? in
            guard let index = position[parent] else { return nil }
            return try outputs[index] ?? output(of: graph.nodes[index], inputs: [])
        }
        do {
            let prepared = try output(of: preprocessingNode, inputs: preprocessingInputs)
            let refit = try evaluator.evaluate(refitNode, inputs: [.selection(selection), prepared])
            guard case .refit(let result) = refit else { return (nil, nil) }
            guard let testNode = graph.nodes.first(where: { $0.task == .evaluateTest }) else { return (result, nil) }
            guard case .testScores(let scores) = try evaluator.evaluate(testNode, inputs: [refit, prepared]) else {
                return (result, nil)
            }
            return (result, scores)
        } catch let failure as NodeEvaluator.RunFailure {
            throw RunError(message: failure.message)
        }
    }

    /// Which nodes the journal restores, and which must run to finish the bundle: the bundle node and,
    /// transitively, every parent of a node that runs unless that parent is restored.
    static func resumePlan(graph: TrialGraph, evaluator: NodeEvaluator, journal: [ContentHash: JSONValue])
        -> (restored: [Int: NodeOutput], toRun: Set<Int>)
    {
        let position = graph.indexByID()
        var restored: [Int: NodeOutput] = [:]
        if !journal.isEmpty {
            for (index, node) in graph.nodes.enumerated() {
                guard let record = journal[node.id] else { continue }
                let inputs = node.parents.map { parent in position[parent].flatMap { restored[$0] } }
                if let output = evaluator.restore(node, record: record, inputs: inputs) { restored[index] = output }
            }
        }
        var toRun = Set<Int>()
        var pending = graph.nodes.indices.last.map { [$0] } ?? []
        while let index = pending.popLast() {
            guard restored[index] == nil, toRun.insert(index).inserted else { continue }
            pending.append(contentsOf: graph.nodes[index].parents.compactMap { position[$0] })
        }
        return (restored, toRun)
    }

    private static func assemble(
        experiment: Experiment, graph: TrialGraph, inputs: [NodeOutput], timings: [NodeTiming], reused: Int,
        completion: RunOutcome.Completion
    ) throws -> RunOutcome {
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
            timings: timings, nodesRun: timings.count, nodesReused: reused, completion: completion)
    }
}

/// Node timings collected on the scheduling loop and read by the bundle-writing node.
final class TimingLog: Sendable {
    private let entries = Mutex<[NodeTiming]>([])

    func append(_ timing: NodeTiming) { entries.withLock { $0.append(timing) } }

    var all: [NodeTiming] { entries.withLock { $0 } }
}

/// A request to stop launching nodes (Ctrl-C, a time budget, too many failures), shared by whoever decides
/// and the scheduler that obeys.
public final class StopRequest: Sendable {
    /// Why a run stops early, which decides how it ends.
    public enum Kind: String, Sendable, Hashable {
        /// Ctrl-C or SIGTERM: write what is done and exit; a rerun continues.
        case interrupted
        /// The time budget is used: finish with the trials done (select, refit, test) — a complete bundle.
        case budget
        /// Too many trials failed: stop as a failed run.
        case failures
    }

    private let state = Mutex<(reason: String, kind: Kind)?>(nil)

    public init() {}

    /// Asks the run to stop; the first request wins.
    public func request(_ reason: String, kind: Kind) {
        state.withLock { current in if current == nil { current = (reason, kind) } }
    }

    /// Why the run should stop, or `nil` while it should go on.
    public var reason: String? { state.withLock { $0?.reason } }

    public var kind: Kind? { state.withLock { $0?.kind } }
}
