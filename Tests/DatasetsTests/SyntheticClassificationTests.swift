import Datasets
import HyperplanCore
import Testing

/// `synthetic:classification`: shape, class sizes, label noise and the informative / redundant / repeated /
/// noise structure. Statistical bounds are five standard errors (stated at each test).
@Suite("Synthetic: classification")
struct SyntheticClassificationTests {
    @Test("columns x0…x{p−1} and an integral target y in 0..<classes")
    func shape() throws {
        let loaded = try Synthetic.generate("classification", ["samples": .int(500), "features": .int(7)])
        let table = loaded.table
        #expect(table.columnNames == ["x0", "x1", "x2", "x3", "x4", "x5", "x6", "y"])
        #expect(table.rowCount == 500)
        #expect(table.columns.allSatisfy { $0.isNumeric && $0.count == 500 && $0.missingCount == 0 })
        let labels = try Synthetic.column(table, "y")
        #expect(Set(labels) == [0, 1])
        #expect(try #require(table.column(named: "y")).isIntegral)
        let supervised = try SupervisedDataset.make(
            from: loaded, target: "y", features: nil, drop: [], task: .classification)
        #expect(supervised.classNames == ["0", "1"])
        #expect(supervised.featureColumns.count == 7)
    }

    @Test("class sizes follow scikit-learn's split of rows among clusters")
    func classSizes() throws {
        // 1000 rows, 3 classes × 2 clusters: ⌊1000/3/2⌋ = 166 per cluster, the 4 left over go to clusters
        // 0–3, and cluster c is class c % 3: classes get 167 + 167, 167 + 166, 167 + 166.
        let equal = try Synthetic.generate(
            "classification",
            ["samples": .int(1000), "classes": .int(3), "informative": .int(3), "flip_y": .double(0)])
        let labels = try Synthetic.column(equal.table, "y")
        #expect((0..<3).map { label in labels.filter { $0 == Double(label) }.count } == [334, 333, 333])
        // Relative weights 1 : 3 give 250 and 750 rows.
        let weighted = try Synthetic.generate(
            "classification",
            ["samples": .int(1000), "weights": .list([.int(1), .int(3)]), "flip_y": .double(0)])
        let weightedLabels = try Synthetic.column(weighted.table, "y")
        #expect(weightedLabels.filter { $0 == 0 }.count == 250)
        #expect(weightedLabels.filter { $0 == 1 }.count == 750)
    }

    @Test("flip_y redraws labels: about flip_y·(k−1)/k of them change, and nothing else does")
    func labelNoise() throws {
        let options: [String: ParameterValue] = ["samples": .int(20_000), "classes": .int(4), "informative": .int(3)]
        var clean = options
        clean["flip_y"] = .double(0)
        var noisy = options
        noisy["flip_y"] = .double(0.2)
        let before = try Synthetic.generate("classification", clean).table
        let after = try Synthetic.generate("classification", noisy).table
        #expect(try Synthetic.features(before) == Synthetic.features(after))
        let changed = zip(try Synthetic.column(before, "y"), try Synthetic.column(after, "y")).filter { $0 != $1 }.count
        // A redrawn label changes with probability 3/4: expected share 0.15, standard error √(0.15·0.85/20000).
        let share = Double(changed) / 20_000
        let bound = 5 * (0.15 * 0.85 / 20_000).squareRoot()
        #expect(abs(share - 0.15) < bound, "changed share \(share)")
    }

