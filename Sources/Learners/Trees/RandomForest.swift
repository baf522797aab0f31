package import HyperplanCore

/// A random forest, as scikit-learn's `RandomForestClassifier` and `RandomForestRegressor`: CART trees, each
/// grown on a bootstrap sample of the rows with a random subset of the features examined at every split.
///
/// Tree i draws its bootstrap sample and then its feature orders from the stream `tree/i` of the fit, so
/// each tree is the same whatever the number of trees or the order they are built in. As in scikit-learn a
/// bootstrap sample is given to the tree as row weights (how often each row was drawn), and row counts
/// (`min_samples_leaf`, `min_samples_split`) count distinct rows. Classification averages the trees' class
/// fractions (soft voting); regression averages their predictions. Trees are built one after another: the
/// executor already runs folds and trials in parallel. See docs/learners/trees.md.
package struct RandomForest: Learner {
    package static let name = "random_forest"
    package static let summary = "a random forest of CART trees on bootstrap samples, as scikit-learn's"
    package static let tasks: [TaskKind] = [.classification, .regression]
    package static let trainsIteratively = false
    package static var fittedModelType: any RebuildableModel.Type { FittedRandomForest.self }
    package static let schema = OptionSchema(
        [
            OptionSpec(
                "n_estimators", .integer(min: 1, max: Int.max), default: .int(100), summary: "number of trees")
        ]
            + TreeGrowth.options(
                maxFeatures: TreeGrowth.maxFeaturesOption(
                    words: ["auto", "none", "sqrt", "log2"], default: .string("auto"),
                    summary: "features examined per split: none (all), sqrt, log2, a count, or a fraction of "
                        + "them; auto is sqrt for classification and 1.0 for regression"))
            + [
                OptionSpec(
                    "bootstrap", .boolean, default: .bool(true),
                    summary: "grow each tree on a bootstrap sample (otherwise on every row)"),
                OptionSpec(
                    "max_samples",
                    .union([
                        .enumeration(["none"]), .integer(min: 1, max: Int.max),
                        .real(RealBounds(lower: 0, lowerInclusive: false, upper: 1, upperInclusive: true)),
                    ]),
                    default: .string("none"),
                    summary: "rows drawn per bootstrap sample: none (as many as there are), a count, or a fraction"),
            ])

    package static func problems(with hyperparameters: Hyperparameters, given: Set<String>) -> [OptionProblem] {
        if hyperparameters.bool("bootstrap") == false, let samples = hyperparameters["max_samples"],
            samples != .string("none")
        {
            return [OptionProblem(option: "max_samples", message: "'max_samples' needs 'bootstrap: true'")]
        }
        return []
    }

    package static func problems(with hyperparameters: Hyperparameters, given: Set<String>, task: TaskKind)
        -> [OptionProblem]
    {
        problems(with: hyperparameters, given: given)
            + (TreeGrowth.criterionProblem(hyperparameters, task: task).map { [$0] } ?? [])
    }

    /// As scikit-learn: gini and `max_features: sqrt` for classification, squared_error and
    /// `max_features: 1.0` (all features) for regression.
    package static func taskDefaults(for task: TaskKind) -> [String: ParameterValue] {
        task == .classification
            ? ["criterion": .string("gini"), "max_features": .string("sqrt")]
            : ["criterion": .string("squared_error"), "max_features": .double(1.0)]
    }

    var growth: TreeGrowth
    var treeCount: Int
    var bootstrap: Bool
    var maxSamples: RowShare?
    /// Whether every split draws a random feature order even when all features are examined, as scikit-learn
    /// does, so that exact ties between features go to a random one instead of the lowest index. Off for the
    /// learner (its trees do not depend on the generator then); fANOVA turns it on to grow the trees Optuna
    /// grows, whose one-hot columns of a two-choice categorical always tie.
    package var drawsEveryFeatureOrder = false

    package init(hyperparameters: Hyperparameters, task: TaskKind) {
        growth = TreeGrowth(
            hyperparameters: hyperparameters, task: task, autoMaxFeatures: task == .classification ? .sqrt : .all)
        treeCount = hyperparameters.int("n_estimators") ?? 100
        bootstrap = hyperparameters.bool("bootstrap") ?? true
        maxSamples = hyperparameters["max_samples"].flatMap(RowShare.init)
    }

    package func fit(features: Matrix, targets: Targets, context: FitContext) throws(FitFailure) -> any FittedModel {
        let data = try TreeFitting.prepare(
            features: features, targets: targets, criterion: growth.criterion, learner: Self.name)
        let limits = try growth.resolved(rowCount: data.rowCount, featureCount: data.featureCount)
        let rowCount = data.rowCount
        let drawn: Int
        switch maxSamples {
        case nil: drawn = rowCount
        case .count(let count): drawn = count
        case .fraction(let fraction): drawn = max(Int(fraction * Double(rowCount)), 1)
        }
        let allRows = (0..<rowCount).map { Int32($0) }
        var trees: [TreeStructure] = []
        trees.reserveCapacity(treeCount)
        for index in 0..<treeCount {
            var generator = context.generator("tree/\(index)")
            var rows = allRows
            var weights: [Double]?
            if bootstrap {
                var counts = [Double](repeating: 0, count: rowCount)
                for _ in 0..<drawn { counts[generator.nextInt(below: rowCount)] += 1 }
                rows = allRows.filter { counts[Int($0)] > 0 }
                weights = counts
            }
            trees.append(
                TreeBuilder.grow(
                    data: data, criterion: growth.criterion, rows: rows, weights: weights,
                    limits: limits, sampler: &generator, drawsEveryOrder: drawsEveryFeatureOrder))
        }
        return FittedRandomForest(trees: trees, task: targets.task)
    }
}

/// A fitted random forest: its trees, whose leaf values are averaged.
package struct FittedRandomForest: FittedModel {
    let trees: [TreeStructure]
    let task: TaskKind

    package var treeCount: Int { trees.count }

    package func predict(_ features: Matrix) -> Predictions {
        let width = trees.first?.valueWidth ?? 1
        var sums = [Double](repeating: 0, count: features.rows * width)
        for tree in trees { TreeFitting.accumulate(tree, features: features, into: &sums) }
        return TreeFitting.predictions(
            sums: sums, rows: features.rows, width: width, task: task, divisor: Double(max(trees.count, 1)))
    }

    package var parameters: JSONValue {
        .object(["n_estimators": .int(trees.count), "trees": .array(trees.map(\.json))])
    }

    package var report: FitReport { FitReport() }
}
