import Foundation
package import HyperplanCore

/// k-nearest neighbours for classification (a vote) and regression (a mean), by exact brute-force search.
///
/// Matches scikit-learn's `KNeighborsClassifier` / `KNeighborsRegressor` with `algorithm="brute"`: the same
/// neighbours (including which of several rows tied at the k-th distance are kept, see `NeighborIndex`),
/// `weights: distance` weighting by 1/d with only the zero-distance neighbours counting when there are any,
/// votes broken towards the smallest class index, and scikit-learn's NumPy summation order for the weighted
/// votes and means. Distances are computed exactly (sums of per-feature terms in feature order), not by
/// scikit-learn's GEMM-based |x|² − 2x·y + |y|² shortcut for euclidean `kneighbors`. "Fitting" stores the
/// training rows.
package struct KNearestNeighbors: Learner {
    package static let name = "knn"
    package static let summary = "k-nearest neighbours: a vote or mean of the k closest training rows (brute force)"
    package static let tasks: [TaskKind] = [.classification, .regression]
    package static let trainsIteratively = false
    package static var fittedModelType: any RebuildableModel.Type { FittedNeighborsModel.self }
    package static let schema = OptionSchema([
        OptionSpec(
            "n_neighbors", .integer(min: 1, max: Int.max), default: .int(5),
            summary: "number of neighbours k (at most the number of training rows)"),
        OptionSpec(
            "weights", .enumeration(["uniform", "distance"]), default: .string("uniform"),
            summary: "uniform: equal votes; distance: votes weighted by 1/distance"),
        OptionSpec(
            "metric", .enumeration(["minkowski", "euclidean", "manhattan"]), default: .string("minkowski"),
            summary: "distance between rows; minkowski uses the power p"),
        OptionSpec(
            "p", .real(RealBounds(lower: 1)), default: .double(2),
            summary: "power of the minkowski metric (1: manhattan, 2: euclidean)"),
    ])

    package static func problems(with hyperparameters: Hyperparameters, given: Set<String>) -> [OptionProblem] {
        let metric = hyperparameters.string("metric") ?? "minkowski"
        if metric != "minkowski", given.contains("p") {
            return [
                OptionProblem(option: "p", message: "'p' has no effect with metric '\(metric)'", severity: .warning)
            ]
        }
        return []
    }

    /// How neighbours' votes or values are weighted.
    package enum Weighting: String, Sendable, Hashable {
        case uniform
        case distance
    }

    package var neighbors: Int
    package var weighting: Weighting
    package var metricName: String
    package var power: Double

    package init(hyperparameters: Hyperparameters, task: TaskKind) {
        neighbors = hyperparameters.int("n_neighbors") ?? 5
        weighting = Weighting(rawValue: hyperparameters.string("weights") ?? "uniform") ?? .uniform
        metricName = hyperparameters.string("metric") ?? "minkowski"
        power = hyperparameters.double("p") ?? 2
    }

    package func fit(features: Matrix, targets: Targets, context: FitContext) throws(FitFailure) -> any FittedModel {
        let rows = features.rows
        guard rows > 0 else { throw FitFailure("no training rows") }
        guard targets.count == rows else { throw FitFailure("\(targets.count) targets for \(rows) training rows") }
        guard neighbors <= rows else {
            throw FitFailure(
                "n_neighbors is \(neighbors) but there are only \(rows) training rows; it must be at most \(rows)")
        }
        guard features.storage.allSatisfy(\.isFinite) else {
            throw FitFailure("training data contains non-finite values")
        }
        switch targets {
        case .classes(let labels, let classCount):
            guard labels.allSatisfy({ $0 >= 0 && $0 < classCount }) else {
                throw FitFailure("class labels outside 0..<\(classCount)")
            }
        case .values(let values):
            guard values.allSatisfy(\.isFinite) else { throw FitFailure("training targets contain non-finite values") }
        }
        let index = NeighborIndex(
            rows: features.storage, rowCount: rows, columns: features.columns,
            metric: NeighborMetric(name: metricName, p: power))
        return FittedNeighborsModel(index: index, k: neighbors, weighting: weighting, targets: targets)
    }
}

