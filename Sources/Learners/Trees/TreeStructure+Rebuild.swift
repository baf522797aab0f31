package import HyperplanCore

extension TreeStructure {
    /// Rebuilds a tree from its JSON (`json`), checked so that prediction can neither read out of bounds nor
    /// loop: children come after their parent, features index the feature columns, every node has
    /// `valueWidth` values.
    ///
    /// Where a missing value goes is not stored: it is derived from `n_samples` exactly as growth decided it
    /// (to the child that received more training rows).
    ///
    /// - Throws: `JSONFieldError` naming the first key or node that does not fit.
    /// - Complexity: O(nodes × valueWidth).
    init(stored field: JSONField, valueWidth: Int, featureCount: Int) throws(JSONFieldError) {
        self.init(valueWidth: valueWidth, featureCount: featureCount)
        let count = try field.field("node_count").int(in: 1...Int(Int32.max))
        let features = try field.field("feature").ints(count: count, in: -1...(featureCount - 1))
        let leftField = try field.field("left"), rightField = try field.field("right")
        let left = try leftField.ints(count: count, in: -1...(count - 1))
        let right = try rightField.ints(count: count, in: -1...(count - 1))
        let thresholds = try field.field("threshold").elements(count: count)
        let values = try field.field("value").elements(count: count)
        sampleCounts = try field.field("n_samples").ints(count: count, in: 0...Int.max)
        weightedSampleCounts =
            try field.optionalField("weighted_n_samples")?.doubles(count: count) ?? sampleCounts.map(Double.init)
        // Impurity is kept for inspection only; prediction never reads it.
        impurity = try field.field("impurity").elements(count: count).map { $0.value.doubleValue ?? .nan }
        depth = try field.field("depth").int(in: 0...Int.max)
        nodes.reserveCapacity(count)
        self.values.reserveCapacity(count * valueWidth)
        for index in 0..<count {
            if valueWidth == 1 {
                self.values.append(try values[index].double())
            } else {
                try values[index].appendDoubles(to: &self.values, count: valueWidth)
            }
            guard left[index] >= 0 || right[index] >= 0 else {
                nodes.append(TreeNode(threshold: 0, feature: -1, left: -1, right: -1, missingGoesLeft: false))
                continue
            }
            guard left[index] > index else { throw leftField.error("must point after node \(index) at [\(index)]") }
            guard right[index] > index else {
                throw rightField.error("must point after node \(index) at [\(index)]")
            }
            guard features[index] >= 0 else {
                throw JSONFieldError(path: "\(field.path).feature[\(index)]", message: "must name a feature column")
            }
            nodes.append(
                TreeNode(
                    threshold: try thresholds[index].double(), feature: Int32(features[index]),
                    left: Int32(left[index]), right: Int32(right[index]),
                    missingGoesLeft: sampleCounts[left[index]] > sampleCounts[right[index]]))
        }
    }
}

extension FittedDecisionTree: RebuildableModel {
    /// Rebuilds the tree from its parallel arrays (`TreeStructure.json`).
    ///
    /// - Throws: `JSONFieldError` naming the first key or node that does not fit.
    package init(stored parameters: StoredParameters) throws(JSONFieldError) {
        self.init(
            tree: try TreeStructure(
                stored: parameters.field, valueWidth: parameters.task == .classification ? parameters.classCount : 1,
                featureCount: parameters.featureCount),
            task: parameters.task)
    }
}

extension FittedRandomForest: RebuildableModel {
    /// Rebuilds the forest from `trees` (each as for `decision_tree`), `n_estimators` of them.
    ///
    /// - Throws: `JSONFieldError` naming the first key or node that does not fit.
    package init(stored parameters: StoredParameters) throws(JSONFieldError) {
        let count = try parameters("n_estimators").int(in: 1...Int.max)
        let width = parameters.task == .classification ? parameters.classCount : 1
        var trees: [TreeStructure] = []
        for tree in try parameters("trees").elements(count: count) {
            trees.append(try TreeStructure(stored: tree, valueWidth: width, featureCount: parameters.featureCount))
        }
        self.init(trees: trees, task: parameters.task)
    }
}
