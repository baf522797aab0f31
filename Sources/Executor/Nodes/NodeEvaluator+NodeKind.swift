import HyperplanCore
import Planner

extension NodeEvaluator {
    /// The evaluation of `node`'s task: the `NodeKind` conformance its type has in this folder.
    ///
    /// - Throws: `RunFailure` for a task type without one (a planner defect; `NodeKindCoverageTests` plans
    ///   every kind and checks that none is missing).
    static func kind(of node: PlanNode) throws -> any NodeKind {
        guard let kind = node.task as? any NodeKind else {
            throw RunFailure(message: "internal error: no evaluation for plan nodes of kind '\(node.task.kind)'")
        }
        return kind
    }

    /// Computes `node` from its parents' outputs.
    func evaluate(_ node: PlanNode, inputs: [NodeOutput]) async throws -> NodeOutput {
        try await Self.kind(of: node).output(of: node, inputs: NodeInputs(inputs), in: self)
    }

    /// `node`'s output rebuilt from its journal record and its parents' restored outputs (`nil` where a parent's
    /// is missing); `nil` when it cannot be.
    func restore(_ node: PlanNode, record: JSONValue, inputs: [NodeOutput?]) -> NodeOutput? {
        (node.task as? any NodeKind)?.restoredOutput(record, inputs: NodeInputs(inputs), in: self)
    }

    /// Whether `node` is work to time and to run in a slot of a batch's shared pool.
    static func isWork(_ node: PlanNode) -> Bool {
        (node.task as? any NodeKind).map { type(of: $0).isWork } ?? true
    }
}
