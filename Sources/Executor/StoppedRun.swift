import ExperimentSpec
import HyperplanCore
import Planner

/// The outcome of a run stopped before its end: the finished trials make a partial outcome, written so that
/// the bundle shows where the run stands; a rerun continues from the journal. A run stopped by its time budget
/// is finished with the trials done: the best so far is refitted and tested, a complete bundle.
struct StoppedRun {
    let graph: TrialGraph
    let outputs: [NodeOutput?]
    let evaluator: NodeEvaluator
    let stop: StopRequest?

    func outcome(timings: [NodeTiming], reused: Int) async throws -> RunOutcome {
        let experiment = evaluator.experiment
        let trials = outputs.compactMap { $0?.value(of: AggregateNode.self) }.sorted { $0.trial < $1.trial }
        let selection = Selection(trials: trials, metric: experiment.search.metric, goal: experiment.search.goal)
        let completion = RunOutcome.Completion.stopped(
            reason: stop?.reason ?? "stopped", kind: stop?.kind ?? .interrupted)
        var refit: RefitResult?
        var testScores: [String: Double]?
        if stop?.kind == .budget {
            // The budget ends the search, not the experiment. These nodes are not journaled: their IDs stand
            // for the full search's selection.
            do {
                (refit, testScores) = try await finishWithTrialsDone(selection)
            } catch let failure as NodeEvaluator.RunFailure {
                throw ExperimentRunner.RunError(message: failure.message)
            }
        }
        return RunOutcome(
            experiment: experiment, graph: graph, selection: selection, refit: refit, testScores: testScores,
            timings: timings, nodesRun: timings.count, nodesReused: reused, completion: completion)
    }

    /// Refits the best of the finished trials on the training split and scores it on the test split, each
    /// from its plan parents: the selection of the trials done stands in for `select_best`, and every other
    /// parent (prepared rows, or a trial command's exported files) is taken as the run left it or computed.
    private func finishWithTrialsDone(_ selection: Selection) async throws -> (RefitResult?, [String: Double]?) {
        guard let refitNode = graph.nodes.first(where: { $0.task is RefitNode }) else { return (nil, nil) }
        var known: [ContentHash: NodeOutput] = [:]
        if let selectNode = graph.nodes.first(where: { $0.task is SelectBestNode }) {
            known[selectNode.id] = NodeOutput(SelectBestNode(), value: selection)
        }
        let refit = try await evaluator.evaluate(
            refitNode, inputs: try await parentOutputs(of: refitNode, known: known))
        let result = refit.value(of: RefitNode.self) ?? nil
        guard let testNode = graph.nodes.first(where: { $0.task is EvaluateTestNode }) else { return (result, nil) }
        known[refitNode.id] = refit
        let scores = try await evaluator.evaluate(testNode, inputs: try await parentOutputs(of: testNode, known: known))
        return (result, scores.value(of: EvaluateTestNode.self) ?? nil)
    }

    /// `node`'s parents' outputs: from `known`, else as the run left them or computed now.
    private func parentOutputs(of node: PlanNode, known: [ContentHash: NodeOutput]) async throws -> [NodeOutput] {
        let position = graph.indexByID()
        var inputs: [NodeOutput] = []
        for parent in node.parents {
            if let output = known[parent] {
                inputs.append(output)
            } else if let index = position[parent] {
                inputs.append(try await output(of: graph.nodes[index]))
            }
        }
        return inputs
    }

    /// A node's output: as the run left it, or computed now from its parents' (which the run left, or which
    /// are computed in turn).
    private func output(of node: PlanNode) async throws -> NodeOutput {
        let position = graph.indexByID()
        if let index = position[node.id], let known = outputs[index] { return known }
        var inputs: [NodeOutput] = []
        for parent in node.parents {
            guard let index = position[parent] else { continue }
            inputs.append(try await output(of: graph.nodes[index]))
        }
        return try await evaluator.evaluate(node, inputs: inputs)
    }
}
