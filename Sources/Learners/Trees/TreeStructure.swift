import HyperplanCore

/// One fitted tree as parallel arrays, its nodes numbered as scikit-learn numbers them (depth-first, left
/// child first; best-first growth numbers nodes in the order they are evaluated).
///
/// Every node keeps its value (class fractions, or the mean or median), impurity and sample counts, as
/// scikit-learn's `tree_` does, so fitted trees can be inspected and compared node by node.
struct TreeStructure: Sendable, Hashable {
    /// The split of each node: feature, threshold and children; leaves have `left == -1`.
    var nodes: [TreeNode] = []
    /// `valueWidth` numbers per node.
    var values: [Double] = []
    var valueWidth: Int
    /// The number of feature columns the tree was grown on (and prediction needs).
    var featureCount: Int
    var impurity: [Double] = []
    /// Distinct training rows that reached each node.
    var sampleCounts: [Int] = []
    /// Their total weight (bootstrap counts in a forest; equal to `sampleCounts` otherwise).
    var weightedSampleCounts: [Double] = []
    /// The depth of the deepest leaf (0 for a single leaf).
    var depth = 0

    init(valueWidth: Int, featureCount: Int) {
        self.valueWidth = valueWidth
        self.featureCount = featureCount
    }

    var nodeCount: Int { nodes.count }

    var leafCount: Int { nodes.reduce(0) { $0 + ($1.left < 0 ? 1 : 0) } }

    /// Adds a node (a leaf until it gets children) and links it to its parent; returns its index. The right
    /// child is added after the left one, and then decides where missing values go.
    mutating func addNode(
        parent: Int?, isLeft: Bool, feature: Int, threshold: Double, impurity nodeImpurity: Double, sampleCount: Int,
        weightedSampleCount: Double, value: UnsafePointer<Double>
    ) -> Int {
        let index = nodes.count
        nodes.append(
            TreeNode(threshold: threshold, feature: Int32(feature), left: -1, right: -1, missingGoesLeft: false))
        values.append(contentsOf: UnsafeBufferPointer(start: value, count: valueWidth))
        impurity.append(nodeImpurity)
        sampleCounts.append(sampleCount)
        weightedSampleCounts.append(weightedSampleCount)
        if let parent {
            if isLeft {
                nodes[parent].left = Int32(index)
            } else {
                nodes[parent].right = Int32(index)
                let left = Int(nodes[parent].left)
                nodes[parent].missingGoesLeft = left >= 0 && sampleCounts[left] > sampleCount
            }
        }
        return index
    }

    /// Makes a node a leaf (best-first growth evaluates a split before deciding to use it).
    mutating func makeLeaf(_ index: Int) {
        nodes[index] = TreeNode(threshold: 0, feature: -1, left: -1, right: -1, missingGoesLeft: false)
    }

    /// The index of the leaf that `row` of row-major `features` (with `columns` columns) falls in.
    ///
    /// The feature is rounded to single precision first, as the tree was grown on single-precision values. A
    /// missing (NaN) value goes to the child that received more training rows, as scikit-learn sends it when
    /// the training rows had none.
    @inline(__always)
    func leaf(of features: UnsafePointer<Double>, nodes pointer: UnsafePointer<TreeNode>) -> Int {
        var index = 0
        while true {
            let node = pointer[index]
            if node.left < 0 { return index }
            let value = Double(Float(features[Int(node.feature)]))
            index = Int(value <= node.threshold || (node.missingGoesLeft && value.isNaN) ? node.left : node.right)
        }
    }

    /// The tree as JSON: one array per node attribute, leaves with feature and children −1 and threshold null.
    var json: JSONValue {
        let isLeaf = nodes.map { $0.left < 0 }
        var value: [JSONValue] = []
        value.reserveCapacity(nodes.count)
        for index in nodes.indices {
            let row = values[(index * valueWidth)..<((index + 1) * valueWidth)]
            value.append(valueWidth == 1 ? .number(row.first) : .array(row.map(JSONValue.number)))
        }
        var fields: [String: JSONValue] = [
            "node_count": .int(nodes.count),
            "depth": .int(depth),
            "feature": .array(nodes.map { .int(Int($0.feature)) }),
            "threshold": .array(zip(nodes, isLeaf).map { $1 ? .null : .number($0.threshold) }),
            "left": .array(nodes.map { .int(Int($0.left)) }),
            "right": .array(nodes.map { .int(Int($0.right)) }),
            "value": .array(value),
            "impurity": .array(impurity.map(JSONValue.number)),
            "n_samples": .array(sampleCounts.map(JSONValue.int)),
        ]
        if zip(sampleCounts, weightedSampleCounts).contains(where: { Double($0) != $1 }) {
            fields["weighted_n_samples"] = .array(weightedSampleCounts.map(JSONValue.number))
        }
        return .object(fields)
    }
}

/// One node's split, packed for prediction: 24 bytes, read once per level.
struct TreeNode: Sendable, Hashable {
    var threshold: Double
    var feature: Int32
    var left: Int32
    var right: Int32
    /// Where a missing value goes: to the child with more training rows (the right one on a tie).
    var missingGoesLeft: Bool
}
