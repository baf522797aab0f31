import HyperplanCore

/// A fitted tree's nodes as parallel arrays, as scikit-learn's `tree_` exposes them: for analyses that walk
/// the partition a tree learned (the fANOVA importances in `Analysis`) rather than predict with it.
///
/// Nodes are numbered as in `TreeStructure`: a parent always comes before its children, the root is node 0.
package struct TreeNodeTable: Sendable, Hashable {
    /// The feature each node splits on; −1 for a leaf.
    package var feature: [Int]
    /// The split threshold (a row goes left when its single-precision value is ≤ it); 0 for a leaf.
    package var threshold: [Double]
    /// The left and right children; −1 for a leaf.
    package var left: [Int]
    package var right: [Int]
    /// Each node's value: the (bootstrap-weighted) mean target of its training rows, for a regression tree.
    package var value: [Double]

    package init(feature: [Int], threshold: [Double], left: [Int], right: [Int], value: [Double]) {
        self.feature = feature
        self.threshold = threshold
        self.left = left
        self.right = right
        self.value = value
    }

    /// The table of a tree with one number per node value (a regression tree).
    init(_ tree: TreeStructure) {
        let isLeaf = tree.nodes.map { $0.left < 0 }
        feature = zip(tree.nodes, isLeaf).map { $1 ? -1 : Int($0.feature) }
        threshold = zip(tree.nodes, isLeaf).map { $1 ? 0 : $0.threshold }
        left = tree.nodes.map { Int($0.left) }
        right = tree.nodes.map { Int($0.right) }
        value = tree.nodes.indices.map { tree.values[$0 * tree.valueWidth] }
    }

    package var nodeCount: Int { feature.count }
}

extension FittedRandomForest {
    /// Each tree's nodes, for a forest grown on a numeric target.
    package var nodeTables: [TreeNodeTable] { trees.map(TreeNodeTable.init) }
}
