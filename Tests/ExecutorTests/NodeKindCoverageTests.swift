import ExperimentSpec
import Planner
import Testing

@testable import Executor

/// Node kinds are found by their task's type, not listed: this plans experiments that between them make every
/// kind, and checks that each task the planner makes has its evaluation (`NodeKind`) in the executor.
@Suite("Node kind coverage")
struct NodeKindCoverageTests {
    /// An adaptive search with a test split and preprocessing, and a trial command on preprocessed folds.
    static let experiments = [
        """
        name: every-learner-kind
        dataset: {source: builtin:iris, target: species, test_size: 0.2, preprocess: [standardize]}
        model: {type: logistic_regression, C: {loguniform: [0.01, 100]}}
        cv: {scheme: kfold, folds: 2}
        search: {strategy: tpe, trials: 3, metric: accuracy}
        """,
        """
        name: every-command-kind
        dataset: {source: builtin:iris, target: species, test_size: 0.2, preprocess: [standardize]}
        model:
          type: command
          run: [sh, -c, 'echo "{{\\"loss\\": $1}}"', sh, "{lr}", "{train}"]
          params: {lr: {choice: [1, 2]}}
        cv: {scheme: kfold, folds: 2}
        search: {strategy: grid, metric: loss, goal: minimize}
        """,
    ]

    @Test("every task the planner makes has an evaluation, and these experiments make every kind")
    func everyKindEvaluates() throws {
        var kinds: Set<String> = []
        for yaml in Self.experiments {
            let graph = try Planner.plan(try PipelineHarness.load(yaml).experiment)
            for node in graph.nodes {
                #expect((try? NodeEvaluator.kind(of: node)) != nil, "\(node.task.label) has no NodeKind")
                kinds.insert(node.task.kind)
            }
        }
        #expect(
            kinds == [
                LoadDataNode.kind, SplitTestNode.kind, MakeFoldsNode.kind, FitPreprocessingNode.kind,
                ExportFoldNode.kind, SuggestNode.kind, FitScoreNode.kind, AggregateNode.kind, SelectBestNode.kind,
                RefitNode.kind, EvaluateTestNode.kind, WriteBundleNode.kind,
            ])
    }
}
