import Datasets
import Foundation
import HyperplanCore
import HyperplanTestSupport
import Resampling
import Testing

@testable import Learners

/// `mlp` against scikit-learn's MLPClassifier / MLPRegressor (`mlp.json`, made by
/// scripts/reference/make_mlp_reference.py).
@Suite("MLP agrees with scikit-learn", .tags(.slow))
struct MLPReferenceTests {
    static var steps: [FixtureCase] {
        get throws { try ReferenceFixtures.cases("mlp", kind: "sgd_step") }
    }

    /// The CV-accuracy comparisons on `datasets`; none is an error.
    static func comparisons(_ datasets: Set<String>) throws -> [FixtureCase] {
        try ReferenceFixtures.cases("mlp") {
            $0.json["kind"]?.stringValue == "cv_accuracy" && datasets.contains($0.json["dataset"]?.stringValue ?? "")
        }
    }

    /// One full-batch SGD step (momentum 0) from the fixture's initial weights: the updated weights and
    /// intercepts equal scikit-learn's `partial_fit` (NumPy's for GELU) to 1e-12, and the reported objective
    /// equals scikit-learn's `loss_` (loss at the initial weights plus α/(2n)·‖W‖²) to 1e-12 relative.
    @Test("one SGD step from given weights", arguments: try steps)
    func sgdStep(_ fixture: FixtureCase) throws {
        let x = Matrix(rowArrays: try fixture.member("X").doubleRows())
        let task = try fixture.member("task").string()
        let targets: Targets
        if task == "regression" {
            targets = .values(try fixture.member("y").doubles())
        } else {
            targets = .classes(try fixture.member("y").ints(), classCount: try fixture.member("class_count").int())
        }
        let hidden = try fixture.member("hidden_layers").ints()
        let learner = MultilayerPerceptron(
            hyperparameters: Hyperparameters([
                "hidden_layers": .list(hidden.map(ParameterValue.int)),
                "activation": .string(try fixture.member("activation").string()),
                "weight_decay": .double(try fixture.member("alpha").double()),
            ]),
            task: task == "regression" ? .regression : .classification)
        let schedule = TrainingSchedule(
            options: Hyperparameters([
                "epochs": .int(1), "batch_size": .int(x.rows), "shuffle": .bool(false),
                "optimizer.type": .string("sgd"),
                "learning_rate.initial": .double(try fixture.member("learning_rate").double()),
            ]))
        let model = try learner.fit(
            features: x, targets: targets, context: FitContext(seed: 0, key: "step", schedule: schedule),
            initialParameters: try Self.flattened(fixture, coefficients: "coefs", intercepts: "intercepts"))

        let expected = try Self.flattened(fixture, coefficients: "updated_coefs", intercepts: "updated_intercepts")
        let weights = VectorCloseness(model.weights, reference: expected, within: .relative(1e-12, absolute: 1e-12))
        #expect(weights.isClose, "\(weights)")
        let loss = Closeness(
            model.report.objective ?? .nan, reference: try fixture.member("loss").double(), within: .relative(1e-12))
        #expect(loss.isClose, "\(loss)")
    }

    /// The fixture's layers in the network's parameter layout: each layer's weights row-major, then intercepts.
    static func flattened(_ fixture: FixtureCase, coefficients: String, intercepts: String) throws -> [Double] {
        let layers = try fixture.member(coefficients).array()
        let biases = try fixture.member(intercepts).array()
        var result: [Double] = []
        for (layer, bias) in zip(layers, biases) {
            result += try layer.doubleRows().flatMap { $0 }
            result += try bias.doubles()
        }
        return result
    }

    // MARK: - Statistical agreement of cross-validated accuracy

    /// scikit-learn initialises and shuffles with its own generator, so single fits cannot match. What can
    /// match is the distribution of results: for each dataset and configuration the fixture holds the mean
    /// 5-fold CV accuracy (unshuffled StratifiedKFold, StandardScaler fitted on each training fold) for 100
    /// random_state values; Hyperplan computes the same for seeds 0–9. The test: the two samples' means
    /// differ by at most 3 standard errors of the difference, SE = √(s₁²/10 + s₂²/100) (about Welch's t-test
    /// at α = 0.01: t₀.₉₉₅ is 3.1 at Welch's ~11 degrees of freedom here, 2.9 at 18).
    ///
    /// scikit-learn's sample is 100 random states rather than 10 so that its mean is known to ~0.0005 and
    /// the bound reflects Hyperplan's spread; with 10 against 10, iris/adam_relu once landed at 3.2 SE
    /// (scikit-learn's 10 states averaging 0.9700 where 100 average 0.9656 and Hyperplan's 100 seeds 0.9655).
    ///
    /// iris and wine run in every build; breast_cancer and digits take minutes unoptimised, so they run in
    /// optimised builds (`swift test -c release -Xswiftc -enable-testing --filter MLPReferenceTests`).
    @Test(
        "CV accuracy over 10 seeds matches scikit-learn's over 100 random states (iris, wine)",
        arguments: try comparisons(["iris", "wine"]))
    func crossValidatedAccuracySmall(_ fixture: FixtureCase) throws {
        try compareCrossValidatedAccuracy(fixture)
    }