/// Fitted k-nearest neighbours: the training rows, their targets and how to combine neighbours.
package struct FittedNeighborsModel: FittedModel {
    let index: NeighborIndex
    let k: Int
    let weighting: KNearestNeighbors.Weighting
    let targets: Targets

    /// The `k` nearest training rows of each row of `features`, nearest first, with their distances.
    ///
    /// - Complexity: O(features.rows × training rows × columns).
    package func neighbors(of features: Matrix) -> (indices: [[Int]], distances: [[Double]]) {
        guard features.columns == index.columns else { return ([], []) }
        let lists = index.search(features.storage, queryCount: features.rows, k: k)
        return (
            (0..<lists.queryCount).map { Array(lists.indices[($0 * k)..<(($0 + 1) * k)]) },
            (0..<lists.queryCount).map { Array(lists.distances[($0 * k)..<(($0 + 1) * k)]) }
        )
    }

    /// Predictions for `features`; rows with a different number of columns than the training rows give NaN
    /// values (regression) or NaN probabilities and label 0 (classification).
    package func predict(_ features: Matrix) -> Predictions {
        let rows = features.rows
        guard features.columns == index.columns else {
            switch targets {
            case .classes(_, let classCount):
                return .classes(
                    labels: [Int](repeating: 0, count: rows),
                    probabilities: Matrix(rows: rows, columns: classCount, repeating: .nan))
            case .values:
                return .values([Double](repeating: .nan, count: rows))
            }
        }
        let lists = index.search(features.storage, queryCount: rows, k: k)
        switch targets {
        case .classes(let labels, let classCount):
            return NeighborVotes.classify(lists, labels: labels, classCount: classCount, weighting: weighting)
        case .values(let values):
            return .values(NeighborVotes.regress(lists, values: values, weighting: weighting))
        }
    }

    /// The neighbour rule and what it searches: `n_neighbors`, `weights`, `metric` (`euclidean`, `manhattan`,
    /// or `minkowski` with its `p`), the training shape, and the training rows themselves (`training_rows`, after
    /// preprocessing) with their `training_targets` (class indices, or values): a k-nearest-neighbours model is
    /// its training set.
    package var parameters: JSONValue {
        var fields: [String: JSONValue] = [
            "n_samples_fit": .int(index.rowCount), "n_features": .int(index.columns), "n_neighbors": .int(k),
            "weights": .string(weighting.rawValue), "metric": .string(index.metric.name),
        ]
        if case .minkowski(let p) = index.metric { fields["p"] = .number(p) }
        let columns = index.columns
        fields["training_rows"] = .array(
            (0..<index.rowCount).map { row in
                .array(index.rows[(row * columns)..<((row + 1) * columns)].map(JSONValue.number))
            })
        switch targets {
        case .classes(let labels, _): fields["training_targets"] = .array(labels.map(JSONValue.int))
        case .values(let values): fields["training_targets"] = .array(values.map(JSONValue.number))
        }
        return .object(fields)
    }

    package var report: FitReport { FitReport() }
}

/// Neighbours combined into predictions with scikit-learn's arithmetic, operation for operation.
enum NeighborVotes {
    /// scikit-learn's `_get_weights`: 1/d, or, for a query with a neighbour at distance 0 (1/d infinite), 1
    /// for those neighbours and 0 for the others.
    @inline(__always)
    static func weights(_ distances: UnsafePointer<Double>, k: Int, into weights: UnsafeMutablePointer<Double>) {
        var infinite = false
        for i in 0..<k {
            weights[i] = 1 / distances[i]
            if weights[i].isInfinite { infinite = true }
        }
        if infinite {
            for i in 0..<k { weights[i] = weights[i].isInfinite ? 1 : 0 }
        }
    }

