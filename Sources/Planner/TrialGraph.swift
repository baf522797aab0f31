package import HyperplanCore
package import Search

/// The compiled experiment: every node of the trial DAG in topological order, and the trials it evaluates.
package struct TrialGraph: Sendable {
    /// One configuration to evaluate. Identical proposals are merged into one trial.
    package struct Trial: Sendable, Hashable {
        package var index: Int
        package var configuration: Configuration
        /// The full hyperparameters of the model for this trial (fixed ones and searched ones).
        package var hyperparameters: Hyperparameters
        /// The training schedule's options for this trial, for learners trained by gradient descent.
        package var schedule: Hyperparameters?
        /// How many times the strategy proposed this configuration.
        package var proposals: Int

        package init(
            index: Int, configuration: Configuration, hyperparameters: Hyperparameters, schedule: Hyperparameters?,
            proposals: Int
        ) {
            self.index = index
            self.configuration = configuration
            self.hyperparameters = hyperparameters
            self.schedule = schedule
            self.proposals = proposals
        }
    }

    /// How trials are sequenced while the graph runs, when an adaptive strategy suggests them or pruning
    /// judges them: each trial has a `suggest` node that sees the outcomes of the trials before it.
    package struct SequencedSearch: Sendable, Hashable {
        /// `search.strategy`.
        package var strategy: String
        /// Trial i sees the outcomes of trials 0 ..< max(0, i − concurrency + 1).
        package var concurrency: Int
        /// Whether the strategy suggests the configurations (adaptive); otherwise they are planned and the
        /// suggest nodes carry the history for pruning only.
        package var suggestsConfigurations: Bool
    }

    /// Nodes in topological order: every node comes after its parents.
    package var nodes: [PlanNode]
    /// The trials. With an adaptive strategy (`sequenced?.suggestsConfigurations`) their configurations are
    /// suggested at run time: here each has an empty configuration, the model's fixed hyperparameters and
    /// `proposals` 0.
    package var trials: [Trial]
    /// Set when trials are sequenced: every trial has a `suggest` node its fits depend on.
    package var sequenced: SequencedSearch?
    package var foldCount: Int
    /// The experiment's identity hash (`Experiment.identity`).
    package var experimentIdentity: ContentHash

    /// The position of each node in `nodes`, by ID.
    package func indexByID() -> [ContentHash: Int] {
        var index: [ContentHash: Int] = [:]
        for (position, node) in nodes.enumerated() { index[node.id] = position }
        return index
    }

    /// The number of nodes of each kind, in pipeline order, leaving out absent kinds.
    package var countsByKind: [(kind: String, count: Int)] {
        // Nodes are in topological order, so each kind first appears in pipeline order.
        var counts: [(kind: String, count: Int)] = []
        var position: [String: Int] = [:]
        for node in nodes {
            if let index = position[node.task.kind] {
                counts[index].count += 1
            } else {
                position[node.task.kind] = counts.count
                counts.append((node.task.kind, 1))
            }
        }
        return counts
    }

    /// The longest chain of dependent nodes: no schedule can finish in fewer sequential steps.
    ///
    /// - Complexity: O(nodes + edges).
    package var criticalPath: [PlanNode] {
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
