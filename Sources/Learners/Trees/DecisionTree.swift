package import HyperplanCore

/// A CART decision tree for classification or regression, grown as scikit-learn's `DecisionTreeClassifier`
/// and `DecisionTreeRegressor` with the `best` splitter grow theirs.
///
/// Each node takes the split, over the features examined and the midpoints between consecutive distinct
/// (single-precision) values, that most decreases the weighted impurity; growth stops at pure nodes and at
/// the limits of `max_depth`, `min_samples_split`, `min_samples_leaf`, `min_impurity_decrease` and
/// `max_leaf_nodes`. Classification leaves predict their class fractions, regression leaves their mean
/// (median for `absolute_error`). See docs/learners/trees.md.
package struct DecisionTree: Learner {
    package static let name = "decision_tree"
    package static let summary = "a CART decision tree for classification or regression, as scikit-learn's"
    package static let tasks: [TaskKind] = [.classification, .regression]
    package static let trainsIteratively = false
    package static var fittedModelType: any RebuildableModel.Type { FittedDecisionTree.self }
    package static let schema = OptionSchema(
        TreeGrowth.options(
            maxFeatures: TreeGrowth.maxFeaturesOption(
                words: ["none", "sqrt", "log2"], default: .string("none"),
                summary: "features examined per split: none (all), sqrt, log2, a count, or a fraction of them")))

    package static func problems(with hyperparameters: Hyperparameters, given: Set<String>, task: TaskKind)
        -> [OptionProblem]
    {
        TreeGrowth.criterionProblem(hyperparameters, task: task).map { [$0] } ?? []
    }

    /// `criterion` defaults to gini for classification and squared_error for regression, as in scikit-learn.
    package static func taskDefaults(for task: TaskKind) -> [String: ParameterValue] {
        ["criterion": .string(task == .classification ? "gini" : "squared_error")]
    }

    var growth: TreeGrowth

    package init(hyperparameters: Hyperparameters, task: TaskKind) {
        growth = TreeGrowth(hyperparameters: hyperparameters, task: task, autoMaxFeatures: .all)
    }

    package func fit(features: Matrix, targets: Targets, context: FitContext) throws(FitFailure) -> any FittedModel {
        let data = try TreeFitting.prepare(
            features: features, targets: targets, criterion: growth.criterion, learner: Self.name)
        let limits = try growth.resolved(rowCount: data.rowCount, featureCount: data.featureCount)
        var generator = context.generator("tree")
        let tree = TreeBuilder.grow(
            data: data, criterion: growth.criterion, rows: (0..<data.rowCount).map { Int32($0) }, weights: nil,
            limits: limits, sampler: &generator)
        return FittedDecisionTree(tree: tree, task: targets.task)
    }
}

/// A fitted decision tree.
package struct FittedDecisionTree: FittedModel {
    let tree: TreeStructure
    let task: TaskKind

    /// Nodes, leaves included.
    package var nodeCount: Int { tree.nodeCount }
    package var leafCount: Int { tree.leafCount }
    /// The depth of the deepest leaf.
    package var depth: Int { tree.depth }

    package func predict(_ features: Matrix) -> Predictions {
        let width = tree.valueWidth
        var output = [Double](repeating: 0, count: features.rows * width)
        TreeFitting.accumulate(tree, features: features, into: &output)
        return TreeFitting.predictions(sums: output, rows: features.rows, width: width, task: task, divisor: 1)
    }

    package var parameters: JSONValue { tree.json }

    package var report: FitReport { FitReport() }
}
