import HyperplanCore

/// The state of growing one tree: the training rows partitioned by node, scratch buffers for the split
/// search, the criterion and the tree so far. Buffers are allocated once per tree and freed by `deallocate`.
struct TreeGrower<Criterion: SplitCriterion, Sampler: FeatureSampler> {
    static var featureThreshold: Float { TreeTrainingSet.featureThreshold }
    /// scikit-learn's `EPSILON` in `_tree.pyx`: impurity at most this is zero.
    static var impurityEpsilon: Double { Double.ulpOfOne }
    static var sparseRatio: Int { 16 }

    var criterion: Criterion
    let layout: TreeDataLayout
    let limits: TreeLimits
    var sampler: Sampler
    /// Whether features are drawn in random order even when all of them are examined.
    let drawsEveryOrder: Bool
    var tree: TreeStructure
    private let sampleCount: Int
    private let rows: UnsafeMutablePointer<Int32>
    private let rowScratch: UnsafeMutablePointer<Int32>
    private let keys: UnsafeMutablePointer<UInt64>
    private let keyScratch: UnsafeMutablePointer<UInt64>
    private let histogram: UnsafeMutablePointer<Int>
    /// scikit-learn's `features` and `constant_features` arrays (see `findSplit`).
    private let features: UnsafeMutablePointer<Int>
    private let constantFeatures: UnsafeMutablePointer<Int>
    private let isConstant: UnsafeMutablePointer<Bool>
    private let value: UnsafeMutablePointer<Double>
    private var totalWeight = 0.0

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
            PendingNode(start: 0, end: sampleCount, depth: 0, parent: nil, isLeft: false, impurity: nil, constants: 0)
        ]
        while let pending = stack.popLast() {
            let (_, split, constants) = evaluate(pending)
            guard let split else { continue }
            stack.append(
                PendingNode(
                    start: split.position, end: pending.end, depth: pending.depth + 1, parent: tree.nodeCount - 1,
                    isLeft: false, impurity: split.impurityRight, constants: constants))
            stack.append(
                PendingNode(
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
            PendingNode(start: 0, end: sampleCount, depth: 0, parent: nil, isLeft: false, impurity: nil, constants: 0))
        frontier.push(FrontierNode(node: root.node, depth: 0, start: 0, end: sampleCount, split: root.split))
        while let next = frontier.pop() {
            guard let split = next.split, splitsLeft > 0 else {
                if next.split != nil { tree.makeLeaf(next.node) }
                continue
            }
            splitsLeft -= 1
            let left = evaluate(
                PendingNode(
                    start: next.start, end: split.position, depth: next.depth + 1, parent: next.node, isLeft: true,
                    impurity: split.impurityLeft, constants: 0))
            let right = evaluate(
                PendingNode(
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
    private mutating func evaluate(_ pending: PendingNode) -> (node: Int, split: NodeSplit?, constants: Int) {
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

    // MARK: - Best split of a node

    @inline(__always)
    private static func swap(_ buffer: UnsafeMutablePointer<Int>, _ i: Int, _ j: Int) {
        let held = buffer[i]
        buffer[i] = buffer[j]
        buffer[j] = held
    }

    /// The best split of `rows[start..<end]` over the features examined, with the rows partitioned by it.
    ///
    /// With `maxFeatures` below the feature count, features are drawn as scikit-learn's `node_split_best`
    /// draws them (Fisher–Yates without replacement, known constant features skipped, and drawing goes on
    /// past `maxFeatures` until a non-constant feature has been examined), from this tree's sampler.
    /// Otherwise every non-constant feature is examined in index order, so exact ties go to the lowest
    /// feature index (scikit-learn breaks them by its random feature order), unless `drawsEveryOrder`. Returns the split and the number
    /// of features now known constant, listed first in `constantFeatures`.
    private mutating func findSplit(start: Int, end: Int, weight: Double, impurity: Double, knownConstants: Int)
        -> (NodeSplit?, Int)
    {
        var best = Candidate()
        let featureCount = layout.featureCount
        var totalConstants = knownConstants
        if limits.maxFeatures >= featureCount, !drawsEveryOrder {
            for index in 0..<knownConstants { isConstant[constantFeatures[index]] = true }
            for feature in 0..<featureCount where !isConstant[feature] {
                if !examine(feature: feature, start: start, end: end, best: &best) {
                    constantFeatures[totalConstants] = feature
                    totalConstants += 1
                }
            }
            for index in 0..<knownConstants { isConstant[constantFeatures[index]] = false }
        } else {
            var unvisited = featureCount
            var visited = 0, found = 0, drawn = 0
            while unvisited > totalConstants, visited < limits.maxFeatures || visited <= found + drawn {
                visited += 1
                var draw = drawn + sampler.index(below: unvisited - found - drawn)
                if draw < knownConstants {
                    Self.swap(features, drawn, draw)
                    drawn += 1
                    continue
                }
                draw += found
                if !examine(feature: features[draw], start: start, end: end, best: &best) {
                    Self.swap(features, draw, totalConstants)
                    found += 1
                    totalConstants += 1
                    continue
                }
                unvisited -= 1
                Self.swap(features, unvisited, draw)
            }
            for index in 0..<knownConstants { features[index] = constantFeatures[index] }
            for index in knownConstants..<totalConstants { constantFeatures[index] = features[index] }
        }
        guard best.feature >= 0 else { return (nil, totalConstants) }

        let column = layout.ranks + best.feature * layout.rowCount
        var leftEnd = start, rightCount = 0
        for index in start..<end {
            let row = rows[index]
            if column[Int(row)] <= best.rank {
                rows[leftEnd] = row
                leftEnd += 1
            } else {
                rowScratch[rightCount] = row
                rightCount += 1
            }
        }
        (rows + leftEnd).update(from: rowScratch, count: rightCount)
        let left = criterion.impurity(rows: rows + start, count: leftEnd - start)
        let right = criterion.impurity(rows: rows + leftEnd, count: end - leftEnd)
        let improvement =
            (weight / totalWeight)
            * (impurity - (right.weight / weight * right.impurity) - (left.weight / weight * left.impurity))
        let split = NodeSplit(
            feature: best.feature, threshold: best.threshold, position: leftEnd, impurityLeft: left.impurity,
            impurityRight: right.impurity, improvement: improvement)
        return (split, totalConstants)
    }

    /// Sorts the node's samples by `feature` and scans every split position between distinct values,
    /// keeping the best candidate in `best`. Returns `false` when the feature is constant in the node.
    @inline(__always)
    private mutating func examine(feature: Int, start: Int, end: Int, best: inout Candidate) -> Bool {
        let count = end - start
        let nodeRows = rows + start
        let payloads = criterion.payloads
        var low = UInt32.max, high: UInt32 = 0
        if count &* Self.sparseRatio < layout.rowCount {
            let byRow = layout.rowRanks + feature
            let stride = layout.featureCount
            for local in 0..<count {
                let rank = byRow[Int(nodeRows[local]) &* stride]
                keys[local] = UInt64(rank) << 32 | UInt64(payloads[local])
                low = min(low, rank)
                high = max(high, rank)
            }
        } else {
            let column = layout.ranks + feature &* layout.rowCount
            for local in 0..<count {
                let rank = column[Int(nodeRows[local])]
                keys[local] = UInt64(rank) << 32 | UInt64(payloads[local])
                low = min(low, rank)
                high = max(high, rank)
            }
        }
        let values = layout.levels + layout.levelStart[feature]
        if values[Int(high)] <= values[Int(low)] + Self.featureThreshold { return false }
        let sorted = RankSort.sort(
            keys, scratch: keyScratch, count: count, low: low, span: high - low, histogram: histogram)
        criterion.beginScan(order: sorted, count: count)
        let minLeaf = limits.minSamplesLeaf
        let levelOffset = layout.levelStart[feature]
        let close = layout.closeToPrevious
        var previousRank = UInt32(truncatingIfNeeded: sorted[0] >> 32)
        var position = 0
        let last = count - minLeaf
        while position < last {
            criterion.moveLeft(UInt32(truncatingIfNeeded: sorted[position]))
            position &+= 1
            let rank = UInt32(truncatingIfNeeded: sorted[position] >> 32)
            if rank == previousRank { continue }
            // A split between distinct values, unless they are within the threshold: only possible when the
            // level above the previous one is (the levels between are absent from the node).
            let above = levelOffset + Int(previousRank) + 1
            let isBoundary =
                close[above >> 6] & (1 << UInt64(above & 63)) == 0
                || values[Int(rank)] > values[Int(previousRank)] + Self.featureThreshold
            if isBoundary, position >= minLeaf {
                let proxy = criterion.proxyImprovement(leftCount: position)
                if proxy > best.proxy {
                    best = Candidate(
                        feature: feature, rank: previousRank,
                        threshold: Double(values[Int(previousRank)]) / 2 + Double(values[Int(rank)]) / 2, proxy: proxy)
                }
            }
            previousRank = rank
        }
        return true
    }
}

/// A node waiting to be evaluated: its rows, depth, parent and the impurity its parent's split computed.
struct PendingNode {
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
    /// scikit-learn's weighted impurity decrease: N_t / N × (impurity − N_R / N_t × impurity_R − N_L / N_t × impurity_L).
    var improvement: Double
}

/// The best split position found so far: samples with rank ≤ `rank` go left.
struct Candidate {
    var feature = -1
    var rank: UInt32 = 0
    var threshold = 0.0
    var proxy = -Double.infinity
}

/// A node of a best-first tree whose split (if any) has been evaluated but not yet expanded.
struct FrontierNode {
    var node: Int
    var depth: Int
    var start: Int
    var end: Int
    var split: NodeSplit?

    var improvement: Double { split?.improvement ?? 0 }

    /// Whether `self` is expanded before `other`: larger improvement first, then the earlier node.
    func precedes(_ other: FrontierNode) -> Bool {
        improvement > other.improvement || (improvement == other.improvement && node < other.node)
    }
}

/// A binary max-heap of frontier nodes ordered by `FrontierNode.precedes`.
struct FrontierHeap {
    private var items: [FrontierNode] = []

    mutating func push(_ item: FrontierNode) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].precedes(items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> FrontierNode? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var first = parent
            if left < items.count, items[left].precedes(items[first]) { first = left }
            if right < items.count, items[right].precedes(items[first]) { first = right }
            if first == parent { break }
            items.swapAt(parent, first)
            parent = first
        }
        return top
    }
}

/// The source of the random feature order of the split search.
protocol FeatureSampler {
    /// An integer drawn uniformly from 0..<bound.
    mutating func index(below bound: Int) -> Int
}

extension SeededGenerator: FeatureSampler {
    mutating func index(below bound: Int) -> Int { nextInt(below: bound) }
}
