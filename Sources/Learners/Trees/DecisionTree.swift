import HyperplanCore

/// A CART decision tree for classification or regression, grown as scikit-learn's `DecisionTreeClassifier`
/// and `DecisionTreeRegressor` with the `best` splitter grow theirs.
///
/// Each node takes the split, over the features examined and the midpoints between consecutive distinct
/// (single-precision) values, that most decreases the weighted impurity; growth stops at pure nodes and at
/// the limits of `max_depth`, `min_samples_split`, `min_samples_leaf`, `min_impurity_decrease` and
/// `max_leaf_nodes`. Classification leaves predict their class fractions, regression leaves their mean
/// (median for `absolute_error`). See docs/learners/trees.md.
public struct DecisionTree: Learner {
    public static let name = "decision_tree"
    public static let summary = "a CART decision tree for classification or regression, as scikit-learn's"
    public static let tasks: [TaskKind] = [.classification, .regression]
    public static let trainsIteratively = false
    public static var fittedModelType: any RebuildableModel.Type { FittedDecisionTree.self }
    public static let schema = OptionSchema(
        TreeGrowth.options(
            maxFeatures: TreeGrowth.maxFeaturesOption(
                words: ["none", "sqrt", "log2"], default: .string("none"),
                summary: "features examined per split: none (all), sqrt, log2, a count, or a fraction of them")))

    public static func problems(with hyperparameters: Hyperparameters, given: Set<String>, task: TaskKind)
        -> [OptionProblem]
    {
        TreeGrowth.criterionProblem(hyperparameters, task: task).map { [$0] } ?? []
    }

    /// `criterion` defaults to gini for classification and squared_error for regression, as in scikit-learn.
    public static func taskDefaults(for task: TaskKind) -> [String: ParameterValue] {
        ["criterion": .string(task == .classification ? "gini" : "squared_error")]
    }

    var growth: TreeGrowth

    public init(hyperparameters: Hyperparameters, task: TaskKind) {
        growth = TreeGrowth(hyperparameters: hyperparameters, task: task, autoMaxFeatures: .all)
    }

    public func fit(features: Matrix, targets: Targets, context: FitContext) throws(FitFailure) -> any FittedModel {
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
public struct FittedDecisionTree: FittedModel {
    let tree: TreeStructure
    let task: TaskKind

    /// Nodes, leaves included.
    public var nodeCount: Int { tree.nodeCount }
    public var leafCount: Int { tree.leafCount }
    /// The depth of the deepest leaf.
    public var depth: Int { tree.depth }

    public func predict(_ features: Matrix) -> Predictions {
        let width = tree.valueWidth
        var output = [Double](repeating: 0, count: features.rows * width)
        TreeFitting.accumulate(tree, features: features, into: &output)
        return TreeFitting.predictions(sums: output, rows: features.rows, width: width, task: task, divisor: 1)
    }

    public var parameters: JSONValue { tree.json }

    public var report: FitReport { FitReport() }
}
