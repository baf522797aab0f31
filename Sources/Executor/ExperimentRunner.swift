import Datasets
package import ExperimentSpec
package import Foundation
package import HyperplanCore
package import Planner

/// The executor's entry point: runs a planned experiment and hands its outcome to a bundle sink.
package enum ExperimentRunner {
    /// Why a run stopped without results.
    package struct RunError: Error, Sendable, CustomStringConvertible {
        package var message: String
        package var description: String { message }
    }

    /// How to run: parallelism, what an earlier run left, where finished nodes are recorded, when to stop.
    package struct Options: Sendable {
        package var jobs: Int
        /// Journal records of earlier runs by node ID: a node whose record restores its output is not run again.
        package var journal: [ContentHash: JSONValue]
        /// Records already in this bundle's own journal; restored records from elsewhere are copied into it.
        package var recorded: Set<ContentHash>
        package var recorder: (any NodeRecorder)?
        /// Once it carries a reason, no new node starts; the run ends when the running ones finish.
        package var stop: StopRequest?
        package var progress: (@Sendable (ProgressEvent) -> Void)?
        /// Slots shared with other runs (a batch): a node evaluates only while it holds one.
        package var pool: WorkerPool?
        /// Where trial commands get their folders and fold files (the bundle); a temporary folder when `nil`.
        package var workspace: URL?
        /// The clock `execution.budget.time` is measured on: the continuous clock, or in a test one it advances
        /// by hand. Node timings are always wall-clock time.
        package var budgetClock: any Clock<Duration>

        package init(
            jobs: Int, journal: [ContentHash: JSONValue] = [:], recorded: Set<ContentHash> = [],
            recorder: (any NodeRecorder)? = nil, stop: StopRequest? = nil,
            progress: (@Sendable (ProgressEvent) -> Void)? = nil, pool: WorkerPool? = nil,
            budgetClock: any Clock<Duration> = ContinuousClock()
        ) {
            self.pool = pool
            self.budgetClock = budgetClock
            self.jobs = jobs
            self.journal = journal
            self.recorded = recorded
            self.recorder = recorder
            self.stop = stop
            self.progress = progress
        }
    }

    /// Runs every node of `graph` with at most `jobs` nodes at once.
    package static func run(
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
    /// The stages: restore what the journal holds (`ResumePlan`), arm the stop conditions (`RunTally` for
    /// failures, the time budget), schedule the rest (`RunScheduling`), then assemble the outcome — complete, or
    /// the finished trials of a stopped run (`StoppedRun`).
    ///
    /// - Parameter sink: receives the outcome when the `write_bundle` node runs, or the partial outcome when
    ///   the run is stopped; `nil` writes nothing.
    /// - Throws: `RunError` when a node that is not a trial fails (the data cannot be split, the refit fails).
    package static func run(
        _ loaded: ExperimentLoader.Loaded, graph: TrialGraph, options: Options, sink: (any BundleSink)?
    ) async throws -> RunOutcome {
        let experiment = loaded.experiment
        let workspace =
            options.workspace
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("hyperplan-\(experiment.identity.short)")
        if let bundle = options.workspace, experiment.model.command != nil {
            // The caller holds the bundle's lock: a trial program tagged with this bundle belongs to a run that
            // died (kill -9, power loss) and would write into the trial folders this run is about to use.
            TrialProcessSweep.killTagged(TrialProcessSweep.owner(of: bundle), exact: false)
        }
        var evaluator = NodeEvaluator(
            experiment: experiment, dataSet: loaded.dataset, trials: graph.trials, workspace: workspace)
        let resume = ResumePlan(graph: graph, evaluator: evaluator, journal: options.journal)
        resume.announce(to: options)
        var tally = RunTally(graph: graph, restored: resume.restored, limit: experiment.execution.maxFailedTrials)
        tally.stopIfTooManyFailed(options.stop)
        let timings = TimingLog()
        let outcome = { @Sendable (inputs: NodeInputs) throws -> RunOutcome in
            try RunOutcome(
                experiment: experiment, graph: graph, bundleInputs: inputs, timings: timings.all,
                reused: resume.restored.count)
        }
        evaluator.writeBundle = { inputs in try await sink?.write(outcome(inputs)) }
        // Checked before each launch, and marked by a timer the moment it runs out.
        let budget =
            options.stop == nil
            ? nil : experiment.execution.timeBudget.map { TimeBudget(seconds: $0, clock: options.budgetClock) }
        let budgetTimer = options.stop.flatMap { stop in budget?.timer(stop) }
        defer { budgetTimer?.cancel() }
        let scheduling = RunScheduling(
            graph: graph, evaluator: evaluator, options: options, timings: timings, budget: budget)
        let outputs: [NodeOutput?]
        do {
            outputs = try await scheduling.run(resume, tally: &tally)
        } catch let failure as NodeEvaluator.RunFailure {
            throw RunError(message: failure.message)
        }
        if let last = graph.nodes.indices.last, outputs[last] != nil {
            let position = graph.indexByID()
            return try outcome(NodeInputs(graph.nodes[last].parents.map { position[$0].flatMap { outputs[$0] } }))
        }
        let stopped = StoppedRun(graph: graph, outputs: outputs, evaluator: evaluator, stop: options.stop)
        let partial = try await stopped.outcome(timings: timings.all, reused: resume.restored.count)
        try await sink?.write(partial)
        return partial
    }
}

extension RunOutcome {
    /// The complete outcome, from the `write_bundle` node's inputs: the selection, the refit and the test
    /// scores.
    init(experiment: Experiment, graph: TrialGraph, bundleInputs inputs: NodeInputs, timings: [NodeTiming], reused: Int)
        throws
    {
        guard let selection = inputs.optional(SelectBestNode.self) else {
            throw ExperimentRunner.RunError(message: "internal error: the run produced no selection")
        }
        self.init(
            experiment: experiment, graph: graph, selection: selection, refit: inputs.optional(RefitNode.self) ?? nil,
            testScores: inputs.optional(EvaluateTestNode.self) ?? nil, timings: timings, nodesRun: timings.count,
            nodesReused: reused, completion: .complete)
    }
}
