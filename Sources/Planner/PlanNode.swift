package import HyperplanCore

/// What a plan node does: one type per node kind, declared beside the planner stage that places it, with the
/// coordinates that tell its nodes apart (`FitScoreNode(trial: 3, fold: 1)`).
///
/// The executor gives each of these types its evaluation (`NodeKind`, one file per kind in
/// `Sources/Executor/Nodes/`) and finds it by the task's type, so no list of kinds is kept anywhere else.
package protocol NodeTask: Sendable, Hashable {
    /// The kind's name, as in `plan --format json`, the journal and the docs.
    static var kind: String { get }
    /// A short human label: the kind and its coordinates (`fit_score[trial 3, fold 1]`).
    var label: String { get }
}

extension NodeTask {
    /// The kind's name.
    package var kind: String { Self.kind }

    package var label: String { Self.kind }
}

/// One node of the trial DAG.
///
/// Its `id` is the SHA-256 of its kind, its canonical inputs, its parents' IDs and the tool version, so
/// the same work always has the same ID; later stages cache and resume by it.
package struct PlanNode: Sendable, Hashable {
    package var id: ContentHash
    package var task: any NodeTask
    package var parents: [ContentHash]
    /// The node's own inputs (what it computes from, beyond its parents' outputs), in canonical JSON.
    package var inputs: JSONValue

    package init(task: any NodeTask, inputs: JSONValue, parents: [ContentHash]) {
        self.task = task
        self.inputs = inputs
        self.parents = parents
        id = ContentHash(
            json: .object([
                "kind": .string(task.kind),
                "inputs": inputs,
                "parents": .array(parents.map { .string($0.hex) }),
                "hyperplan_version": .string(HyperplanVersion.current),
            ]))
    }

    package var json: JSONValue {
        .object([
            "id": .string(id.hex),
            "kind": .string(task.kind),
            "label": .string(task.label),
            "parents": .array(parents.map { .string($0.hex) }),
            "inputs": inputs,
        ])
    }

    package static func == (lhs: PlanNode, rhs: PlanNode) -> Bool {
        lhs.id == rhs.id && lhs.parents == rhs.parents && lhs.inputs == rhs.inputs
            && AnyHashable(lhs.task) == AnyHashable(rhs.task)
    }

    package func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
