import HyperplanCore
import Planner

/// The scheduling stage of a run: the nodes the journal could not restore, run by a `GraphScheduler` with
/// each node timed, journaled and counted as it finishes.
struct RunScheduling: Sendable {
    let graph: TrialGraph
    let evaluator: NodeEvaluator
    let options: ExperimentRunner.Options
    let timings: TimingLog
    /// `execution.budget.time`, when the run has one and a stop request to end it with.
    let budget: TimeBudget?

    /// Runs the nodes `resume` leaves; returns every output by node position (`nil` for nodes never started
    /// and for released ones).
    func run(_ resume: ResumePlan, tally: inout RunTally) async throws -> [NodeOutput?] {
        let clock = ContinuousClock()
        let runStart = clock.now
        let (evaluator, options, timings, budget) = (evaluator, options, timings, budget)
        return try await GraphScheduler<NodeOutput>(graph: graph, jobs: options.jobs).run(
            restored: resume.restored, toRun: resume.toRun,
            shouldLaunch: { node in
                // Once stopping, nothing new starts, except combining the folds of a trial whose fits are all
                // done: that finished work belongs in the summary.
                if node.task is AggregateNode { return true }
                if let budget, let stop = options.stop, budget.isUsed { budget.request(stop) }
                return options.stop?.reason == nil
            },
            releasable: \.isReleasable,
            evaluate: { node, inputs, slot in
                guard NodeEvaluator.isWork(node) else { return try await evaluator.evaluate(node, inputs: inputs) }
                // Timed after any wait for the batch's shared pool: the timeline shows the work itself.
                await options.pool?.acquire()
                let start = clock.now
                let result = await Result { try await evaluator.evaluate(node, inputs: inputs) }
                timings.append(
                    NodeTiming(
                        node: node, start: runStart.duration(to: start), duration: start.duration(to: clock.now),
                        slot: slot))
                await options.pool?.release()
                return try result.get()
            },
            started: { node in options.progress?(.nodeStarted(node)) },
            finished: { node, output in
                // A node this bundle's journal already holds with the same record (the refit and the bundle
                // write, which every rerun repeats) is not appended again, so reruns do not grow the journal.
                let record = output.record
                if !(options.recorded.contains(node.id) && options.journal[node.id] == record) {
                    options.recorder?.record(node, output: record)
                }
                tally.finished(node, output: output, options: options)
            })
    }
}

extension Result where Failure == any Error {
    /// The result of an async throwing body.
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
