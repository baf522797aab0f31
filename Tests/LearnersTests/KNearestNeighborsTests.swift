import Foundation
import HyperplanCore
import Learners
import Testing

/// `knn` on cases small enough to work out by hand, its failures and options, and its screened searches
/// against a plain exact search.
@Suite("k-nearest neighbours")
struct KNearestNeighborsTests {
    static let context = FitContext(seed: 0, key: "fit")

    static func learner(
        k: Int, weights: String = "uniform", metric: String = "euclidean", p: Double? = nil,
        task: TaskKind = .classification
    ) -> KNearestNeighbors {
        var values: [String: ParameterValue] = [
            "n_neighbors": .int(k), "weights": .string(weights), "metric": .string(metric),
        ]
        if let p { values["p"] = .double(p) }
        return KNearestNeighbors(hyperparameters: Hyperparameters(values), task: task)
    }

    static func column(_ values: [Double]) -> Matrix { Matrix(rowArrays: values.map { [$0] }) }

    // MARK: - Worked by hand

    /// Training x = 0, 1, 3, 3.5, 6 with classes 1, 0, 1, 1, 0 and values 10, 20, 30, 40, 50; query 1.2, k = 3.
    /// Distances 1.2, 0.2, 1.8, 2.3, 4.8: the neighbours are x = 1 (class 0), 0 and 3 (class 1).
    /// Uniform: class 1 by 2 votes to 1. Distance: class 0 weighs 1/0.2 = 5 against 1/1.2 + 1/1.8 = 25/18,
    /// so P(class 0) = 5 / (5 + 25/18) = 18/23 and class 0 wins. Regression: uniform mean (20 + 10 + 30)/3 = 20;
    /// distance-weighted (5·20 + 10/1.2 + 30/1.8) / (115/18) = 125 / (115/18) = 450/23.
    static let toyX = column([0, 1, 3, 3.5, 6])

    @Test("a 1-D vote worked by hand, uniform and distance-weighted")
    func handVote() throws {
        let targets = Targets.classes([1, 0, 1, 1, 0], classCount: 2)
        let query = Self.column([1.2])
        let uniform = try Self.learner(k: 3).fit(features: Self.toyX, targets: targets, context: Self.context)
        guard case .classes(let labels, let probabilities?) = uniform.predict(query) else {
            Issue.record("no class probabilities")
            return
        }
        #expect(labels == [1])
        #expect(probabilities.storage == [1.0 / 3, 2.0 / 3])

        let weighted = try Self.learner(k: 3, weights: "distance")
            .fit(features: Self.toyX, targets: targets, context: Self.context)
        guard case .classes(let weightedLabels, let weightedProbabilities?) = weighted.predict(query) else {
            Issue.record("no class probabilities")
            return
        }
        #expect(weightedLabels == [0])
        #expect(abs(weightedProbabilities[0, 0] - 18.0 / 23) < 1e-15, "\(weightedProbabilities.storage)")
        #expect(abs(weightedProbabilities[0, 1] - 5.0 / 23) < 1e-15, "\(weightedProbabilities.storage)")
    }

    @Test("a 1-D regression worked by hand, uniform and distance-weighted")
    func handRegression() throws {
        let targets = Targets.values([10, 20, 30, 40, 50])
        let query = Self.column([1.2])
        let uniform = try Self.learner(k: 3, task: .regression)
            .fit(features: Self.toyX, targets: targets, context: Self.context)
        #expect(uniform.predict(query) == .values([20]))
        let weighted = try Self.learner(k: 3, weights: "distance", task: .regression)
            .fit(features: Self.toyX, targets: targets, context: Self.context)
        guard case .values(let values) = weighted.predict(query) else {
            Issue.record("not values")
            return
        }
        #expect(abs(values[0] - 450.0 / 23) < 1e-13, "\(values)")
    }

