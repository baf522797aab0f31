import Foundation
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
///    Optuna's settings: `trees` trees (64), `max_depth` `maxDepth` (64), every feature examined at each split
///    in a random order (so that exact ties go to a random feature, as in scikit-learn), bootstrap samples of as
///    many rows as there are, squared error, `min_samples_split` 2, `min_samples_leaf` 1.
///    The trees are grown by `Learners`' `RandomForest`, whose splits match scikit-learn's, in parts of
///    `treesPerPart`: part p is a forest fitted under the key `fanova/part/p`, so its tree j draws its bootstrap
///    sample and feature orders from `SeededGenerator(seed: seed, key: "fanova/part/p/tree/j")`, whether the
///    parts are grown one after another or in parallel. The random numbers cannot match scikit-learn's: the
///    result is one more draw from the distribution Optuna's seeds sample.
/// 3. Each tree is a piecewise-constant function on the search box. Its variance over the box (uniform
///    measure) is the leaves' volume-weighted variance; a parameter's share is the variance of the tree's
///    marginal over that parameter's columns (the other columns averaged out) divided by the tree's variance.
///    Trees of zero variance are skipped.
/// 4. A parameter's importance is its share averaged over the trees, and the importances are divided by their
///    sum (equal shares when the sum is 0), as `optuna.importance.get_param_importances` normalises them.
///
/// See `FanovaTree` and `FanovaTree+Marginal.swift` for how the variances are computed without walking each
/// tree once per grid point as Optuna does.
package enum FANOVA {
    /// The importance of each dimension, non-negative and summing to 1, in dimension order; the trees are
    /// grown one after another on the calling thread (`importancesInParallel` grows them in parallel and
    /// returns the same numbers).
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
    ///   - trees: The number of trees (values below 1 count as 1).
    ///   - maxDepth: The deepest level a node may be split at (values below 1 count as 1).
    /// - Throws: `ImportanceError` for inconsistent input, fewer than two finite scores, no dimension with more
    ///   than one value, or a constant objective (where Optuna raises).
    /// - Complexity: growing the trees, O(trees × rows × columns × depth), dominates; the variance
    ///   decomposition is O(trees × leaves × columns) for numeric dimensions, plus for a categorical of c
    ///   choices up to O(2^c) per tree (see `FanovaTree.MarginalMethod`).
    package static func importances(
        dimensions: [ImportanceDimension], rows: [[Double]], scores: [Double], seed: UInt64, trees: Int = 64,
        maxDepth: Int = 64
    ) throws(ImportanceError) -> [Double] {
        guard !dimensions.isEmpty else { return [] }
        let data = try ImportanceData(dimensions: dimensions, rows: rows, scores: scores)
        var shares: [[Double]?] = []
        for part in parts(trees: trees) {
            shares += try treeShares(data, seed: seed, part: part, maxDepth: maxDepth)
        }
        return try combine(shares, data: data, dimensionCount: dimensions.count)
    }

    /// The same importances as `importances`, bit for bit, with the trees grown and decomposed in parallel: at
    /// most `ProcessInfo.activeProcessorCount` at a time, in a bounded task group. (A separate name rather than
    /// an `async` overload, which Swift would prefer in every async context, turning synchronous calls there
    /// into errors.)
    ///
    /// - Throws: `ImportanceError`, as `importances`.
    /// - Complexity: as `importances`, divided among the cores.
    package static func importancesInParallel(
        dimensions: [ImportanceDimension], rows: [[Double]], scores: [Double], seed: UInt64, trees: Int = 64,
        maxDepth: Int = 64
    ) async throws(ImportanceError) -> [Double] {
        guard !dimensions.isEmpty else { return [] }
        let data = try ImportanceData(dimensions: dimensions, rows: rows, scores: scores)
        let parts = parts(trees: trees)
        let slots = max(1, min(ProcessInfo.processInfo.activeProcessorCount, parts.count))
        let results = await withTaskGroup(of: (Int, Result<[[Double]?], ImportanceError>).self) { group in
            var results = [Result<[[Double]?], ImportanceError>](repeating: .success([]), count: parts.count)
            var next = 0
            func start() {
                let index = next, part = parts[index]
                next += 1
                group.addTask {
                    do throws(ImportanceError) {
                        return (index, .success(try treeShares(data, seed: seed, part: part, maxDepth: maxDepth)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            while next < slots { start() }
            while let (index, result) = await group.next() {
                results[index] = result
                if next < parts.count { start() }
            }
            return results
        }
        var shares: [[Double]?] = []
        for result in results { shares += try result.get() }
        return try combine(shares, data: data, dimensionCount: dimensions.count)
    }

    /// How many trees a part grows: one forest fit per part, so that the training set is laid out once per part
    /// rather than once per tree, and parts run in parallel.
    static var treesPerPart: Int { 8 }

    /// The parts of a forest of `trees` trees: part p is trees p × `treesPerPart` ..< (p + 1) × `treesPerPart`.
    static func parts(trees: Int) -> [(index: Int, trees: Int)] {
        let total = max(trees, 1)
        return stride(from: 0, to: total, by: treesPerPart).map { ($0 / treesPerPart, min(treesPerPart, total - $0)) }
    }

    /// Each tree's share of each searched dimension (the variance of its marginal over the tree's variance),
    /// or `nil` for a tree of zero variance (a single leaf), for the trees of one part.
    ///
    /// - Throws: `ImportanceError.modelFailed` when the trees cannot be grown.
    static func treeShares(
        _ data: ImportanceData, seed: UInt64, part: (index: Int, trees: Int), maxDepth: Int
    ) throws(ImportanceError) -> [[Double]?] {
        try grow(data, seed: seed, part: part, maxDepth: maxDepth).map { table in
            let tree = FanovaTree(table, bounds: data.bounds)
            guard tree.variance > 0 else { return nil }
            return data.groups.map { tree.marginalVariance(of: $0) / tree.variance }
        }
    }

    /// The trees of one part, grown as scikit-learn's `RandomForestRegressor` grows its trees with Optuna's
    /// settings.
    ///
    /// - Throws: `ImportanceError.modelFailed` when the trees cannot be grown.
    static func grow(_ data: ImportanceData, seed: UInt64, part: (index: Int, trees: Int), maxDepth: Int)
        throws(ImportanceError) -> [TreeNodeTable]
    {
        let hyperparameters = Hyperparameters([
            "n_estimators": .int(part.trees), "max_depth": .int(max(maxDepth, 1)),
            "criterion": .string("squared_error"), "max_features": .string("none"), "bootstrap": .bool(true),
            "min_samples_split": .int(2), "min_samples_leaf": .int(1),
        ])
        // scikit-learn visits the features in a random order at every split, also when it examines all of them.
        var learner = RandomForest(hyperparameters: hyperparameters, task: .regression)
        learner.drawsEveryFeatureOrder = true
        let fitted: any FittedModel
        do {
            fitted = try learner.fit(
                features: data.features, targets: .values(data.scores),
                context: FitContext(seed: seed, key: "fanova/part/\(part.index)"))
        } catch {
            throw .modelFailed(error.reason)
        }
        guard let forest = fitted as? FittedRandomForest else { throw .modelFailed("the forest has no trees") }
        return forest.nodeTables
    }

    /// The importances from every tree's shares (in tree order, so the sum does not depend on which tree
    /// finished first): the mean over trees of nonzero variance, normalised.
    ///
    /// - Throws: `ImportanceError.constantObjective` when every tree has zero variance.
    static func combine(_ shares: [[Double]?], data: ImportanceData, dimensionCount: Int) throws(ImportanceError)
        -> [Double]
    {
        var sums = [Double](repeating: 0, count: data.groups.count)
        var used = 0
        for case let tree? in shares {
            used += 1
            for index in sums.indices { sums[index] += tree[index] }
        }
        guard used > 0 else { throw .constantObjective }
        var importances = [Double](repeating: 0, count: dimensionCount)
        for (index, dimension) in data.searched.enumerated() { importances[dimension] = sums[index] / Double(used) }
        return normalized(importances)
    }

    /// `importances` divided by their sum, or equal shares when they sum to 0 (as Optuna normalises).
    static func normalized(_ importances: [Double]) -> [Double] {
        let total = importances.reduce(0, +)
        guard total > 0 else { return importances.map { _ in 1 / Double(importances.count) } }
        return importances.map { $0 / total }
    }
}
