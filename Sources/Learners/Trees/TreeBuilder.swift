import HyperplanCore

/// The target a tree is grown for.
enum TreeTarget: Sendable {
    case classes(labels: [Int32], classCount: Int)
    case values([Double])

    /// Numbers per node value: class fractions, or one mean or median.
    var valueWidth: Int {
        switch self {
        case .classes(_, let classCount): return classCount
        case .values: return 1
        }
    }
}

/// Grows one CART tree as scikit-learn's `DepthFirstTreeBuilder` (or `BestFirstTreeBuilder` when
/// `max_leaf_nodes` is set) with the `best` splitter does.
enum TreeBuilder {
    /// A tree over `rows` (ascending training row indices with positive weight), with `weights` per training
    /// row (`nil` for all 1; a forest passes bootstrap counts). Feature orders are drawn from `sampler` when
    /// `limits.maxFeatures` is below the feature count, or always when `drawsEveryOrder` is set (as
    /// scikit-learn does; tests use it with scikit-learn's own generator).
    ///
    /// - Complexity: O(Σ over nodes of samples × features examined): a gather, a radix sort and a scan each.
    static func grow<Sampler: FeatureSampler>(
        data: TreeTrainingSet, criterion: TreeCriterion, rows: [Int32], weights: [Double]?, limits: TreeLimits,
        sampler: inout Sampler, drawsEveryOrder: Bool = false
    ) -> TreeStructure {
        let width = data.target.valueWidth
        guard !rows.isEmpty else { return TreeStructure(valueWidth: width, featureCount: data.featureCount) }
        let weightBuffer = weights.map { weights -> UnsafeMutableBufferPointer<Double> in
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: weights.count)
            _ = buffer.initialize(from: weights)
            return buffer
        }
        defer { weightBuffer?.deallocate() }
        let weightsRead = weightBuffer.map { UnsafeBufferPointer($0) }
        let layout = TreeDataLayout(data)
        switch data.target {
        case .classes(_, let classCount):
            let scan = ClassificationCriterion(
                labels: data.labels, weights: weightsRead, classCount: classCount,
                capacity: rows.count, entropy: criterion == .entropy)
            return run(scan, layout, rows, limits, width, &sampler, drawsEveryOrder)
        case .values:
            let values = data.values
            if criterion == .absoluteError {
                let scan = AbsoluteErrorCriterion(targets: values, weights: weightsRead, capacity: rows.count)
                return run(scan, layout, rows, limits, width, &sampler, drawsEveryOrder)
            }
            let scan = MeanCriterion(
                targets: values, weights: weightsRead, capacity: rows.count, poisson: criterion == .poisson)
            return run(scan, layout, rows, limits, width, &sampler, drawsEveryOrder)
        }
    }

    /// Grows the tree with a concrete criterion: the generic growth code is specialised once per criterion.
    private static func run<Criterion: SplitCriterion, Sampler: FeatureSampler>(
        _ criterion: Criterion, _ layout: TreeDataLayout, _ rows: [Int32], _ limits: TreeLimits, _ width: Int,
        _ sampler: inout Sampler, _ drawsEveryOrder: Bool
    ) -> TreeStructure {
        var grower = TreeGrower(
            criterion: criterion, layout: layout, rows: rows, limits: limits, valueWidth: width, sampler: sampler,
            drawsEveryOrder: drawsEveryOrder)
        defer { grower.deallocate() }
        if let maxLeafNodes = limits.maxLeafNodes {
            grower.growBestFirst(maxLeafNodes: maxLeafNodes)
        } else {
            grower.growDepthFirst()
        }
        sampler = grower.sampler
        return grower.tree
    }
}

/// Pointers into a `TreeTrainingSet`, copied out once so the split search reads no class properties; valid
/// while the set is alive.
struct TreeDataLayout {
    var ranks: UnsafePointer<UInt32>
    var rowRanks: UnsafePointer<UInt32>
    var levels: UnsafePointer<Float>
    var levelStart: UnsafePointer<Int>
    var closeToPrevious: UnsafePointer<UInt64>
    var rowCount: Int
    var featureCount: Int

    init(_ data: TreeTrainingSet) {
        ranks = UnsafePointer(data.ranks)
        rowRanks = UnsafePointer(data.rowRanks)
        levels = UnsafePointer(data.levels)
        levelStart = UnsafePointer(data.levelStart)
        closeToPrevious = UnsafePointer(data.closeToPrevious)
        rowCount = data.rowCount
        featureCount = data.featureCount
    }
}
