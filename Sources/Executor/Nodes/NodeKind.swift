import HyperplanCore
import Planner

/// One kind of plan node: which parents' outputs it reads, how it computes its own, and how that output is
/// journaled and rebuilt on resume. Each kind is one file in this folder, conforming the planner's task type
/// (`extension FitScoreNode: NodeKind`); the executor finds it by the type of a node's task.
///
/// A kind computes only from its parents' outputs, the experiment and a generator keyed by the node's ID, so
/// its output never depends on `-j`, finishing order or resuming.
protocol NodeKind: Sendable {
    /// What the node hands its children.
    associatedtype Output: Sendable
    /// The output's journal record, written and read through `CanonicalCoding`.
    associatedtype Record: Codable

    /// Computes the node. `node` is the plan node (its ID keys the node's random generator).
    ///
    /// - Throws: `NodeEvaluator.RunFailure` for failures that end the run; a failed trial is an output.
    func evaluate(_ node: PlanNode, inputs: NodeInputs, in evaluator: NodeEvaluator) async throws -> Output

    /// The output as a journal record: enough for `restore` to rebuild it without running the node again.
    func record(_ output: Output) -> Record

    /// The output rebuilt from its journal record and the parents' restored outputs (those restored so far:
    /// `inputs.isComplete` says whether all are); `nil` when the record does not suffice. A rebuilt output
    /// equals the original bit for bit, so a resumed run writes the same results.
    func restore(_ record: Record, inputs: NodeInputs, in evaluator: NodeEvaluator) -> Output?

    /// Whether the output may be dropped once every node that reads it has finished (large intermediate data).
    static var isReleasable: Bool { get }

    /// Whether the node is work to time and to run in a worker slot of a batch's shared pool (every kind but
    /// the bundle write, which only hands the outcome on).
    static var isWork: Bool { get }
}

extension NodeKind {
    func restore(_ record: Record, inputs: NodeInputs, in evaluator: NodeEvaluator) -> Output? { nil }

    static var isReleasable: Bool { false }

    static var isWork: Bool { true }

    /// Evaluates the node and wraps its output for the scheduler.
    func output(of node: PlanNode, inputs: NodeInputs, in evaluator: NodeEvaluator) async throws -> NodeOutput {
        NodeOutput(self, value: try await evaluate(node, inputs: inputs, in: evaluator))
    }

    /// Restores the node's output from its journal record, wrapped for the scheduler; `nil` when the record is
    /// not one of this kind's (a damaged or older journal: the node runs again).
    func restoredOutput(_ json: JSONValue, inputs: NodeInputs, in evaluator: NodeEvaluator) -> NodeOutput? {
        guard let record = try? CanonicalCoding.decode(Record.self, from: json) else { return nil }
        return restore(record, inputs: inputs, in: evaluator).map { NodeOutput(self, value: $0) }
    }
}

/// A finished node's output, whatever its kind, as the scheduler keeps it and hands it to the children.
struct NodeOutput: Sendable {
    /// The kind that produced it.
    let kind: ObjectIdentifier
    let value: any Sendable
    let isReleasable: Bool
    private let makeRecord: @Sendable () -> JSONValue

    init<Kind: NodeKind>(_ nodeKind: Kind, value: Kind.Output) {
        kind = ObjectIdentifier(Kind.self)
        self.value = value
        isReleasable = Kind.isReleasable
        makeRecord = { nodeKind.record(value).canonicalJSON }
    }

    /// The output as its journal record.
    var record: JSONValue { makeRecord() }

    /// The output if `Kind` produced it.
    func value<Kind: NodeKind>(of _: Kind.Type) -> Kind.Output? {
        kind == ObjectIdentifier(Kind.self) ? value as? Kind.Output : nil
    }
}

/// A node's parents' outputs, looked up by the kind that produced them.
struct NodeInputs: Sendable {
    private let outputs: [NodeOutput]
    /// Whether every parent's output is here (always, when a node runs; not always when it is restored).
    let isComplete: Bool

    init(_ outputs: [NodeOutput?]) {
        self.outputs = outputs.compactMap { $0 }
        isComplete = self.outputs.count == outputs.count
    }

    /// The output of the one parent of kind `Kind`, if there is one.
    func optional<Kind: NodeKind>(_ kind: Kind.Type) -> Kind.Output? {
        for output in outputs { if let value = output.value(of: kind) { return value } }
        return nil
    }

    /// The output of the parent of kind `Kind`, which the planner always gives this node.
    ///
    /// - Throws: `NodeEvaluator.RunFailure` if there is none (a planner defect, not a user error).
    func required<Kind: NodeKind>(_ kind: Kind.Type) throws -> Kind.Output {
        guard let value = optional(kind) else {
            throw NodeEvaluator.RunFailure(message: "internal error: no \(Kind.self) output among the node's inputs")
        }
        return value
    }

    /// The outputs of every parent of kind `Kind`, in the parents' order.
    func all<Kind: NodeKind>(_ kind: Kind.Type) -> [Kind.Output] {
        outputs.compactMap { $0.value(of: kind) }
    }
}
