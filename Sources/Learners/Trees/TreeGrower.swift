import HyperplanCore

/// The state of growing one tree: the training rows partitioned by node, scratch buffers for the split
/// search, the criterion and the tree so far. Buffers are allocated once per tree and freed by `deallocate`.
struct TreeGrower<Criterion: SplitCriterion, Sampler: FeatureSampler> {
    static var featureThreshold: Float { TreeTrainingSet.featureThreshold }
    /// scikit-learn's `EPSILON` in `_tree.pyx`: impurity at most this is zero.
    static var impurityEpsilon: Double { Double.ulpOfOne }
    /// Nodes with fewer than 1/16 of the training rows gather ranks row by row (measured best among 1/1 to
    /// 1/64 on 80,000 × 50).
    static var sparseRatio: Int { 16 }

    var criterion: Criterion
    let layout: TreeDataLayout
    let limits: TreeLimits
    var sampler: Sampler
    /// Whether features are drawn in random order even when all of them are examined.
    let drawsEveryOrder: Bool
    var tree: TreeStructure
    let sampleCount: Int
    let rows: UnsafeMutablePointer<Int32>
    let rowScratch: UnsafeMutablePointer<Int32>
    let keys: UnsafeMutablePointer<UInt64>
    let keyScratch: UnsafeMutablePointer<UInt64>
    let histogram: UnsafeMutablePointer<Int>
    /// scikit-learn's `features` and `constant_features` arrays (see `findSplit`).
    let features: UnsafeMutablePointer<Int>
    let constantFeatures: UnsafeMutablePointer<Int>
    let isConstant: UnsafeMutablePointer<Bool>
    let value: UnsafeMutablePointer<Double>
    var totalWeight = 0.0

    init(
        criterion: Criterion, layout: TreeDataLayout, rows initialRows: [Int32], limits: TreeLimits, valueWidth: Int,
        sampler: Sampler, drawsEveryOrder: Bool
    ) {
        self.criterion = criterion
        self.layout = layout
        self.limits = limits
        self.sampler = sampler
        self.drawsEveryOrder = drawsEveryOrder
        tree = TreeStructure(valueWidth: valueWidth, featureCount: layout.featureCount)
        sampleCount = initialRows.count
        let capacity = max(sampleCount, 1)
        let rows = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        initialRows.withUnsafeBufferPointer { source in
            for index in source.indices { rows[index] = source[index] }
        }
        self.rows = rows
        rowScratch = .allocate(capacity: capacity)
        keys = .allocate(capacity: capacity)
        keyScratch = .allocate(capacity: capacity)
        histogram = .allocate(capacity: RankSort.histogramCapacity)
        let featureCount = max(layout.featureCount, 1)
        features = .allocate(capacity: featureCount)
        constantFeatures = .allocate(capacity: featureCount)
        isConstant = .allocate(capacity: featureCount)
        for feature in 0..<layout.featureCount {
            features[feature] = feature
            constantFeatures[feature] = feature
            isConstant[feature] = false
        }
        value = .allocate(capacity: max(valueWidth, 1))
    }

    func deallocate() {
        criterion.deallocate()
        rows.deallocate()
        rowScratch.deallocate()
        keys.deallocate()
        keyScratch.deallocate()
        histogram.deallocate()
        features.deallocate()
        constantFeatures.deallocate()
        isConstant.deallocate()
        value.deallocate()
    }

    // MARK: - Growth orders

    /// scikit-learn's `DepthFirstTreeBuilder`: a stack of nodes, the left child taken first.
    mutating func growDepthFirst() {
        var stack = [
            PendingTreeNode(
                start: 0, end: sampleCount, depth: 0, parent: nil, isLeft: false, impurity: nil, constants: 0)
        ]
        while let pending = stack.popLast() {
            let (_, split, constants) = evaluate(pending)
            guard let split else { continue }
            stack.append(
                PendingTreeNode(
                    start: split.position, end: pending.end, depth: pending.depth + 1, parent: tree.nodeCount - 1,
                    isLeft: false, impurity: split.impurityRight, constants: constants))
            stack.append(
                PendingTreeNode(
                    start: pending.start, end: split.position, depth: pending.depth + 1, parent: tree.nodeCount - 1,
                    isLeft: true, impurity: split.impurityLeft, constants: constants))
        }
    }

