import HyperplanCore
import Planner

/// What a run takes over from the journal: the nodes whose records restore their outputs, and the nodes that
/// must run to finish the bundle — the bundle node and, transitively, every parent of a node that runs unless
/// that parent is restored.
struct ResumePlan: Sendable {
    let graph: TrialGraph
    /// Restored outputs by node position.
    let restored: [Int: NodeOutput]
    /// Positions of the nodes to run.
    let toRun: Set<Int>

    init(graph: TrialGraph, evaluator: NodeEvaluator, journal: [ContentHash: JSONValue]) {
        self.graph = graph
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
        self.restored = restored
        self.toRun = toRun
    }

    /// The number of trials restored whole.
    var restoredTrials: Int {
        restored.values.filter { $0.value(of: AggregateNode.self) != nil }.count
    }

    /// Copies the records restored from elsewhere (a sibling bundle's journal) into this bundle's journal, and
    /// reports the resumption.
    func announce(to options: ExperimentRunner.Options) {
        for (index, output) in restored.sorted(by: { $0.key < $1.key })
        where !options.recorded.contains(graph.nodes[index].id) {
            options.recorder?.record(graph.nodes[index], output: output.record)
        }
        if !restored.isEmpty {
            options.progress?(.resumed(restoredNodes: restored.count, restoredTrials: restoredTrials))
        }
    }
}
