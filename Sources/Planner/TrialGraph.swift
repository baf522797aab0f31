import HyperplanCore
import Search

/// The compiled experiment: every node of the trial DAG in topological order, and the trials it evaluates.
public struct TrialGraph: Sendable {
    /// One configuration to evaluate. Identical proposals are merged into one trial.
    public struct Trial: Sendable, Hashable {
        public var index: Int
        public var configuration: Configuration
        /// The full hyperparameters of the model for this trial (fixed ones and searched ones).
        public var hyperparameters: Hyperparameters
        /// The training schedule's options for this trial, for learners trained by gradient descent.
        public var schedule: Hyperparameters?
        /// How many times the strategy proposed this configuration.
        public var proposals: Int
    }

    /// Nodes in topological order: every node comes after its parents.
    public var nodes: [PlanNode]
    public var trials: [Trial]
    public var foldCount: Int
    /// The experiment's identity hash (`Experiment.identity`).
    public var experimentIdentity: ContentHash

    /// The position of each node in `nodes`, by ID.
    public func indexByID() -> [ContentHash: Int] {
        var index: [ContentHash: Int] = [:]
        for (position, node) in nodes.enumerated() { index[node.id] = position }
        return index
    }

    /// The number of nodes of each kind, in pipeline order, leaving out absent kinds.
    public var countsByKind: [(kind: String, count: Int)] {
        var counts: [String: Int] = [:]
        for node in nodes { counts[node.task.kind, default: 0] += 1 }
        return NodeTask.kinds.compactMap { kind in counts[kind].map { (kind, $0) } }
    }

    /// The longest chain of dependent nodes: no schedule can finish in fewer sequential steps.
    ///
    /// - Complexity: O(nodes + edges).
    public var criticalPath: [PlanNode] {
        let index = indexByID()
        var length = [Int](repeating: 1, count: nodes.count)
        var previous = [Int?](repeating: nil, count: nodes.count)
        for (position, node) in nodes.enumerated() {
            for parent in node.parents {
                guard let parentPosition = index[parent] else { continue }
                if length[parentPosition] + 1 > length[position] {
                    length[position] = length[parentPosition] + 1
                    previous[position] = parentPosition
                }
            }
        }
        guard var current = length.indices.max(by: { length[$0] < length[$1] }) else { return [] }
        var path = [nodes[current]]
        while let parent = previous[current] {
            path.append(nodes[parent])
            current = parent
        }
        return path.reversed()
    }
}
