import Datasets
import HyperplanCore
import HyperplanTestSupport
import Learners
import Metrics
import Resampling
import Testing

/// Per-split test and train scores of scikit-learn's `GridSearchCV` in `linear_penalties.json` (Lasso and
/// ElasticNet on diabetes; l1, elastic-net and class-balanced logistic regression on iris, wine and an
/// imbalanced subset of breast_cancer), reproduced with our unshuffled folds, per-fold standardization,
/// learners and metrics.
@Suite("Grid-search scores of lasso, elastic net and penalised logistic regression equal scikit-learn's")
struct ElasticNetGridSearchTests {
    static var cases: [FixtureCase] {
        get throws { try ReferenceFixtures.cases("linear_penalties", kind: "gridsearch") }
    }

    /// scikit-learn's scorer names: our metric and the sign scikit-learn gives it.
    static let scorers: [String: (metric: String, sign: Double)] = [
        "accuracy": ("accuracy", 1), "neg_log_loss": ("log_loss", -1), "r2": ("r2", 1),
        "neg_mean_squared_error": ("mse", -1),
    ]

    @Test("the fixture has the eight grid searches")
    func fixturePresent() throws {
        #expect(try Self.cases.count == 8)
    }

    /// Both sides solve to tight convergence (scikit-learn's coordinate descent at tol 1e-12, its saga
    /// polished to the KKT conditions, newton-cholesky at tol 1e-12; ours at their defaults), but they are
    /// different iterative solvers, so scores are compared to 1e-4 rather than to rounding.
    @Test("per-split test and train scores of every configuration", arguments: try cases)
    func matchesReference(_ fixture: FixtureCase) throws {
        let model = try fixture.member("model").string()
        let isLogistic = model == "logistic_regression"
        let dataset = try ReferenceDatasets.supervised(
            try fixture.member("dataset").string(), task: isLogistic ? .classification : .regression)
        let rows = try fixture.json["rows"].flatMap { $0.isNull ? nil : try $0.ints() } ?? Array(0..<dataset.rowCount)
        let standardize = try fixture.member("standardize") == .bool(true)
        let splits = try folds(of: fixture, dataset: dataset, rows: rows)
        let tolerance = Tolerance.absolute(1e-4)

        for (configIndex, config) in try fixture.member("configs").array().enumerated() {
            let learner = try learner(for: fixture, value: try config.member("value").double())
            let scores = try #require(try config.member("scores").objectValue)
            var ours: [String: (test: [Double], train: [Double])] = [:]
            for split in splits {
                let train = split.train.map { rows[$0] }, validation = split.validation.map { rows[$0] }
                let (trainFeatures, validationFeatures) = try ReferenceFeatures.fold(
                    dataset, train: train, validation: validation, standardize: standardize)
                let trainTargets = dataset.targets.selecting(train)
                let validationTargets = dataset.targets.selecting(validation)
                let fitted = try learner.fit(features: trainFeatures, targets: trainTargets, context: .reference)
                #expect(fitted.report.converged, "\(fixture.name) config \(configIndex): \(fitted.report)")
                let trainPredictions = fitted.predict(trainFeatures)
                let validationPredictions = fitted.predict(validationFeatures)
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
                let label = "\(fixture.name) config \(configIndex) \(scorer)"
                let test = VectorCloseness(
                    ours[scorer]?.test ?? [], reference: try reference.member("test").doubles(), within: tolerance)
                #expect(test.isClose, "\(label) test: \(test)")
                let train = VectorCloseness(
                    ours[scorer]?.train ?? [], reference: try reference.member("train").doubles(), within: tolerance)
                #expect(train.isClose, "\(label) train: \(train)")
            }
        }
    }

    /// The case's folds over its rows (positions in `rows`), from our own unshuffled schemes.
    private func folds(of fixture: FixtureCase, dataset: SupervisedDataset, rows: [Int]) throws -> [Split] {
        let cv = try fixture.member("cv")
        let options = Hyperparameters(["folds": .int(try cv.member("folds").int()), "shuffle": .bool(false)])
        var generator = SeededGenerator(seed: 0, key: "cv")
        switch try cv.member("scheme").string() {
        case "kfold":
            return try KFold(options: options).splits(rowCount: rows.count, strata: nil, generator: &generator)
        case "stratified_kfold":
            let labels = try #require(dataset.classLabels)
            return try StratifiedKFold(options: options)
                .splits(rowCount: rows.count, strata: rows.map { labels[$0] }, generator: &generator)
        case let scheme:
            throw FixtureError("unknown cv scheme '\(scheme)' in \(fixture.name)")
        }
    }

    /// The case's fixed hyperparameters with the grid's parameter (`alpha` or `C`) set to `value`.
    private func learner(for fixture: FixtureCase, value: Double) throws -> any Learner {
        var hyperparameters = Hyperparameters()
        for (name, setting) in try #require(try fixture.member("hyperparameters").objectValue) {
            if let number = setting.doubleValue {
                hyperparameters[name] = .double(number)
            } else {
                hyperparameters[name] = .string(try setting.string())
            }
        }
        hyperparameters[try fixture.member("param").string()] = .double(value)
        switch try fixture.member("model").string() {
        case "logistic_regression": return LogisticRegression(hyperparameters: hyperparameters, task: .classification)
        case "linear_regression": return LinearRegression(hyperparameters: hyperparameters, task: .regression)
        case let model: throw FixtureError("unknown model '\(model)' in \(fixture.name)")
        }
    }
}
