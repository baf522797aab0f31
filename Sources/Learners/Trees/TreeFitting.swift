import HyperplanCore

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
