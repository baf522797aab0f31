import Executor
import HyperplanCore
import HyperplanTestSupport
import Search
import Testing

/// The whole pipeline (validation, planning, folds, per-fold preprocessing, fitting, scoring) reproduces
/// scikit-learn's `GridSearchCV` per-configuration, per-fold scores on unshuffled folds
/// (Tests/Fixtures/reference/gridsearch.json, made by scripts/reference/make_reference.py).
@Suite("Pipeline agrees with GridSearchCV")
struct GridSearchAgreementTests {
    static var cases: [FixtureCase] {
        get throws { try ReferenceFixtures.cases("gridsearch") }
    }

    /// scikit-learn scorer name → (Hyperplan metric, sign that turns ours into theirs).
    static let scorers: [String: (String, Double)] = [
        "accuracy": ("accuracy", 1), "balanced_accuracy": ("balanced_accuracy", 1), "f1_macro": ("f1_macro", 1),
        "precision_macro": ("precision_macro", 1), "recall_macro": ("recall_macro", 1),
        "neg_log_loss": ("log_loss", -1),
        "r2": ("r2", 1), "neg_mean_squared_error": ("mse", -1), "neg_root_mean_squared_error": ("rmse", -1),
        "neg_mean_absolute_error": ("mae", -1), "explained_variance": ("explained_variance", 1),
    ]

    @Test("the fixture has the cases this suite expects")
    func fixturePresent() throws {
        #expect(
            try Self.cases.map(\.name).sorted() == [
                "breast_cancer-logistic", "diabetes-ols", "diabetes-ridge", "diabetes-ridge-raw", "iris-logistic",
                "wine-logistic",
            ])
    }

    /// The experiment file equivalent to a fixture case.
    static func experiment(for fixture: FixtureCase) throws -> (yaml: String, values: [Double?], metrics: [String]) {
        let model = try fixture.member("model").string()
        let dataset = try fixture.member("dataset").string()
        let cv = try fixture.member("cv")
        let configs = try fixture.member("configs").array()
        let values = configs.map { $0["value"]?.doubleValue }
        let scorerNames = (configs.first?["scores"]?.objectValue?.keys).map { Array($0).sorted() } ?? []
        let metrics = scorerNames.compactMap { scorers[$0]?.0 }
        var lines = ["name: agreement", "dataset:", "  source: builtin:\(dataset)"]
        if try fixture.member("standardize") == .bool(true) { lines.append("  preprocess: [standardize]") }
        lines += ["model:", "  type: \(model)"]
        let penalty = try fixture.member("penalty").string()
        lines.append("  penalty: \(penalty)")
        if let param = fixture.json["param"]?.stringValue {
            let choices = values.compactMap { $0 }.map { $0.description }.joined(separator: ", ")
            lines.append("  \(param): {choice: [\(choices)]}")
        }
        lines += [
            "cv:", "  scheme: \(try cv.member("scheme").string())", "  folds: \(try cv.member("folds").int())",
            "search:", "  strategy: grid", "  metric: \(metrics[0])", "  metrics: [\(metrics.joined(separator: ", "))]",
        ]
        return (lines.joined(separator: "\n") + "\n", values, metrics)
    }

    @Test("per-fold train and validation scores equal scikit-learn's", arguments: try cases)
    func agreement(_ fixture: FixtureCase) async throws {
        let (yaml, values, _) = try Self.experiment(for: fixture)
        let outcome = try await PipelineHarness.run(yaml, jobs: 2)
        let model = try fixture.member("model").string()
        // Ridge and OLS are closed form: equal to rounding. Logistic regression is iterative on both sides.
        let tolerance: Tolerance = model == "linear_regression" ? .absolute(1e-9) : .absolute(1e-4)
        let configs = try fixture.member("configs").array()
        #expect(outcome.selection.trials.count == configs.count)
        for (index, config) in configs.enumerated() {
            let trial = outcome.selection.trials[index]
            if let value = values[index], let param = fixture.json["param"]?.stringValue {
                #expect(trial.configuration["model.\(param)"]?.doubleValue == value)
            }
            #expect(trial.isOK, "\(trial.status)")
            for (scorer, reference) in try config.member("scores").objectValue ?? [:] {
                guard let (metric, sign) = Self.scorers[scorer] else {
                    Issue.record("no Hyperplan metric for scikit-learn scorer '\(scorer)'")
                    continue
                }
                for (side, key) in [("validation", "test"), ("train", "train")] {
                    let expected = try reference.member(key).doubles()
                    let actual = trial.folds.map { fold in
                        sign * ((side == "validation" ? fold.validationScores : fold.trainScores)[metric] ?? .nan)
                    }
                    let comparison = VectorCloseness(actual, reference: expected, within: tolerance)
                    #expect(comparison.isClose, "config \(index) \(scorer) \(side): \(comparison)")
                }
                let mean = sign * (trial.validation[metric]?.mean ?? .nan)
                let std = trial.validation[metric]?.std ?? .nan
                #expect(
                    Closeness(mean, reference: try reference.member("mean_test").double(), within: tolerance).isClose)
                #expect(Closeness(std, reference: try reference.member("std_test").double(), within: tolerance).isClose)
            }
        }
    }
}
