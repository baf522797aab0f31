import Datasets
import Foundation
import HyperplanCore
import HyperplanTestSupport
import Metrics
import Testing

@testable import Learners

/// `mlp` behaviour that needs no reference numbers: what it learns, how it fails, and what it records.
@Suite("MLP behaviour")
struct MLPBehaviourTests {
    func learner(_ values: [String: ParameterValue], task: TaskKind = .classification) -> MultilayerPerceptron {
        MultilayerPerceptron(hyperparameters: Hyperparameters(values), task: task)
    }

    func schedule(_ values: [String: ParameterValue]) -> TrainingSchedule {
        TrainingSchedule(options: Hyperparameters(values))
    }

    @Test("XOR is learned by one hidden layer", arguments: [UInt64(1), 2, 3])
    func xor(seed: UInt64) throws {
        let x = Matrix(rowArrays: [[0, 0], [0, 1], [1, 0], [1, 1]])
        let y = Targets.classes([0, 1, 1, 0], classCount: 2)
        let model = try learner(["hidden_layers": .list([.int(8)]), "activation": .string("tanh")])
            .fit(
                features: x, targets: y,
                context: FitContext(
                    seed: seed, key: "xor",
                    schedule: schedule(["epochs": .int(500), "learning_rate.initial": .double(0.05)])),
                initialParameters: nil)
        guard case .classes(let labels, let probabilities?) = model.predict(x) else {
            Issue.record("no probabilities")
            return
        }
        #expect(labels == [0, 1, 1, 0])
        for (row, label) in [0, 1, 1, 0].enumerated() {
            #expect(probabilities[row, label] > 0.9, "row \(row): \(probabilities.row(row))")
        }
        // A linear model cannot do this: without a hidden layer the best accuracy on XOR is 3/4.
    }

    @Test("a huge learning rate diverges with the epoch where the loss stopped being a number")
    func divergence() throws {
        var generator = SeededGenerator(seed: 4, key: "data")
        var x = Matrix(rows: 40, columns: 3)
        for i in 0..<x.storage.count { x.storage[i] = generator.nextGaussian() }
        let y = Targets.values((0..<40).map { 10 * x[$0, 0] + generator.nextGaussian() })
        let mlp = learner(["hidden_layers": .list([.int(8)])], task: .regression)
        func fit(epochs: Int) throws(FitFailure) -> FittedPerceptron {
            try mlp.fit(
                features: x, targets: y,
                context: FitContext(
                    seed: 1, key: "diverge",
                    schedule: schedule([
                        "epochs": .int(epochs), "optimizer.type": .string("sgd"), "learning_rate.initial": .double(10),
                        "batch_size": .int(10),
                    ])),
                initialParameters: nil)
        }
        var failure: FitFailure?
        do {
            _ = try fit(epochs: 100)
        } catch {
            failure = error
        }
        let reason = try #require(failure?.reason)
        let prefix = "diverged (loss is NaN at epoch "
        #expect(reason.hasPrefix(prefix) && reason.hasSuffix(")"), "\(reason)")
        let epoch = try #require(Int(reason.dropFirst(prefix.count).dropLast()))
        #expect(epoch >= 1)
        // The epoch before is finite and fits; the named one is the first that fails.
        if epoch > 1 {
            let model = try fit(epochs: epoch - 1)
            #expect(model.report.history.allSatisfy { $0.trainLoss.isFinite })
        }
        #expect(throws: FitFailure("diverged (loss is NaN at epoch \(epoch))")) { _ = try fit(epochs: epoch) }
    }

    @Test("the same fit context gives bit-identical models; another seed a different one")
    func determinism() throws {
        let dataset = try ReferenceDatasets.supervised("iris")
        let x = try ReferenceFeatures.allRows(dataset, standardize: true)
        let mlp = learner(["hidden_layers": .list([.int(8)]), "dropout": .double(0.2)])
        let options = schedule(["epochs": .int(5), "batch_size": .int(16)])
        func fit(_ seed: UInt64) throws -> FittedPerceptron {
            try mlp.fit(
                features: x, targets: dataset.targets, context: FitContext(seed: seed, key: "k", schedule: options),
                initialParameters: nil)
        }
        let first = try fit(1)
        let again = try fit(1)
        let other = try fit(2)
        #expect(first.weights == again.weights)
        #expect(first.report == again.report)
        #expect(first.weights != other.weights)
        #expect(first.predict(x) == again.predict(x))
    }