    @Test("unshuffled: informative at the vertices, redundant exact combinations, repeated copies, noise")
    func structure() throws {
        let samples = 5000
        let table = try Synthetic.generate(
            "classification",
            [
                "samples": .int(samples), "features": .int(8), "informative": .int(3), "redundant": .int(2),
                "repeated": .int(1), "clusters_per_class": .int(1), "class_sep": .double(2), "flip_y": .double(0),
                "shuffle": .bool(false),
            ]
        ).table
        let columns = try Synthetic.features(table)
        let labels = try Synthetic.column(table, "y")
        let informative = Array(columns[0..<3])

        // One cluster per class, centred at a vertex of {−2, 2}³: each class mean is within 5 standard errors
        // of ±2 (a feature's standard deviation is at most √3, the norm of a column of A ∈ [−1, 1)³ˣ³).
        var vertices: [[Double]] = []
        for label in 0..<2 {
            let rows = labels.indices.filter { labels[$0] == Double(label) }
            let means = informative.map { column in Synthetic.mean(rows.map { column[$0] }) }
            let standardError = 3.0.squareRoot() / Double(rows.count).squareRoot()
            for mean in means {
                #expect(abs(abs(mean) - 2) < 5 * standardError, "class \(label) mean \(mean)")
            }
            vertices.append(means.map { $0 > 0 ? 2 : -2 })
        }
        #expect(vertices[0] != vertices[1], "both classes at the vertex \(vertices[0])")

        // Redundant columns: least squares on the informative ones leaves only rounding.
        for index in 3..<5 {
            let (_, residuals) = Synthetic.leastSquares(informative, columns[index])
            let scale = Synthetic.variance(columns[index]).squareRoot()
            let largest = residuals.map(abs).max() ?? .infinity
            #expect(largest < 1e-10 * scale, "x\(index): residual \(largest)")
        }
        // The repeated column copies one of the five before it.
        #expect(columns[0..<5].contains { $0 == columns[5] })
        // Noise columns: standard normal, unrelated to the class (mean within 5/√n of 0, variance within
        // 5·√(2/n) of 1, and the class means equal within 5 standard errors of a difference).
        for index in 6..<8 {
            let column = columns[index]
            #expect(abs(Synthetic.mean(column)) < 5 / Double(samples).squareRoot())
            #expect(abs(Synthetic.variance(column) - 1) < 5 * (2 / Double(samples)).squareRoot())
            let zero = labels.indices.filter { labels[$0] == 0 }.map { column[$0] }
            let one = labels.indices.filter { labels[$0] == 1 }.map { column[$0] }
            let difference = Synthetic.mean(zero) - Synthetic.mean(one)
            let standardError = (1 / Double(zero.count) + 1 / Double(one.count)).squareRoot()
            #expect(abs(difference) < 5 * standardError, "x\(index): class means differ by \(difference)")
        }
        // Unshuffled rows come grouped by cluster: class 0's rows first.
        #expect(labels == labels.sorted())
    }

    @Test("shuffle permutes rows and columns; the noise columns are the same draws")
    func shuffling() throws {
        var options: [String: ParameterValue] = [
            "samples": .int(400), "features": .int(6), "informative": .int(2), "redundant": .int(1),
            "flip_y": .double(0),
        ]
        options["shuffle"] = .bool(false)
        let ordered = try Synthetic.generate("classification", options).table
        options["shuffle"] = .bool(true)
        let shuffled = try Synthetic.generate("classification", options).table
        let orderedLabels = try Synthetic.column(ordered, "y")
        let shuffledLabels = try Synthetic.column(shuffled, "y")
        // Two clusters per class: unshuffled, the rows come as four blocks by cluster.
        #expect(shuffledLabels.sorted() == orderedLabels.sorted())
        #expect(orderedLabels == [0, 1, 0, 1].flatMap { [Double](repeating: $0, count: 100) })
        #expect(shuffledLabels != orderedLabels)
        let shuffledColumns = try Synthetic.features(shuffled)
        for noise in try Synthetic.features(ordered)[3..<6] { #expect(shuffledColumns.contains(noise)) }
    }

    @Test("rules between options are reported by problems(with:) and thrown by generate")
    func crossOptionRules() throws {
        let cases: [([String: ParameterValue], String, String)] = [
            (
                ["features": .int(4), "informative": .int(2), "redundant": .int(2), "repeated": .int(1)], "features",
                "'informative' + 'redundant' + 'repeated' (5) must be at most 'features' (4)"
            ),
            (
                ["classes": .int(3), "informative": .int(2)], "informative",
                "'classes' × 'clusters_per_class' (6) must be at most 2^'informative' (4)"
            ),
            (
                ["weights": .list([.int(1), .int(2), .int(3)])], "weights",
                "'weights' must have one entry per class (2)"
            ),
            (["weights": .list([.int(0), .int(0)])], "weights", "'weights' must not all be 0"),
            (["samples": .int(100_000_000), "features": .int(100)], "samples", "must be at most 1000000000 values"),
        ]
        for (options, option, message) in cases {
            let resolved = Hyperparameters(options).withDefaults(from: SyntheticClassification.schema)
            let problems = SyntheticClassification.problems(with: resolved)
            #expect(problems.map(\.option) == [option], "\(options)")
            #expect(problems.first?.message.contains(message) == true, "\(problems)")
            let error = Synthetic.error { _ = try Synthetic.generate("classification", options) }
            #expect(error?.id == "invalid-value")
            #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        }
    }
}
