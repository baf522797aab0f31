package import HyperplanCore

/// The area under the ROC curve, from predicted class probabilities.
///
/// With two classes it is the AUC of P(class 1), the second class in sorted order: the Mann–Whitney
/// statistic, the share of (positive, negative) pairs ranked correctly, a tie counting ½ — exactly the area
/// under scikit-learn's ROC curve, whose tied scores make one diagonal step. With more classes it is the
/// unweighted mean of each class's AUC against all others (scikit-learn's `multi_class="ovr"`,
/// `average="macro"`). The probability rows are not checked to sum to 1, as scikit-learn does for multiclass.
///
/// Registered as `roc_auc` and as `roc_auc_ovr` (scikit-learn's scorer names): both compute the above, so
/// either name works for any number of classes. scikit-learn's `roc_auc` scorer refuses multiclass targets;
/// Hyperplan gives it the one-vs-rest meaning instead.
///
/// The score is NaN — where scikit-learn raises — when probabilities are missing or have the wrong shape,
/// a score is NaN, a label is outside the class range, or some class has no true rows (its AUC is undefined,
/// as in a validation fold that holds a single class).
package struct ROCAUC: Metric {
    /// The two registered names.
    package enum Name: String, Sendable {
        /// `roc_auc`.
        case standard = "roc_auc"
        /// `roc_auc_ovr`.
        case oneVsRest = "roc_auc_ovr"
    }

    package let name: String
    package let task = TaskKind.classification
    package let goal = OptimizationGoal.maximize
    package let needsProbabilities = true
    package let summary = "area under the ROC curve (one-vs-rest macro average for more than two classes)"

    package init(_ name: Name = .standard) { self.name = name.rawValue }

    /// - Complexity: O(*k·n* log *n*) for *n* rows and *k* classes (one class scored for two): one sort per
    ///   scored class, into buffers allocated once per call.
    package func score(truth: Targets, predictions: Predictions) -> Double {
        guard case .classes(let labels, let classCount) = truth,
            case .classes(_, let probabilities?) = predictions,
            classCount >= 2, probabilities.columns == classCount, probabilities.rows == labels.count
        else { return .nan }
        for label in labels where label < 0 || label >= classCount { return .nan }
        var ranking = AUCRanking(count: labels.count)
        if classCount == 2 {
            return ranking.area(labels: labels, positive: 1, scores: probabilities.storage, column: 1, stride: 2)
        }
        var total = 0.0
        for positive in 0..<classCount {
            total += ranking.area(
                labels: labels, positive: positive, scores: probabilities.storage, column: positive,
                stride: classCount)
        }
        // A NaN class AUC makes the mean NaN.
        return total / Double(classCount)
    }
}

/// Scratch buffers for ranking one column of scores, reused across the classes of a one-vs-rest average.
struct AUCRanking {
    private var keys: [Double]
    private var order: [Int]

    init(count: Int) {
        keys = [Double](repeating: 0, count: count)
        order = [Int](repeating: 0, count: count)
    }

    /// The AUC of `scores[row * stride + column]` for rows whose label is `positive` against the others;
    /// NaN when either group is empty or a score is NaN.
    ///
    /// Sorts the rows by score once, then walks groups of equal scores: a group with `p` positives and `m`
    /// negatives, above `below` negatives, contributes `p·below + p·m/2` correctly ranked pairs. Doubled,
    /// that count is an exact integer, so the only rounding is the final division.
    mutating func area(labels: [Int], positive: Int, scores: [Double], column: Int, stride: Int) -> Double {
        let count = labels.count
        var positives = 0
        var sawNaN = false
        keys.withUnsafeMutableBufferPointer { keys in
            scores.withUnsafeBufferPointer { scores in
                for row in 0..<count {
                    let value = scores[row * stride + column]
                    if value.isNaN { sawNaN = true }
                    keys[row] = value
                }
            }
        }
        for label in labels where label == positive { positives += 1 }
        let negatives = count - positives
        guard !sawNaN, positives > 0, negatives > 0 else { return .nan }

        var twiceCorrect = 0
        keys.withUnsafeBufferPointer { keys in
            order.withUnsafeMutableBufferPointer { order in
                for row in 0..<count { order[row] = row }
                order.sort { keys[$0] < keys[$1] }
            }
            labels.withUnsafeBufferPointer { labels in
                order.withUnsafeBufferPointer { order in
                    var negativesBelow = 0
                    var start = 0
                    while start < count {
                        let value = keys[order[start]]
                        var groupPositives = 0
                        var end = start
                        while end < count && keys[order[end]] == value {
                            if labels[order[end]] == positive { groupPositives += 1 }
                            end += 1
                        }
                        let groupNegatives = end - start - groupPositives
                        twiceCorrect += groupPositives * (2 * negativesBelow + groupNegatives)
                        negativesBelow += groupNegatives
                        start = end
                    }
                }
            }
        }
        return Double(twiceCorrect) / (2 * Double(positives) * Double(negatives))
    }
}
