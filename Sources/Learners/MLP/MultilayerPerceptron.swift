package import HyperplanCore

/// A multilayer perceptron for classification or regression, trained by mini-batch gradient descent as
/// scikit-learn's `MLPClassifier` and `MLPRegressor` with `solver="adam"` or `"sgd"`.
///
/// Hidden layers apply `activation`; the output is one logistic unit for two classes (scikit-learn's
/// choice), a softmax for more, the identity for regression. The objective of a batch of b rows is the mean
/// cross-entropy (or half the mean squared error) plus `weight_decay`/(2b)·‖W‖², intercepts not penalised,
/// as scikit-learn's `alpha`. Training follows the fit context's `schedule` (see `docs/schedules.md`), or
/// scikit-learn's defaults without one: adam, learning rate 0.001, batches of min(200, n), 200 epochs.
package struct MultilayerPerceptron: Learner {
    package static let name = "mlp"
    package static let summary = "multilayer perceptron (dense layers), trained by mini-batch gradient descent"
    package static let tasks: [TaskKind] = [.classification, .regression]
    package static let trainsIteratively = true
    package static var fittedModelType: any RebuildableModel.Type { FittedPerceptron.self }
    package static let schema = OptionSchema([
        OptionSpec(
            "hidden_layers", .integerList(min: 1, max: 100_000), default: .list([.int(100)]),
            summary: "units of each hidden layer, input side first"),
        OptionSpec(
            "activation", .enumeration(Activation.allCases.map(\.rawValue)), default: .string("relu"),
            summary: "nonlinearity of the hidden layers"),
        OptionSpec(
            "dropout", .real(RealBounds(lower: 0, upper: 1, upperInclusive: false)), default: .double(0),
            summary: "probability of zeroing a hidden unit in training (inverted dropout)"),
        OptionSpec(
            "weight_decay", .real(.nonNegative), default: .double(1e-4),
            summary: "l2 penalty α: α/(2b)·‖W‖² added to each batch's mean loss (scikit-learn's alpha)"),
        OptionSpec(
            "init", .enumeration(WeightInitialization.allCases.map(\.rawValue)), default: .string("glorot_uniform"),
            summary: "how initial weights are drawn (glorot_uniform: scikit-learn's)"),
    ])

    /// Units of each hidden layer, input side first.
    package var hiddenLayers: [Int]
    var activation: Activation
    /// The probability of zeroing a hidden unit during training.
    package var dropout: Double
    /// α of the penalty α/(2b)·‖W‖² of a batch of b rows.
    package var weightDecay: Double
    var initialization: WeightInitialization

    package init(hyperparameters: Hyperparameters, task: TaskKind) {
        if case .list(let items)? = hyperparameters["hidden_layers"] {
            hiddenLayers = items.compactMap(\.intValue).filter { $0 > 0 }
        } else {
            hiddenLayers = [100]
        }
        activation = hyperparameters.string("activation").flatMap(Activation.init(rawValue:)) ?? .relu
        dropout = hyperparameters.double("dropout") ?? 0
        weightDecay = hyperparameters.double("weight_decay") ?? 1e-4
        initialization =
            hyperparameters.string("init").flatMap(WeightInitialization.init(rawValue:)) ?? .glorotUniform
    }

    package func fit(features: Matrix, targets: Targets, context: FitContext) throws(FitFailure) -> any FittedModel {
        try fit(features: features, targets: targets, context: context, initialParameters: nil)
    }

    /// Fits from `initialParameters` (in the network's layout) instead of drawn ones when they are given.
    ///
    /// - Throws: `FitFailure` for unusable data, a wrong number of initial parameters, or divergence.
    func fit(features: Matrix, targets: Targets, context: FitContext, initialParameters: [Double]?)
        throws(FitFailure) -> FittedPerceptron
    {
        guard features.rows > 0 else { throw FitFailure("no training rows") }
        guard features.columns > 0 else { throw FitFailure("no feature columns") }
        guard features.storage.allSatisfy(\.isFinite) else {
            throw FitFailure("training data contains non-finite values")
        }
        var labels: [Int] = []
        var values: [Double] = []
        var classes: [Int] = []
        var classCount = 0
        let output: PerceptronNetwork.Output
        switch targets {
        case .classes(let given, let count):
            // Like scikit-learn, fit the classes present in these rows; absent ones get probability 0.
            classes = Set(given).sorted()
            guard classes.count >= 2 else {
                throw FitFailure("the training rows hold a single class; mlp needs at least two")
            }
            var positionOf = [Int](repeating: 0, count: count)
            for (position, label) in classes.enumerated() { positionOf[label] = position }
            labels = given.map { positionOf[$0] }
            classCount = count
            output = classes.count == 2 ? .sigmoid : .softmax
        case .values(let given):
            guard given.allSatisfy(\.isFinite) else { throw FitFailure("the target contains non-finite values") }
            values = given
            output = .identity
        }
        let network = PerceptronNetwork(
            inputs: features.columns, hidden: hiddenLayers, outputs: output == .softmax ? classes.count : 1,
            activation: activation, output: output)
        var parameters: [Double]
        if let initialParameters {
            guard initialParameters.count == network.parameterCount else {
                throw FitFailure(
                    "expected \(network.parameterCount) initial parameters, got \(initialParameters.count)")
            }
            parameters = initialParameters
        } else {
            var generator = context.generator("init")
            parameters = network.initialParameters(initialization, generator: &generator)
        }
        var trainer = PerceptronTrainer(
            network: network, features: features, labels: labels, values: values, classes: classes,
            classCount: classCount, weightDecay: weightDecay, dropout: dropout)
        let schedule = context.schedule ?? .standard
        let outcome = try TrainingLoop(schedule: schedule).train(&trainer, parameters: &parameters, context: context)
        // A fixed number of epochs has no tolerance to miss; with early stopping, converged means it fired.
        let report = FitReport(
            iterations: outcome.epochs, converged: schedule.earlyStopping == nil || outcome.stoppedEarly,
            objective: outcome.finalLoss, history: outcome.history)
        return FittedPerceptron(
            network: network, weights: parameters, classes: classes, classCount: classCount, report: report)
    }
}