    @Test(
        "CV accuracy over 10 seeds matches scikit-learn's over 100 random states (breast_cancer, digits)",
        arguments: try comparisons(["breast_cancer", "digits"]))
    func crossValidatedAccuracyLarge(_ fixture: FixtureCase) throws {
        try compareCrossValidatedAccuracy(fixture)
    }

    func compareCrossValidatedAccuracy(_ fixture: FixtureCase) throws {
        let dataset = try ReferenceDatasets.supervised(try fixture.member("dataset").string())
        let labels = try #require(dataset.classLabels)
        var generator = SeededGenerator(seed: 0, key: "unused")
        let splits = try StratifiedKFold(options: Hyperparameters(["folds": .int(5)]))
            .splits(rowCount: dataset.rowCount, strata: labels, generator: &generator)
        let folds = try splits.map { split in
            let (train, validation) = try ReferenceFeatures.fold(
                dataset, train: split.train, validation: split.validation, standardize: true)
            return (
                train: train, trainTargets: dataset.targets.selecting(split.train), validation: validation,
                validationLabels: split.validation.map { labels[$0] }
            )
        }
        let learner = MultilayerPerceptron(
            hyperparameters: Hyperparameters([
                "hidden_layers": .list(try fixture.member("hidden_layers").ints().map(ParameterValue.int)),
                "activation": .string(try fixture.member("activation").string()),
                "weight_decay": .double(try fixture.member("weight_decay").double()),
            ]),
            task: .classification)
        let schedule = TrainingSchedule(options: try Self.options(try fixture.member("schedule")))

        var ours: [Double] = []
        for seed in 0..<10 {
            var total = 0.0
            for (index, fold) in folds.enumerated() {
                let model = try learner.fit(
                    features: fold.train, targets: fold.trainTargets,
                    context: FitContext(seed: UInt64(seed), key: "fold/\(index)", schedule: schedule),
                    initialParameters: nil)
                guard case .classes(let predicted, _) = model.predict(fold.validation) else {
                    Issue.record("no class predictions")
                    return
                }
                total += Double(zip(predicted, fold.validationLabels).count { $0 == $1 }) / Double(predicted.count)
            }
            ours.append(total / Double(folds.count))
        }
        let theirs = try fixture.member("random_states").array().map { try $0.member("mean_accuracy").double() }
        let comparison = SampleComparison(ours, theirs)
        #expect(comparison.agrees, "\(comparison)")
    }

    /// A schedule's dotted options from the fixture's JSON object.
    static func options(_ json: JSONValue) throws -> Hyperparameters {
        guard case .object(let members) = json else { throw FixtureError("schedule is not an object") }
        var options = Hyperparameters()
        for (name, value) in members {
            switch value {
            case .int(let number): options[name] = .int(number)
            case .double(let number): options[name] = .double(number)
            case .string(let text): options[name] = .string(text)
            case .bool(let flag): options[name] = .bool(flag)
            default: throw FixtureError("schedule option '\(name)' has an unexpected value")
            }
        }
        return options
    }
}

/// Two samples' means compared within 3 standard errors of their difference.
struct SampleComparison: CustomStringConvertible {
    var ours: [Double]
    var theirs: [Double]

    init(_ ours: [Double], _ theirs: [Double]) {
        self.ours = ours
        self.theirs = theirs
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    /// The sample variance (n − 1 in the denominator).
    static func variance(_ values: [Double]) -> Double {
        let m = mean(values)
        return values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
    }

    var difference: Double { Self.mean(ours) - Self.mean(theirs) }

    /// √(s₁²/n₁ + s₂²/n₂).
    var standardError: Double {
        (Self.variance(ours) / Double(ours.count) + Self.variance(theirs) / Double(theirs.count)).squareRoot()
    }

    var agrees: Bool { abs(difference) <= 3 * standardError }

    var description: String {
        let format = { (value: Double) in String(format: "%.4f", value) }
        return "Hyperplan mean \(format(Self.mean(ours))) (sd \(format(Self.variance(ours).squareRoot()))), "
            + "scikit-learn mean \(format(Self.mean(theirs))) (sd \(format(Self.variance(theirs).squareRoot()))): "
            + "difference \(format(difference)), allowed 3 × SE = \(format(3 * standardError)); "
            + "Hyperplan's means \(ours.map(format))"
    }
}
