import Datasets
import HyperplanCore
import HyperplanTestSupport
import Learners
import Metrics
import Resampling
import Testing

/// `knn` against scikit-learn 1.9.1 (`Tests/Fixtures/reference/knn.json`, made by
/// `scripts/reference/make_knn_reference.py`): every per-split score of `GridSearchCV` over n_neighbors ×
/// weights × metric, and the neighbours, distances, labels and probabilities of single fits.
@Suite("k-nearest neighbours against scikit-learn", .tags(.slow))
struct KNearestNeighborsReferenceTests {
    /// The cases of `kind` on the large datasets (`large: true`) or the others; none is an error.
    static func cases(_ kind: String, large: Bool) throws -> [FixtureCase] {
        try ReferenceFixtures.cases("knn") {
            $0.json["kind"]?.stringValue == kind
                && Self.large.contains($0.json["dataset"]?.stringValue ?? "") == large
        }
    }

    /// scikit-learn scorer → (our metric, the sign that turns ours into scikit-learn's).
    static let scorers: [String: (metric: String, sign: Double)] = [
        "accuracy": ("accuracy", 1), "f1_macro": ("f1_macro", 1), "neg_log_loss": ("log_loss", -1),
        "r2": ("r2", 1), "neg_mean_squared_error": ("mse", -1),
    ]

    /// The larger datasets, in tests of their own so that a failure says which size broke.
    static let large: Set<String> = ["breast_cancer", "digits"]

