package import HyperplanCore

extension FittedPerceptron: RebuildableModel {
    /// Rebuilds the network from `layers` (each `coefficients`, fan_in rows of fan_out numbers, and `intercepts`),
    /// `activation`, `output` and `fitted_class_indices` when the training rows lacked a class.
    ///
    /// The first layer reads the feature columns, each layer the previous one's outputs, and the last gives one
    /// value (`identity` for regression, `sigmoid` for two fitted classes) or one per fitted class (`softmax`).
    ///
    /// - Throws: `JSONFieldError` naming the first key whose shape does not chain.
    package init(stored parameters: StoredParameters) throws(JSONFieldError) {
        let outputField = try parameters("output")
        let output = try outputField.string(allowed: ["identity", "sigmoid", "softmax"])
        let activationField = try parameters("activation")
        let activationName = try activationField.string(allowed: Activation.allCases.map(\.rawValue))
        guard let activation = Activation(rawValue: activationName),
            let kind = PerceptronNetwork.Output(rawValue: output)
        else { throw activationField.error("is not known") }
        var classes: [Int] = []
        let outputs: Int
        switch (kind, parameters.task) {
        case (.identity, .regression):
            outputs = 1
        case (.sigmoid, .classification), (.softmax, .classification):
            classes = try parameters.fittedClasses()
            guard (kind == .sigmoid) == (classes.count == 2) else {
                throw outputField.error("must be 'sigmoid' for two fitted classes and 'softmax' for more")
            }
            outputs = kind == .sigmoid ? 1 : classes.count
        default:
            throw outputField.error("'\(output)' does not give a \(parameters.task.rawValue) output")
        }
        let layers = try parameters("layers").elements()
        guard !layers.isEmpty else { throw try parameters("layers").error("must hold at least one layer") }
        var widths = [parameters.featureCount]
        var weights: [Double] = []
        for (index, layer) in layers.enumerated() {
            let coefficients = try layer.field("coefficients").elements(count: widths[index])
            let fanOut =
                index == layers.count - 1 ? outputs : (try coefficients.first?.elements().count ?? 0)
            guard fanOut > 0 else { throw layer.error("must have at least one unit") }
            for row in coefficients { try row.appendDoubles(to: &weights, count: fanOut) }
            try layer.field("intercepts").appendDoubles(to: &weights, count: fanOut)
            widths.append(fanOut)
        }
        let network = PerceptronNetwork(
            inputs: parameters.featureCount, hidden: Array(widths.dropFirst().dropLast()), outputs: outputs,
            activation: activation, output: kind)
        self.init(
            network: network, weights: weights, classes: classes,
            classCount: parameters.task == .classification ? parameters.classCount : 0, report: FitReport())
    }
}
