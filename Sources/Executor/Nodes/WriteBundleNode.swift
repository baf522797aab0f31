import HyperplanCore
import Planner

/// That the bundle was written.
struct BundleWritten: Sendable {}

/// `write_bundle`: the run's outcome handed to the bundle sink. It is always run again (never restored), so a
/// rerun rewrites the bundle's files from the results.
extension WriteBundleNode: NodeKind {
    /// Not work of its own: not timed, and it takes no slot of a batch's shared pool.
    static var isWork: Bool { false }

    func evaluate(_ node: PlanNode, inputs: NodeInputs, in evaluator: NodeEvaluator) async throws -> BundleWritten {
        try await evaluator.writeBundle?(inputs)
        return BundleWritten()
    }

    /// Nothing: `{}`.
    struct Record: Codable {
        init() {}
        init(from decoder: any Decoder) throws { _ = try decoder.container(keyedBy: CodingKeys.self) }
        func encode(to encoder: any Encoder) throws { _ = encoder.container(keyedBy: CodingKeys.self) }
        private enum CodingKeys: CodingKey {}
    }

    func record(_: BundleWritten) -> Record { Record() }
}
