import Datasets
import HyperplanCore
import HyperplanTestSupport
import Learners
import Metrics
import Resampling
import Testing

/// Every per-split test and train score of scikit-learn's `GridSearchCV` runs in `gridsearch.json`,
/// reproduced with our unshuffled folds, per-fold standardization, learners and metrics.
@Suite("Grid-search scores equal scikit-learn's", .tags(.slow))
struct GridSearchReferenceTests {
    /// scikit-learn's scorer names: our metric, and the sign scikit-learn gives it (`neg_*` is −loss).
    static let scorers: [String: (metric: String, sign: Double)] = [
        "accuracy": ("accuracy", 1), "balanced_accuracy": ("balanced_accuracy", 1), "f1_macro": ("f1_macro", 1),
        "precision_macro": ("precision_macro", 1), "recall_macro": ("recall_macro", 1),
        "neg_log_loss": ("log_loss", -1), "r2": ("r2", 1), "neg_mean_squared_error": ("mse", -1),
        "neg_root_mean_squared_error": ("rmse", -1), "neg_mean_absolute_error": ("mae", -1),
        "explained_variance": ("explained_variance", 1),
    ]

    @Test(
        "per-split test and train scores of every configuration", arguments: try ReferenceFixtures.cases("gridsearch"))
    func matchesReference(_ fixture: FixtureCase) throws {
        let model = try fixture.member("model").string()
        let isLogistic = model == "logistic_regression"
        let dataset = try ReferenceDatasets.supervised(
            try fixture.member("dataset").string(), task: isLogistic ? .classification : .regression)
        let splits = try folds(of: fixture, dataset: dataset)
        let standardize = try fixture.member("standardize") == .bool(true)
        // Closed-form fits agree to ~1e-12; scikit-learn's lbfgs stops short of the optimum (its
        // coefficients are off by up to ~1e-3 at large C), so logistic scores agree less closely.
        let tolerance = Tolerance.absolute(isLogistic ? 1e-4 : 1e-9)

        for (configIndex, config) in try fixture.member("configs").array().enumerated() {
            let learner = try learner(for: fixture, value: try config.member("value"))
            let scores = try #require(try config.member("scores").objectValue)
            var ours: [String: (test: [Double], train: [Double])] = [:]
            for split in splits {
                let (train, validation) = try ReferenceFeatures.fold(
                    dataset, train: split.train, validation: split.validation, standardize: standardize)
                let trainTargets = dataset.targets.selecting(split.train)
                let validationTargets = dataset.targets.selecting(split.validation)
                let fitted = try learner.fit(features: train, targets: trainTargets, context: .reference)
                let trainPredictions = fitted.predict(train)
                let validationPredictions = fitted.predict(validation)
                for scorer in scores.keys {
                    guard let (name, sign) = Self.scorers[scorer], let metric = MetricRegistry.metric(named: name)
                    else {
                        Issue.record("no metric for scikit-learn scorer '\(scorer)'")
                        continue
                    }
                    ours[scorer, default: ([], [])].test.append(
                        sign * metric.score(truth: validationTargets, predictions: validationPredictions))
                    ours[scorer, default: ([], [])].train.append(
                        sign * metric.score(truth: trainTargets, predictions: trainPredictions))
                }
            }
            for (scorer, reference) in scores.sorted(by: { $0.key < $1.key }) {
                let parameter = fixture.json["param"]?.stringValue ?? "no parameter"
                let value = config["value"]?.canonicalString() ?? "null"
                let label = "\(fixture.name) config \(configIndex) (\(parameter) = \(value)) \(scorer)"
                let test = VectorCloseness(
                    ours[scorer]?.test ?? [], reference: try reference.member("test").doubles(), within: tolerance)
                #expect(test.isClose, "\(label) test: \(test)")
                let train = VectorCloseness(
                    ours[scorer]?.train ?? [], reference: try reference.member("train").doubles(), within: tolerance)
                #expect(train.isClose, "\(label) train: \(train)")
            }
        }
    }

    /// The case's folds from our own unshuffled schemes (themselves checked against folds.json).
    private func folds(of fixture: FixtureCase, dataset: SupervisedDataset) throws -> [Split] {
        let cv = try fixture.member("cv")
        let options = Hyperparameters(["folds": .int(try cv.member("folds").int()), "shuffle": .bool(false)])
        var generator = SeededGenerator(seed: 0, key: "cv")
        switch try cv.member("scheme").string() {
        case "kfold":
            return try KFold(options: options).splits(rowCount: dataset.rowCount, strata: nil, generator: &generator)
        case "stratified_kfold":
            return try StratifiedKFold(options: options)
                .splits(rowCount: dataset.rowCount, strata: dataset.classLabels, generator: &generator)
        case let scheme:
            throw FixtureError("unknown cv scheme '\(scheme)' in \(fixture.name)")
        }
    }

    /// The configuration's learner: the grid's parameter (`C` or `alpha`) set to `value`, the rest as in
    /// the fixture's pipeline.
    private func learner(for fixture: FixtureCase, value: JSONValue) throws -> any Learner {
        var hyperparameters = Hyperparameters(["penalty": .string(try fixture.member("penalty").string())])
        if let parameter = fixture.json["param"]?.stringValue {
            hyperparameters[parameter] = .double(try value.double())
        }
        switch try fixture.member("model").string() {
        case "logistic_regression": return LogisticRegression(hyperparameters: hyperparameters, task: .classification)
        case "linear_regression": return LinearRegression(hyperparameters: hyperparameters, task: .regression)
        case let model: throw FixtureError("unknown model '\(model)' in \(fixture.name)")
        }
    }
}
