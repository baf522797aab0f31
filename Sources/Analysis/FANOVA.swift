import HyperplanCore
import Learners

/// Hyperparameter importance by functional ANOVA (Hutter, Hoos and Leyton-Brown 2014), computed as Optuna's
/// default `FanovaImportanceEvaluator` computes it.
///
/// 1. The trials' parameters are encoded as Optuna's `_SearchSpaceTransform(transform_log=False,
///    transform_step=False)` encodes them: numbers and integers as they are, bounded by [low, high];
///    categoricals one-hot, each choice a column in [0, 1]. Parameters with a single possible value are left
///    out and get importance 0.
/// 2. A random forest regressor is fitted to the scores, as scikit-learn's `RandomForestRegressor` with
///    Optuna's settings: `trees` trees (64), `max_depth` `maxDepth` (64), every feature examined at each split,
///    bootstrap samples of as many rows as there are, squared error, `min_samples_split` 2, `min_samples_leaf` 1.
///    It is `Learners`' `RandomForest`, whose splits match scikit-learn's; its random numbers come from
///    `SeededGenerator(seed: seed, key: "fanova/tree/i")` for tree i, so they cannot match scikit-learn's, and
///    the result is one more draw from the distribution Optuna's seeds sample.
/// 3. Each tree is a piecewise-constant function on the search box. Its variance over the box (uniform
///    measure) is the leaves' volume-weighted variance; a parameter's share is the variance of the tree's
///    marginal over that parameter's columns (the other columns averaged out) divided by the tree's variance.
///    Trees of zero variance are skipped.
/// 4. A parameter's importance is its share averaged over the trees, and the importances are divided by their
///    sum (equal shares when the sum is 0), as `optuna.importance.get_param_importances` normalises them.
///
/// See `FanovaTree` and `FanovaTree+Marginal.swift` for how the variances are computed without walking each
/// tree once per grid point as Optuna does.
public enum FANOVA {
    /// The importance of each dimension, non-negative and summing to 1, in dimension order.
    ///
    /// Trials whose score is not finite are left out, as Optuna leaves them out.
    ///
    /// - Parameters:
    ///   - dimensions: The searched hyperparameters present in every trial (Optuna's intersection search
    ///     space). An empty list gives an empty result.
    ///   - rows: `rows[i][d]` is trial i's value of dimension d: the number itself for a numeric or integer
    ///     dimension, the index of the choice for a categorical one.
    ///   - scores: `scores[i]` is trial i's objective value (its sign and direction do not matter).
    ///   - seed: The seed of the forest's random numbers; the same inputs and seed give the same importances.
    ///   - trees: The number of trees (at least 1).
    ///   - maxDepth: The deepest level a node may be split at (at least 1).
    /// - Throws: `ImportanceError` for inconsistent input, fewer than two finite scores, no dimension with more
    ///   than one value, or a constant objective (where Optuna raises).
    /// - Complexity: fitting the forest, O(trees × rows × columns × depth), dominates; the variance
    ///   decomposition is O(trees × leaves × columns) for numeric dimensions, plus for a categorical of c
    ///   choices O(2^c) per tree (see `FanovaTree.MarginalMethod`).
    public static func importances(
        dimensions: [ImportanceDimension], rows: [[Double]], scores: [Double], seed: UInt64, trees: Int = 64,
        maxDepth: Int = 64
    ) throws(ImportanceError) -> [Double] {
        guard !dimensions.isEmpty else { return [] }
        let data = try ImportanceData(dimensions: dimensions, rows: rows, scores: scores)
        let tables = try forest(data, seed: seed, trees: trees, maxDepth: maxDepth)
        var shares = [Double](repeating: 0, count: data.groups.count)
        var usedTrees = 0
        for table in tables {
            let tree = FanovaTree(table, bounds: data.bounds)
            guard tree.variance > 0 else { continue }
            usedTrees += 1
            for (index, group) in data.groups.enumerated() {
                shares[index] += tree.marginalVariance(of: group) / tree.variance
            }
        }
        guard usedTrees > 0 else { throw .constantObjective }
        var importances = [Double](repeating: 0, count: dimensions.count)
        for (index, dimension) in data.searched.enumerated() {
            importances[dimension] = shares[index] / Double(usedTrees)
        }
        return normalized(importances)
    }

    /// The trees of the forest fitted to `data`, with Optuna's settings for `RandomForestRegressor`.
    ///
    /// - Throws: `ImportanceError.modelFailed` when the forest cannot be fitted.
    static func forest(_ data: ImportanceData, seed: UInt64, trees: Int, maxDepth: Int) throws(ImportanceError)
        -> [TreeNodeTable]
    {
        let hyperparameters = Hyperparameters([
            "n_estimators": .int(max(trees, 1)), "max_depth": .int(max(maxDepth, 1)),
            "criterion": .string("squared_error"), "max_features": .string("none"), "bootstrap": .bool(true),
            "min_samples_split": .int(2), "min_samples_leaf": .int(1),
        ])
        let fitted: any FittedModel
        do {
            fitted = try RandomForest(hyperparameters: hyperparameters, task: .regression)
                .fit(
                    features: data.features, targets: .values(data.scores),
                    context: FitContext(seed: seed, key: "fanova"))
        } catch {
            throw .modelFailed(error.reason)
        }
        guard let forest = fitted as? FittedRandomForest else { throw .modelFailed("the forest has no trees") }
        return forest.nodeTables
    }

    /// `importances` divided by their sum, or equal shares when they sum to 0 (as Optuna normalises).
    static func normalized(_ importances: [Double]) -> [Double] {
        let total = importances.reduce(0, +)
        guard total > 0 else { return importances.map { _ in 1 / Double(importances.count) } }
        return importances.map { $0 / total }
    }
}