    @Test("a tied vote goes to the smallest class index, however near the other class's neighbour is")
    func tiedVote() throws {
        let model = try Self.learner(k: 2).fit(
            features: Self.column([0, 1]), targets: .classes([1, 0], classCount: 2), context: Self.context)
        #expect(
            model.predict(Self.column([0.1])) == .classes(labels: [0], probabilities: Matrix(rowArrays: [[0.5, 0.5]])))
    }

    /// Rows at squared distances 25, 25, 25, 1, 1 from the query, k = 3. scikit-learn's heap admits rows 0, 1,
    /// 2; row 3 evicts the root (row 2), row 4 the new root (row 0), leaving rows 3, 4 and 1 — not row 0, as
    /// "smallest index first" would. scikit-learn 1.9.1 agrees:
    /// `KNeighborsClassifier(3, algorithm="brute").fit([[5], [-5], [5], [1], [-1]], y).kneighbors([[0]])` lists
    /// rows {3, 4, 1} at distances 1, 1, 5.
    @Test("which of several rows tied at the k-th distance are kept follows scikit-learn's heap")
    func heapTies() throws {
        let model = try #require(
            try Self.learner(k: 3).fit(
                features: Self.column([5, -5, 5, 1, -1]), targets: .classes([0, 1, 0, 1, 1], classCount: 2),
                context: Self.context) as? FittedNeighborsModel)
        let (indices, distances) = model.neighbors(of: Self.column([0]))
        #expect(indices == [[3, 4, 1]])
        #expect(distances == [[1, 1, 5]])
    }

    @Test("with neighbours at distance 0, distance weighting counts only those")
    func zeroDistance() throws {
        let x = Self.column([0, 0, 1, 2])
        let classifier = try Self.learner(k: 3, weights: "distance")
            .fit(features: x, targets: .classes([1, 0, 0, 1], classCount: 2), context: Self.context)
        // Rows 0 and 1 coincide with the query: weights 1, 1 and 0 for row 2; the 1:1 tie goes to class 0.
        #expect(
            classifier.predict(Self.column([0]))
                == .classes(labels: [0], probabilities: Matrix(rowArrays: [[0.5, 0.5]])))
        let regressor = try Self.learner(k: 3, weights: "distance", task: .regression)
            .fit(features: x, targets: .values([1, 3, 100, 7]), context: Self.context)
        #expect(regressor.predict(Self.column([0])) == .values([2]))
    }

    @Test("minkowski with p = 1 and p = 2 is manhattan and euclidean")
    func minkowskiSpecialCases() throws {
        let x = Matrix(
            rowArrays: (0..<40).map { (i: Int) -> [Double] in [Double(i % 7), Double(i % 5) / 2, Double(i % 3)] })
        let targets = Targets.classes((0..<40).map { $0 % 3 }, classCount: 3)
        let queries = Matrix(rowArrays: [[1.2, 0.3, 2], [6, 2, 0], [3, 1, 1]])
        for (p, metric) in [(1.0, "manhattan"), (2.0, "euclidean")] {
            let minkowski = try Self.learner(k: 7, weights: "distance", metric: "minkowski", p: p)
                .fit(features: x, targets: targets, context: Self.context)
            let named = try Self.learner(k: 7, weights: "distance", metric: metric)
                .fit(features: x, targets: targets, context: Self.context)
            #expect(minkowski.predict(queries) == named.predict(queries), "p = \(p)")
        }
    }

    // MARK: - Failures and options

    @Test("more neighbours than training rows fails the fit; as many is fine")
    func tooFewRows() throws {
        let x = Self.column([0, 1, 2])
        let error = #expect(throws: FitFailure.self) {
            try Self.learner(k: 4).fit(features: x, targets: .classes([0, 1, 0], classCount: 2), context: Self.context)
        }
        #expect(error?.reason.contains("n_neighbors") == true, "\(String(describing: error))")
        let model = try Self.learner(k: 3, task: .regression)
            .fit(features: x, targets: .values([1, 2, 6]), context: Self.context)
        #expect(model.predict(Self.column([10])) == .values([3]))
    }

    @Test("non-finite training data, no rows or mismatched targets fail the fit")
    func badData() {
        var x = Self.column([0, 1, 2])
        x[1, 0] = .nan
        #expect(throws: FitFailure.self) {
            try Self.learner(k: 1).fit(features: x, targets: .classes([0, 1, 0], classCount: 2), context: Self.context)
        }
        #expect(throws: FitFailure.self) {
            try Self.learner(k: 1, task: .regression)
                .fit(features: Self.column([0, 1, 2]), targets: .values([1, .infinity, 2]), context: Self.context)
        }
        #expect(throws: FitFailure.self) {
            try Self.learner(k: 1).fit(
                features: Matrix(rows: 0, columns: 1), targets: .classes([], classCount: 2), context: Self.context)
        }
        #expect(throws: FitFailure.self) {
            try Self.learner(k: 1).fit(
                features: Self.column([0, 1, 2]), targets: .classes([0, 1], classCount: 2), context: Self.context)
        }
    }

    @Test("a query with NaN or huge values gives a prediction, not a trap")
    func oddQueries() throws {
        let x = Matrix(rowArrays: [[0, 0], [1, 1], [2, 0]])
        let model = try Self.learner(k: 2, weights: "distance")
            .fit(features: x, targets: .classes([0, 1, 1], classCount: 2), context: Self.context)
        let predictions = model.predict(Matrix(rowArrays: [[.nan, 0], [1e300, -1e300], [1, 1]]))
        guard case .classes(let labels, _) = predictions else {
            Issue.record("not classes")
            return
        }
        #expect(labels.count == 3)
        #expect(labels[2] == 1)
    }

    @Test("rows without columns are all at distance 0: the first k rows are the neighbours")
    func noColumns() throws {
        let model = try Self.learner(k: 2, task: .regression)
            .fit(features: Matrix(rows: 4, columns: 0), targets: .values([1, 3, 10, 20]), context: Self.context)
        #expect(model.predict(Matrix(rows: 1, columns: 0)) == .values([2]))
    }

    @Test("options: schema defaults, and 'p' without minkowski is a warning")
    func options() {
        let schema = KNearestNeighbors.schema
        #expect(schema.names == ["n_neighbors", "weights", "metric", "p"])
        #expect(schema["n_neighbors"]?.defaultValue == .int(5))
        #expect(schema["weights"]?.defaultValue == .string("uniform"))
        #expect(schema["metric"]?.defaultValue == .string("minkowski"))
        #expect(schema["p"]?.defaultValue == .double(2))
        #expect(schema["n_neighbors"]?.kind.problem(with: .int(0)) != nil)
        #expect(schema["p"]?.kind.problem(with: .double(0.5)) != nil)
        #expect(KNearestNeighbors.tasks == [.classification, .regression])

        let euclidean = Hyperparameters(["metric": .string("euclidean"), "p": .double(3)])
        let problems = KNearestNeighbors.problems(with: euclidean, given: ["metric", "p"])
        #expect(problems.map(\.option) == ["p"])
        #expect(problems.first?.severity == .warning)
        #expect(KNearestNeighbors.problems(with: euclidean, given: ["metric"]).isEmpty)
        let minkowski = Hyperparameters(["metric": .string("minkowski"), "p": .double(3)])
        #expect(KNearestNeighbors.problems(with: minkowski, given: ["metric", "p"]).isEmpty)
    }

    @Test("the model's parameters are its neighbour rule and its training set, enough to rebuild it")
    func parameters() throws {
        let model = try Self.learner(k: 1).fit(
            features: Matrix(rowArrays: [[0, 1, 2], [3, 4, 5]]), targets: .classes([0, 1], classCount: 2),
            context: Self.context)
        #expect(
            model.parameters
                == .object([
                    "n_samples_fit": .int(2), "n_features": .int(3), "n_neighbors": .int(1),
                    "weights": .string("uniform"), "metric": .string("euclidean"),
                    "training_rows": .array([
                        .array([.double(0), .double(1), .double(2)]), .array([.double(3), .double(4), .double(5)]),
                    ]),
                    "training_targets": .array([.int(0), .int(1)]),
                ]))
    }

    // MARK: - Screened searches against a plain exact search

    /// Rows with many exact ties (small integer coordinates), duplicates and large offsets (distances tiny
    /// against the norms), in two shapes: few columns, and enough columns that the training rows span several
    /// cache chunks of the euclidean kernel. More than 64 queries, so several query blocks.
    static func adversarialData(rows: Int, columns: Int, queries: Int) -> (Matrix, Matrix) {
        var generator = SeededGenerator(seed: 7, key: "knn-adversarial")
        func draw() -> Double { Double(generator.next() % 4) }
        var training = Matrix(rows: rows, columns: columns)
        for row in 0..<rows {
            for column in 0..<columns {
                let offset = column % 3 == 0 ? 1e7 : column % 3 == 1 ? -2.5e4 : 0
                training[row, column] = row % 10 == 9 ? training[row - 5, column] : draw() * 0.5 + offset
            }
        }
        var query = Matrix(rows: queries, columns: columns)
        for row in 0..<queries {
            for column in 0..<columns {
                query[row, column] = row % 4 == 0 ? training[row * 3, column] : training[row, column] + draw() * 0.25
            }
        }
        return (training, query)
    }

    /// Exact reduced distances in feature order into scikit-learn's heap (`heap_push`), then sorted by
    /// (distance, row): the neighbour sets and distances any correct search must produce.
    static func plainSearch(_ training: Matrix, _ queries: Matrix, k: Int, term: (Double) -> Double) -> [[Pair]] {
        (0..<queries.rows).map { query in
            var values = [Double](repeating: .infinity, count: k), rows = [Int](repeating: -1, count: k)
            for row in 0..<training.rows {
                var sum = 0.0
                for column in 0..<training.columns { sum += term(queries[query, column] - training[row, column]) }
                guard sum < values[0] else { continue }
                var current = 0
                while true {
                    let left = 2 * current + 1, right = left + 1
                    var next = current
                    if left >= k {
                        break
                    } else if right >= k {
                        if values[left] > sum { next = left }
                    } else if values[left] >= values[right] {
                        if sum < values[left] { next = left }
                    } else if sum < values[right] {
                        next = right
                    }
                    if next == current { break }
                    values[current] = values[next]
                    rows[current] = rows[next]
                    current = next
                }
                values[current] = sum
                rows[current] = row
            }
            return zip(values, rows).map { Pair(reduced: $0, row: $1) }.sorted()
        }
    }

    struct Pair: Comparable, CustomStringConvertible {
        var reduced: Double
        var row: Int
        static func < (a: Pair, b: Pair) -> Bool { (a.reduced, a.row) < (b.reduced, b.row) }
        var description: String { "\(row)@\(reduced)" }
    }

    @Test(
        "screened and blocked searches find exactly the plain search's neighbours",
        arguments: [
            (metric: "euclidean", p: 2.0), ("manhattan", 1), ("minkowski", 3), ("minkowski", 1.5), ("minkowski", 1.7),
        ])
    func screenedSearch(metric: String, p: Double) throws {
        let term: (Double) -> Double =
            switch metric {
            case "euclidean": { $0 * $0 }
            case "manhattan": { abs($0) }
            default: { Foundation.pow(abs($0), p) }
            }
        // (rows, columns, queries, k values); the wide shape spans three cache chunks of the euclidean kernel.
        let shapes = [(300, 6, 70, [1, 4, 17])] + (metric == "euclidean" ? [(700, 200, 70, [5])] : [])
        for (rowCount, columns, queryCount, ks) in shapes {
            let (training, queries) = Self.adversarialData(rows: rowCount, columns: columns, queries: queryCount)
            for k in ks {
                let model = try #require(
                    try Self.learner(k: k, metric: metric, p: p, task: .regression)
                        .fit(
                            features: training, targets: .values([Double](repeating: 0, count: rowCount)),
                            context: Self.context) as? FittedNeighborsModel)
                let (indices, distances) = model.neighbors(of: queries)
                let expected = Self.plainSearch(training, queries, k: k, term: term)
                let toDistance: (Double) -> Double =
                    switch metric {
                    case "euclidean": { $0.squareRoot() }
                    case "manhattan": { $0 }
                    default: { Foundation.pow($0, 1 / p) }
                    }
                var mismatches = 0
                for query in 0..<queries.rows {
                    let ours = zip(indices[query], distances[query]).map { Pair(reduced: $1, row: $0) }.sorted()
                    let theirs = expected[query].map { Pair(reduced: toDistance($0.reduced), row: $0.row) }.sorted()
                    if ours != theirs {
                        mismatches += 1
                        if mismatches <= 3 { Issue.record("\(metric) k=\(k) query \(query): \(ours) vs \(theirs)") }
                    }
                }
                #expect(mismatches == 0, "\(metric) p=\(p) k=\(k) \(rowCount)×\(columns)")
            }
        }
    }
}
