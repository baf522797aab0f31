import HyperplanCore
import Planner

/// The registry of node kinds: the type that computes each task of the plan.
enum NodeKinds {
    /// The kind that computes `task`, with the task's coordinates.
    static func kind(for task: NodeTask) -> any NodeKind {
        switch task {
        case .loadData: LoadDataNode()
        case .splitTest: SplitTestNode()
        case .makeFolds: MakeFoldsNode()
        case .fitPreprocessing(let fold): FitPreprocessingNode(fold: fold)
        case .exportFold(let fold): ExportFoldNode(fold: fold)
        case .suggest(let trial): SuggestNode(trial: trial)
        case .fitScore(let trial, let fold): FitScoreNode(trial: trial, fold: fold)
        case .aggregate(let trial): AggregateNode(trial: trial)
        case .selectBest: SelectBestNode()
        case .refit: RefitNode()
        case .evaluateTest: EvaluateTestNode()
        case .writeBundle: WriteBundleNode()
        }
    }
}

extension NodeEvaluator {
    /// Computes `node` from its parents' outputs.
    func evaluate(_ node: PlanNode, inputs: [NodeOutput]) async throws -> NodeOutput {
        try await NodeKinds.kind(for: node.task).output(of: node, inputs: NodeInputs(inputs), in: self)
    }

    /// `node`'s output rebuilt from its journal record and its parents' restored outputs (`nil` where a parent's
    /// is missing); `nil` when it cannot be.
    func restore(_ node: PlanNode, record: JSONValue, inputs: [NodeOutput?]) -> NodeOutput? {
        NodeKinds.kind(for: node.task).restoredOutput(record, inputs: NodeInputs(inputs), in: self)
    }

    /// Whether `node` is work to time and to run in a slot of a batch's shared pool.
    static func isWork(_ node: PlanNode) -> Bool {
        type(of: NodeKinds.kind(for: node.task)).isWork
    }
}