    /// Uniform: class counts / k (`ArgKminClassMode`), label the first largest. Distance: probabilities from
    /// weights added in neighbour order and divided by their NumPy sum (`predict_proba`); the label from
    /// `weighted_mode`, which sums each class's weights over the k neighbour positions in NumPy's pairwise
    /// order and keeps the first class with a strictly larger total.
    static func classify(
        _ lists: NeighborLists, labels: [Int], classCount: Int, weighting: KNearestNeighbors.Weighting
    ) -> Predictions {
        let k = lists.k, rows = lists.queryCount
        var probabilities = [Double](repeating: 0, count: rows * classCount)
        var predicted = [Int](repeating: 0, count: rows)
        var weights = [Double](repeating: 1, count: k)
        var template = [Double](repeating: 0, count: k)
        lists.indices.withUnsafeBufferPointer { indices in
            lists.distances.withUnsafeBufferPointer { distances in
                labels.withUnsafeBufferPointer { label in
                    probabilities.withUnsafeMutableBufferPointer { probability in
                        weights.withUnsafeMutableBufferPointer { w in
                            template.withUnsafeMutableBufferPointer { t in
                                guard let index = indices.baseAddress, let distance = distances.baseAddress,
                                    let p = probability.baseAddress, let w = w.baseAddress,
                                    let t = t.baseAddress
                                else { return }
                                for row in 0..<rows {
                                    let neighbors = index + row * k, scores = p + row * classCount
                                    if weighting == .distance { Self.weights(distance + row * k, k: k, into: w) }
                                    for i in 0..<k { scores[label[neighbors[i]]] += w[i] }
                                    let total = NumPySum.pairwise(UnsafePointer(scores), classCount)
                                    for c in 0..<classCount { scores[c] /= total }
                                    if weighting == .uniform {
                                        var best = 0
                                        for c in 1..<max(classCount, 1) where scores[c] > scores[best] { best = c }
                                        predicted[row] = best
                                    } else {
                                        predicted[row] = weightedMode(
                                            neighbors, label: label, weights: w, k: k, classCount: classCount,
                                            template: t)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return .classes(
            labels: predicted, probabilities: Matrix(rows: rows, columns: classCount, storage: probabilities))
    }

    /// `sklearn.utils.extmath.weighted_mode` for one row.
    @inline(__always)
    private static func weightedMode(
        _ neighbors: UnsafePointer<Int>, label: UnsafeBufferPointer<Int>, weights: UnsafePointer<Double>, k: Int,
        classCount: Int, template: UnsafeMutablePointer<Double>
    ) -> Int {
        var mode = 0, largest = 0.0
        for c in 0..<classCount {
            for i in 0..<k { template[i] = label[neighbors[i]] == c ? weights[i] : 0 }
            let count = NumPySum.pairwise(UnsafePointer(template), k)
            if count > largest { mode = c }
            largest = count.isNaN || largest.isNaN ? .nan : Swift.max(count, largest)
        }
        return mode
    }

    /// Uniform: NumPy's mean of the neighbours' values. Distance: Σ wᵢyᵢ / Σ wᵢ, both NumPy sums.
    static func regress(_ lists: NeighborLists, values: [Double], weighting: KNearestNeighbors.Weighting) -> [Double] {
        let k = lists.k
        var output = [Double](repeating: 0, count: lists.queryCount)
        var terms = [Double](repeating: 0, count: k)
        var weights = [Double](repeating: 0, count: k)
        lists.indices.withUnsafeBufferPointer { indices in
            lists.distances.withUnsafeBufferPointer { distances in
                values.withUnsafeBufferPointer { y in
                    terms.withUnsafeMutableBufferPointer { t in
                        weights.withUnsafeMutableBufferPointer { w in
                            guard let index = indices.baseAddress, let distance = distances.baseAddress,
                                let t = t.baseAddress, let w = w.baseAddress
                            else { return }
                            for row in 0..<lists.queryCount {
                                let neighbors = index + row * k
                                if weighting == .uniform {
                                    for i in 0..<k { t[i] = y[neighbors[i]] }
                                    output[row] = NumPySum.pairwise(UnsafePointer(t), k) / Double(k)
                                } else {
                                    Self.weights(distance + row * k, k: k, into: w)
                                    for i in 0..<k { t[i] = y[neighbors[i]] * w[i] }
                                    output[row] =
                                        NumPySum.pairwise(UnsafePointer(t), k) / NumPySum.pairwise(UnsafePointer(w), k)
                                }
                            }
                        }
                    }
                }
            }
        }
        return output
    }
}

/// NumPy's `np.sum` of a contiguous run of doubles: sequential below 8 elements, 8 interleaved partial sums
/// up to 128, halves (at a multiple of 8) above — the order that decides the last bits of scikit-learn's
/// means and weighted votes.
enum NumPySum {
    static func pairwise(_ values: UnsafePointer<Double>, _ count: Int) -> Double {
        0 + partial(values, count)
    }

    private static func partial(_ a: UnsafePointer<Double>, _ n: Int) -> Double {
        if n < 8 {
            var sum = -0.0
            for i in 0..<n { sum += a[i] }
            return sum
        } else if n <= 128 {
            var r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7]
            var i = 8
            while i < n - n % 8 {
                r0 += a[i]
                r1 += a[i + 1]
                r2 += a[i + 2]
                r3 += a[i + 3]
                r4 += a[i + 4]
                r5 += a[i + 5]
                r6 += a[i + 6]
                r7 += a[i + 7]
                i += 8
            }
            var sum = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while i < n {
                sum += a[i]
                i += 1
            }
            return sum
        } else {
            var half = n / 2
            half -= half % 8
            return partial(a, half) + partial(a + half, n - half)
        }
    }
}