    /// scikit-learn's `BestFirstTreeBuilder`: every node's best split is found when the node is added; the
    /// frontier node with the largest improvement is expanded next, until `maxLeafNodes` leaves. Equal
    /// improvements are expanded in node order. Known constant features are not passed on, as in scikit-learn.
    mutating func growBestFirst(maxLeafNodes: Int) {
        var frontier = FrontierHeap()
        var splitsLeft = maxLeafNodes - 1
        let root = evaluate(
            PendingTreeNode(
                start: 0, end: sampleCount, depth: 0, parent: nil, isLeft: false, impurity: nil, constants: 0))
        frontier.push(FrontierNode(node: root.node, depth: 0, start: 0, end: sampleCount, split: root.split))
        while let next = frontier.pop() {
            guard let split = next.split, splitsLeft > 0 else {
                if next.split != nil { tree.makeLeaf(next.node) }
                continue
            }
            splitsLeft -= 1
            let left = evaluate(
                PendingTreeNode(
                    start: next.start, end: split.position, depth: next.depth + 1, parent: next.node, isLeft: true,
                    impurity: split.impurityLeft, constants: 0))
            let right = evaluate(
                PendingTreeNode(
                    start: split.position, end: next.end, depth: next.depth + 1, parent: next.node, isLeft: false,
                    impurity: split.impurityRight, constants: 0))
            frontier.push(
                FrontierNode(
                    node: left.node, depth: next.depth + 1, start: next.start, end: split.position, split: left.split))
            frontier.push(
                FrontierNode(
                    node: right.node, depth: next.depth + 1, start: split.position, end: next.end, split: right.split))
        }
    }

    /// Adds the node over `rows[start..<end]`: a leaf, or a split node whose rows are partitioned into the
    /// left child's `start..<position` and the right child's `position..<end`.
    private mutating func evaluate(_ pending: PendingTreeNode) -> (node: Int, split: NodeSplit?, constants: Int) {
        let count = pending.end - pending.start
        let weight = criterion.loadNode(rows: rows + pending.start, count: count)
        if pending.parent == nil { totalWeight = weight }
        let impurity = pending.impurity ?? criterion.nodeImpurity()
        criterion.nodeValue(into: value)
        var split: NodeSplit?
        var constants = pending.constants
        let isLeaf =
            pending.depth >= limits.maxDepth || count < limits.minSamplesSplit || count < 2 * limits.minSamplesLeaf
            || impurity <= Self.impurityEpsilon
        if !isLeaf {
            (split, constants) = findSplit(
                start: pending.start, end: pending.end, weight: weight, impurity: impurity,
                knownConstants: pending.constants)
            if let found = split, found.improvement + Self.impurityEpsilon < limits.minImpurityDecrease {
                split = nil
            }
        }
        let node = tree.addNode(
            parent: pending.parent, isLeft: pending.isLeft, feature: split?.feature ?? -1,
            threshold: split?.threshold ?? 0, impurity: impurity, sampleCount: count, weightedSampleCount: weight,
            value: value)
        tree.depth = max(tree.depth, pending.depth)
        return (node, split, constants)
    }
}

/// A node waiting to be evaluated: its rows, depth, parent and the impurity its parent's split computed.
struct PendingTreeNode {
    var start: Int
    var end: Int
    var depth: Int
    var parent: Int?
    var isLeft: Bool
    /// `nil` for the root, whose impurity is computed when it is loaded.
    var impurity: Double?
    /// How many features are known to be constant in the node (the first entries of `constantFeatures`).
    var constants: Int
}

/// The split chosen for a node, its rows already partitioned at `position`.
struct NodeSplit {
    var feature: Int
    var threshold: Double
    var position: Int
    var impurityLeft: Double
    var impurityRight: Double
    /// scikit-learn's weighted impurity decrease,
    /// N_t / N × (impurity − N_R / N_t × impurity_R − N_L / N_t × impurity_L).
    var improvement: Double
}

/// The best split position found so far: samples with rank ≤ `rank` go left.
struct SplitCandidate {
    var feature = -1
    var rank: UInt32 = 0
    var threshold = 0.0
    var proxy = -Double.infinity
}
