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

/// The steps `decision_tree` and `random_forest` share: checking and laying out the training data, and
/// turning leaf values into predictions.
enum TreeFitting {
    /// The training set and target for `criterion`.
    ///
    /// - Throws: `FitFailure` for no rows or features, a target of the wrong kind for the criterion, non-finite
    ///   values, or (Poisson) negative targets or a non-positive target sum.
    static func prepare(features: Matrix, targets: Targets, criterion: TreeCriterion, learner: String)
        throws(FitFailure) -> TreeTrainingSet
    {
        guard features.rows > 0 else { throw FitFailure("no training rows") }
        guard features.rows < Int(Int32.max) else { throw FitFailure("more than 2³¹ − 1 training rows") }
        guard features.columns > 0 else { throw FitFailure("no feature columns") }
        guard targets.count == features.rows else {
            throw FitFailure("\(targets.count) targets for \(features.rows) rows")
        }
        let target: TreeTarget
        switch (targets, criterion.task) {
        case (.classes(let labels, let classCount), .classification):
            guard classCount > 0, labels.allSatisfy({ $0 >= 0 && $0 < classCount }) else {
                throw FitFailure("class labels out of range")
            }
            target = .classes(labels: labels.map { Int32($0) }, classCount: classCount)
        case (.values(let values), .regression):
            guard values.allSatisfy(\.isFinite) else { throw FitFailure("training targets contain non-finite values") }
            if criterion == .poisson {
                guard values.allSatisfy({ $0 >= 0 }) else {
                    throw FitFailure("criterion 'poisson' needs targets ≥ 0")
                }
                guard values.reduce(0, +) > 0 else {
                    throw FitFailure("criterion 'poisson' needs a positive target sum")
                }
            }
            target = .values(values)
        case (.classes, _):
            throw FitFailure("criterion '\(criterion.rawValue)' of \(learner) needs a numeric target")
        case (.values, _):
            throw FitFailure("criterion '\(criterion.rawValue)' of \(learner) needs class labels")
        }
        return try TreeTrainingSet(features: features, target: target)
    }

    /// Adds each row's leaf value of `tree` to `sums` (rows × value width). Rows of a matrix with fewer columns
    /// than the tree was grown on get NaN (fitted models are only given their training columns).
    ///
    /// - Complexity: O(rows × depth).
    static func accumulate(_ tree: TreeStructure, features: Matrix, into sums: inout [Double]) {
        let width = tree.valueWidth, columns = features.columns
        guard columns >= tree.featureCount, !tree.nodes.isEmpty else {
            for index in sums.indices { sums[index] = .nan }
            return
        }
        features.storage.withUnsafeBufferPointer { x in
            tree.nodes.withUnsafeBufferPointer { nodes in
                tree.values.withUnsafeBufferPointer { values in
                    sums.withUnsafeMutableBufferPointer { out in
                        guard let x = x.baseAddress, let nodes = nodes.baseAddress else { return }
                        for row in 0..<features.rows {
                            let leaf = tree.leaf(of: x + row * columns, nodes: nodes)
                            for k in 0..<width { out[row * width + k] += values[leaf * width + k] }
                        }
                    }
                }
            }
        }
    }

    /// Predictions from summed leaf values: class fractions divided by `divisor` with the first most probable
    /// class as the label, or values divided by `divisor`.
    static func predictions(sums: [Double], rows: Int, width: Int, task: TaskKind, divisor: Double) -> Predictions {
        var sums = sums
        if divisor != 1 {
            for index in sums.indices { sums[index] /= divisor }
        }
        guard task == .classification else { return .values(sums) }
        var labels = [Int](repeating: 0, count: rows)
        for row in 0..<rows {
            var best = 0
            for k in 1..<max(width, 1) where sums[row * width + k] > sums[row * width + best] { best = k }
            labels[row] = best
        }
        return .classes(labels: labels, probabilities: Matrix(rows: rows, columns: width, storage: sums))
    }
}