    @Test("the fixture has the expected cases")
    func fixturePresent() throws {
        let grids = try Self.cases("gridsearch", large: false) + Self.cases("gridsearch", large: true)
        #expect(
            grids.map(\.name).sorted() == ["breast_cancer-knn", "diabetes-knn", "digits-knn", "iris-knn", "wine-knn"])
        let predictions = try Self.cases("predictions", large: false) + Self.cases("predictions", large: true)
        #expect(predictions.count == 10)
    }

    @Test(
        "per-split scores equal scikit-learn's to 1e-9 (iris, wine, diabetes)",
        arguments: try cases("gridsearch", large: false))
    func gridSmall(_ fixture: FixtureCase) throws {
        try compareGrid(fixture)
    }

    @Test(
        "per-split scores equal scikit-learn's to 1e-9 (breast_cancer, digits)",
        arguments: try cases("gridsearch", large: true))
    func gridLarge(_ fixture: FixtureCase) throws {
        try compareGrid(fixture)
    }

    /// For each configuration, our per-split test and train scores against scikit-learn's exact-distance
    /// scores (metric "l2" for the euclidean configurations, whose default scikit-learn path computes distances
    /// by GEMM), all within 1e-9. Then against scikit-learn's default path: the only differences beyond 1e-9
    /// may be train log loss with distance weights, where scikit-learn's GEMM distance of a training row to
    /// itself is ~1e-7 instead of 0 and so other neighbours keep a sliver of weight.
    func compareGrid(_ fixture: FixtureCase) throws {
        let name = try fixture.member("dataset").string()
        let isClassification = try fixture.member("task").string() == "classification"
        let dataset = try ReferenceDatasets.supervised(name, task: isClassification ? .classification : .regression)
        let folds = try splits(try fixture.member("cv"), dataset: dataset)
        let prepared = try folds.map { split in
            try ReferenceFeatures.fold(dataset, train: split.train, validation: split.validation, standardize: true)
        }
        let tolerance = Tolerance.absolute(1e-9)
        var defaultPathDifferences = 0, sklearnPathDifferences = 0
        for config in try fixture.member("configs").array() {
            let learner = try Self.learner(config, task: isClassification ? .classification : .regression)
            let label = try Self.label(config)
            let reference = try config["exact_distance_scores"] ?? config.member("scores")
            let sklearnDefault = try config.member("scores")
            if config["exact_distance_scores"] != nil {
                for (scorer, exact) in try #require(reference.objectValue) {
                    for side in ["test", "train"] {
                        sklearnPathDifferences +=
                            VectorCloseness(
                                try sklearnDefault.member(scorer).member(side).doubles(),
                                reference: try exact.member(side).doubles(), within: tolerance
                            ).failures.count
                    }
                }
            }
            var ours: [String: (test: [Double], train: [Double])] = [:]
            for (split, features) in zip(folds, prepared) {
                let trainTargets = dataset.targets.selecting(split.train)
                let validationTargets = dataset.targets.selecting(split.validation)
                let model = try learner.fit(features: features.train, targets: trainTargets, context: .reference)
                let trainPredictions = model.predict(features.train)
                let validationPredictions = model.predict(features.validation)
                for scorer in try #require(reference.objectValue).keys {
                    let (metricName, sign) = try #require(Self.scorers[scorer], "no metric for '\(scorer)'")
                    let metric = try #require(MetricRegistry.metric(named: metricName))
                    ours[scorer, default: ([], [])].test.append(
                        sign * metric.score(truth: validationTargets, predictions: validationPredictions))
                    ours[scorer, default: ([], [])].train.append(
                        sign * metric.score(truth: trainTargets, predictions: trainPredictions))
                }
            }
            for (scorer, expected) in try #require(reference.objectValue).sorted(by: { $0.key < $1.key }) {
                for side in ["test", "train"] {
                    let actual = side == "test" ? ours[scorer]?.test ?? [] : ours[scorer]?.train ?? []
                    let comparison = VectorCloseness(
                        actual, reference: try expected.member(side).doubles(), within: tolerance)
                    #expect(comparison.isClose, "\(fixture.name) \(label) \(scorer) \(side): \(comparison)")

                    let viaGEMM = VectorCloseness(
                        actual, reference: try sklearnDefault.member(scorer).member(side).doubles(), within: tolerance)
                    if !viaGEMM.isClose {
                        defaultPathDifferences += viaGEMM.failures.count
                        let explained =
                            scorer == "neg_log_loss" && side == "train"
                            && config["weights"]?.stringValue == "distance" && config["exact_distance_scores"] != nil
                        #expect(explained, "\(fixture.name) \(label) \(scorer) \(side) vs GEMM path: \(viaGEMM)")
                    }
                }
            }
        }
        // As many differences from scikit-learn's GEMM path as scikit-learn's two paths have between themselves.
        #expect(defaultPathDifferences == sklearnPathDifferences, "\(fixture.name)")
    }

    @Test(
        "neighbours, distances, labels and probabilities of single fits",
        arguments: try cases("predictions", large: false))
    func predictionsSmall(_ fixture: FixtureCase) throws {
        try comparePredictions(fixture)
    }

    @Test(
        "neighbours, distances, labels and probabilities of single fits (digits)",
        arguments: try cases("predictions", large: true))
    func predictionsLarge(_ fixture: FixtureCase) throws {
        try comparePredictions(fixture)
    }

    func comparePredictions(_ fixture: FixtureCase) throws {
        let (train, test, trainTargets, exactInputs) = try Self.inputs(fixture)
        var hyperparameters = Hyperparameters([
            "n_neighbors": .int(try fixture.member("n_neighbors").int()),
            "weights": .string(try fixture.member("weights").string()),
        ])
        switch try fixture.member("metric").string() {
        case "l2": hyperparameters["metric"] = .string("euclidean")
        case "minkowski":
            hyperparameters["metric"] = .string("minkowski")
            hyperparameters["p"] = .double(try fixture.member("p").double())
        case let metric: hyperparameters["metric"] = .string(metric)
        }
        let task: TaskKind = fixture.json["classes"] != nil ? .classification : .regression
        let learner = KNearestNeighbors(hyperparameters: hyperparameters, task: task)
        let model = try #require(
            try learner.fit(features: train, targets: trainTargets, context: .reference) as? FittedNeighborsModel)

        let (indices, distances) = model.neighbors(of: test)
        let expectedIndices = try fixture.member("parallel_on_x_indices").intRows()
        let expectedDistances = try fixture.member("kneighbors_distances").doubleRows()
        #expect(indices == expectedIndices, "\(fixture.name): neighbour indices")
        // Same inputs bit for bit (raw features): equal distances. Standardized by our scaler, whose last bits
        // may differ from StandardScaler's: distances within 1e-12 relative.
        let distanceTolerance = exactInputs ? Tolerance.absolute(0) : .relative(1e-12, absolute: 1e-12)
        let comparison = VectorCloseness(
            distances.flatMap { $0 }, reference: expectedDistances.flatMap { $0 }, within: distanceTolerance)
        #expect(comparison.isClose, "\(fixture.name) distances: \(comparison)")

        let valueTolerance = Tolerance.relative(1e-13, absolute: 1e-15)
        switch model.predict(test) {
        case .classes(let labels, let probabilities):
            #expect(labels == (try fixture.member("predicted_labels").ints()), "\(fixture.name) labels")
            let ours = try #require(probabilities).storage
            let reference = try fixture.member("probabilities").doubleRows().flatMap { $0 }
            let closeness = VectorCloseness(ours, reference: reference, within: valueTolerance)
            #expect(closeness.isClose, "\(fixture.name) probabilities: \(closeness)")
        case .values(let values):
            let closeness = VectorCloseness(
                values, reference: try fixture.member("predicted_values").doubles(), within: valueTolerance)
            #expect(closeness.isClose, "\(fixture.name) predictions: \(closeness)")
        }
    }

    // MARK: - Helpers

    /// The training and query features and training targets of a prediction case, and whether they are the
    /// exact values scikit-learn saw (raw features) rather than standardized by our own scaler.
    static func inputs(_ fixture: FixtureCase) throws -> (Matrix, Matrix, Targets, Bool) {
        let train = try fixture.member("train_indices").ints()
        let test = try fixture.member("test_indices").ints()
        let standardize = try fixture.member("standardize") == .bool(true)
        guard let name = fixture.json["dataset"]?.stringValue else {
            let rows = try fixture.member("features").doubleRows()
            let labels = try fixture.member("labels").ints()
            let classCount = try fixture.member("classes").array().count
            return (
                Matrix(rowArrays: train.map { rows[$0] }), Matrix(rowArrays: test.map { rows[$0] }),
                .classes(train.map { labels[$0] }, classCount: classCount), true
            )
        }
        let isClassification = fixture.json["classes"] != nil
        let dataset = try ReferenceDatasets.supervised(name, task: isClassification ? .classification : .regression)
        if isClassification {
            #expect(dataset.classNames == (try fixture.member("classes").strings()))
        }
        return (
            try ReferenceFeatures.matrix(dataset, rows: train, standardize: standardize, fittedOn: train),
            try ReferenceFeatures.matrix(dataset, rows: test, standardize: standardize, fittedOn: train),
            dataset.targets.selecting(train), !standardize
        )
    }

    static func learner(_ config: JSONValue, task: TaskKind) throws -> KNearestNeighbors {
        var hyperparameters = Hyperparameters([
            "n_neighbors": .int(try config.member("n_neighbors").int()),
            "weights": .string(try config.member("weights").string()),
            "metric": .string(try config.member("metric").string()),
        ])
        if let p = config["p"]?.doubleValue { hyperparameters["p"] = .double(p) }
        return KNearestNeighbors(hyperparameters: hyperparameters, task: task)
    }

    static func label(_ config: JSONValue) throws -> String {
        let p = config["p"]?.doubleValue.map { " p=\($0)" } ?? ""
        return "k=\(try config.member("n_neighbors").int()) \(try config.member("weights").string()) "
            + "\(try config.member("metric").string())\(p)"
    }

    /// The case's folds from our own unshuffled schemes (themselves checked against folds.json).
    func splits(_ cv: JSONValue, dataset: SupervisedDataset) throws -> [Split] {
        let options = Hyperparameters(["folds": .int(try cv.member("folds").int()), "shuffle": .bool(false)])
        var generator = SeededGenerator(seed: 0, key: "cv")
        switch try cv.member("scheme").string() {
        case "kfold":
            return try KFold(options: options).splits(rowCount: dataset.rowCount, strata: nil, generator: &generator)
        case "stratified_kfold":
            return try StratifiedKFold(options: options)
                .splits(rowCount: dataset.rowCount, strata: dataset.classLabels, generator: &generator)
        case let scheme:
            throw FixtureError("unknown cv scheme '\(scheme)'")
        }
    }
}