    @Test("history: one record per epoch with the schedule's rate, and the monitored rows' loss and metric")
    func history() throws {
        let dataset = try ReferenceDatasets.supervised("wine")
        let x = try ReferenceFeatures.allRows(dataset, standardize: true)
        let train = Array(stride(from: 0, to: dataset.rowCount, by: 2))
        let held = Array(stride(from: 1, to: dataset.rowCount, by: 2))
        let monitor = EpochMonitor(
            features: x.selectingRows(held), targets: dataset.targets.selecting(held), metricName: "accuracy",
            metric: { Accuracy().score(truth: $0, predictions: $1) })
        let options = schedule([
            "epochs": .int(6), "learning_rate.initial": .double(0.01), "learning_rate.decay": .string("linear"),
        ])
        let model = try learner(["hidden_layers": .list([.int(10)])])
            .fit(
                features: x.selectingRows(train), targets: dataset.targets.selecting(train),
                context: FitContext(seed: 3, key: "h", monitor: monitor, schedule: options), initialParameters: nil)
        let history = model.report.history
        #expect(history.map(\.epoch) == [1, 2, 3, 4, 5, 6])
        #expect(history.map(\.learningRate) == (0..<6).map { options.learningRate.rate(epoch: $0, of: 6) })
        #expect(model.report.iterations == 6)
        #expect(model.report.converged)
        #expect(model.report.objective == history.last?.trainLoss)
        // The last record's validation numbers are those of the returned model on the monitored rows.
        let predictions = model.predict(x.selectingRows(held))
        let lastLoss = Closeness(
            history.last?.validationLoss ?? .nan,
            reference: LogLoss().score(truth: dataset.targets.selecting(held), predictions: predictions),
            within: .relative(1e-12))
        #expect(lastLoss.isClose, "\(lastLoss)")
        #expect(
            history.last?.validationMetric
                == Accuracy().score(truth: dataset.targets.selecting(held), predictions: predictions))
        // The monitor does not steer training: the same fit without it has the same weights.
        let unmonitored = try learner(["hidden_layers": .list([.int(10)])])
            .fit(
                features: x.selectingRows(train), targets: dataset.targets.selecting(train),
                context: FitContext(seed: 3, key: "h", schedule: options), initialParameters: nil)
        #expect(unmonitored.weights == model.weights)
        #expect(unmonitored.report.history.allSatisfy { $0.validationLoss == nil && $0.validationMetric == nil })
    }

    @Test("early stopping ends training on held-out training rows and reports convergence")
    func earlyStopping() throws {
        let dataset = try ReferenceDatasets.supervised("breast_cancer")
        let x = try ReferenceFeatures.allRows(dataset, standardize: true)
        let options = schedule([
            "epochs": .int(300), "learning_rate.initial": .double(0.01), "early_stopping.enabled": .bool(true),
            "early_stopping.patience": .int(5),
        ])
        let model = try learner(["hidden_layers": .list([.int(32)])])
            .fit(
                features: x, targets: dataset.targets, context: FitContext(seed: 1, key: "es", schedule: options),
                initialParameters: nil)
        let epochs = try #require(model.report.iterations)
        #expect(epochs < 300)
        #expect(model.report.converged)
        let accuracy = Accuracy().score(truth: dataset.targets, predictions: model.predict(x))
        #expect(accuracy > 0.95)
    }

    @Test("a class absent from the training rows gets probability 0; two present classes use one sigmoid unit")
    func absentClass() throws {
        let dataset = try ReferenceDatasets.supervised("iris")
        let x = try ReferenceFeatures.allRows(dataset, standardize: true)
        let labels = try #require(dataset.classLabels)
        let rows = labels.indices.filter { labels[$0] != 1 }
        let model = try learner(["hidden_layers": .list([.int(4)])])
            .fit(
                features: x.selectingRows(rows), targets: dataset.targets.selecting(rows),
                context: FitContext(seed: 1, key: "absent", schedule: schedule(["epochs": .int(20)])),
                initialParameters: nil)
        #expect(model.network.output == .sigmoid)
        #expect(model.network.outputs == 1)
        guard case .classes(let predicted, let probabilities?) = model.predict(x) else {
            Issue.record("no probabilities")
            return
        }
        #expect(probabilities.columns == 3)
        #expect((0..<x.rows).allSatisfy { probabilities[$0, 1] == 0 })
        #expect(!predicted.contains(1))
        for row in 0..<x.rows {
            #expect(abs(probabilities[row, 0] + probabilities[row, 2] - 1) < 1e-12)
        }
    }

    @Test("regression: learns diabetes about as well as least squares")
    func regression() throws {
        let dataset = try ReferenceDatasets.supervised("diabetes")
        let x = try ReferenceFeatures.allRows(dataset, standardize: true)
        guard case .values(let y) = dataset.targets else {
            Issue.record("diabetes is not a regression dataset")
            return
        }
        // Standardized targets keep the squared error of order one (as with scikit-learn, scaling y is the
        // user's job).
        let mean = y.reduce(0, +) / Double(y.count)
        let deviation = (y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(y.count)).squareRoot()
        let scaled = Targets.values(y.map { ($0 - mean) / deviation })
        let model = try learner(["hidden_layers": .list([.int(16)])], task: .regression)
            .fit(
                features: x, targets: scaled,
                context: FitContext(
                    seed: 1, key: "reg",
                    schedule: schedule(["epochs": .int(100), "learning_rate.initial": .double(0.01)])),
                initialParameters: nil)
        let r2 = R2Score().score(truth: scaled, predictions: model.predict(x))
        // Ordinary least squares reaches a training R² of 0.518 on diabetes (linear.json).
        #expect(r2 > 0.5, "training R² \(r2)")
        #expect(model.network.output == .identity)
    }

    @Test("dropout: training is noisier, predictions use every unit and stay deterministic")
    func dropout() throws {
        let dataset = try ReferenceDatasets.supervised("iris")
        let x = try ReferenceFeatures.allRows(dataset, standardize: true)
        let options = schedule(["epochs": .int(30), "learning_rate.initial": .double(0.01)])
        func fit(_ dropout: Double) throws -> FittedPerceptron {
            try learner(["hidden_layers": .list([.int(16)]), "dropout": .double(dropout)])
                .fit(
                    features: x, targets: dataset.targets, context: FitContext(seed: 5, key: "d", schedule: options),
                    initialParameters: nil)
        }
        let plain = try fit(0)
        let dropped = try fit(0.5)
        #expect(plain.weights != dropped.weights)
        #expect(dropped.predict(x) == dropped.predict(x))
        // Inverted dropout keeps activations' expected scale, so the model still classifies.
        #expect(Accuracy().score(truth: dataset.targets, predictions: dropped.predict(x)) > 0.8)
    }

    @Test("every initialisation scheme trains; glorot_uniform draws within scikit-learn's bounds")
    func initialisation() throws {
        let network = PerceptronNetwork(inputs: 30, hidden: [20], outputs: 1, activation: .relu, output: .sigmoid)
        var generator = SeededGenerator(seed: 1, key: "init")
        let parameters = network.initialParameters(.glorotUniform, generator: &generator)
        let bound = (6.0 / 50).squareRoot()
        #expect(parameters[0..<600].allSatisfy { abs($0) <= bound })
        #expect(parameters[0..<600].contains { abs($0) > 0.9 * bound })
        // Sigmoid layers use factor 2: √(2/(fan_in + fan_out)).
        let sigmoidNetwork = PerceptronNetwork(
            inputs: 30, hidden: [20], outputs: 1, activation: .sigmoid, output: .sigmoid)
        var again = SeededGenerator(seed: 1, key: "init")
        let sigmoidParameters = sigmoidNetwork.initialParameters(.glorotUniform, generator: &again)
        #expect(sigmoidParameters[0..<600].allSatisfy { abs($0) <= (2.0 / 50).squareRoot() })
        // He and Glorot normal: the sample deviation of 600 draws is within 10% of the scheme's.
        for (scheme, deviation) in [
            (WeightInitialization.heNormal, (2.0 / 30).squareRoot()), (.glorotNormal, (2.0 / 50).squareRoot()),
        ] {
            var g = SeededGenerator(seed: 2, key: "init")
            let weights = Array(network.initialParameters(scheme, generator: &g)[0..<600])
            let sample = (weights.reduce(0) { $0 + $1 * $1 } / 600).squareRoot()
            #expect(abs(sample / deviation - 1) < 0.1, "\(scheme): \(sample) vs \(deviation)")
            #expect(network.initialParameters(scheme, generator: &g)[600..<620].allSatisfy { $0 == 0 })
        }
        let dataset = try ReferenceDatasets.supervised("iris")
        let x = try ReferenceFeatures.allRows(dataset, standardize: true)
        for scheme in WeightInitialization.allCases {
            let model = try learner(["hidden_layers": .list([.int(16)]), "init": .string(scheme.rawValue)])
                .fit(
                    features: x, targets: dataset.targets,
                    context: FitContext(
                        seed: 1, key: "i",
                        schedule: schedule(["epochs": .int(50), "learning_rate.initial": .double(0.01)])),
                    initialParameters: nil)
            #expect(Accuracy().score(truth: dataset.targets, predictions: model.predict(x)) > 0.9, "\(scheme)")
        }
    }

    @Test("bad input fails the fit instead of crashing")
    func failures() {
        let mlp = learner([:])
        let context = FitContext(seed: 1, key: "f")
        #expect(throws: FitFailure("no training rows")) {
            _ = try mlp.fit(
                features: Matrix(rows: 0, columns: 2), targets: .classes([], classCount: 2), context: context)
        }
        #expect(throws: FitFailure("training data contains non-finite values")) {
            _ = try mlp.fit(
                features: Matrix(rowArrays: [[1], [.nan]]), targets: .classes([0, 1], classCount: 2), context: context)
        }
        #expect(throws: FitFailure("the training rows hold a single class; mlp needs at least two")) {
            _ = try mlp.fit(
                features: Matrix(rowArrays: [[1], [2]]), targets: .classes([1, 1], classCount: 2), context: context)
        }
        #expect(throws: FitFailure("the target contains non-finite values")) {
            _ = try mlp.fit(
                features: Matrix(rowArrays: [[1], [2]]), targets: .values([1, .infinity]), context: context)
        }
    }

    @Test("the learner's declaration: name, tasks, options and defaults")
    func declaration() {
        #expect(MultilayerPerceptron.name == "mlp")
        #expect(MultilayerPerceptron.tasks == [.classification, .regression])
        #expect(MultilayerPerceptron.trainsIteratively)
        #expect(
            MultilayerPerceptron.schema.names == ["hidden_layers", "activation", "dropout", "weight_decay", "init"])
        for option in MultilayerPerceptron.schema.options {
            if let value = option.defaultValue { #expect(option.kind.problem(with: value) == nil, "\(option.name)") }
        }
        let defaults = MultilayerPerceptron(hyperparameters: Hyperparameters(), task: .classification)
        #expect(defaults.hiddenLayers == [100])
        #expect(defaults.activation == .relu)
        #expect(defaults.dropout == 0)
        #expect(defaults.weightDecay == 1e-4)
        #expect(defaults.initialization == .glorotUniform)
        #expect(MultilayerPerceptron.schema["dropout"]?.kind.problem(with: .double(1)) != nil)
    }

    @Test("the model's parameters: coefficients fan_in × fan_out and intercepts per layer")
    func parameters() throws {
        let x = Matrix(rowArrays: [[0, 1, 2], [1, 0, 1], [2, 2, 0], [0, 0, 1]])
        let model = try learner(["hidden_layers": .list([.int(2)])])
            .fit(
                features: x, targets: .classes([0, 1, 2, 1], classCount: 3),
                context: FitContext(seed: 1, key: "p", schedule: schedule(["epochs": .int(1)])), initialParameters: nil)
        guard case .array(let layers)? = model.parameters["layers"] else {
            Issue.record("no layers in \(model.parameters)")
            return
        }
        #expect(layers.count == 2)
        #expect(layers[0]["coefficients"]?.arrayValue?.count == 3)
        #expect(layers[0]["coefficients"]?.arrayValue?.first?.arrayValue?.count == 2)
        #expect(layers[1]["intercepts"]?.arrayValue?.count == 3)
        #expect(model.parameters["activation"] == .string("relu"))
    }
}
