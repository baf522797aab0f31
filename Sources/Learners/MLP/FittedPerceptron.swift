import Foundation
package import HyperplanCore

/// A fitted multilayer perceptron: class probabilities (classification) or values (regression).
package struct FittedPerceptron: FittedModel {
    let network: PerceptronNetwork
    /// The trained parameter vector in `network`'s layout.
    let weights: [Double]
    /// The dataset's class indices the network was fitted on, in output order; empty for regression.
    let classes: [Int]
    let classCount: Int
    package let report: FitReport

    package func predict(_ features: Matrix) -> Predictions {
        Self.predictions(
            network.outputs(for: features, parameters: weights), rows: features.rows, output: network.output,
            classes: classes, classCount: classCount)
    }

    /// Each layer's coefficients (fan_in × fan_out, scikit-learn's `coefs_`) and intercepts.
    package var parameters: JSONValue {
        var layers: [JSONValue] = []
        for l in 0..<network.layerCount {
            let fanIn = network.widths[l]
            let fanOut = network.widths[l + 1]
            let start = network.weightOffsets[l]
            let coefficients = (0..<fanIn).map { i in
                JSONValue.array(weights[(start + i * fanOut)..<(start + (i + 1) * fanOut)].map(JSONValue.number))
            }
            let bias = network.biasOffsets[l]
            layers.append(
                .object([
                    "coefficients": .array(coefficients),
                    "intercepts": .array(weights[bias..<(bias + fanOut)].map(JSONValue.number)),
                ]))
        }
        var fields: [String: JSONValue] = [
            "layers": .array(layers), "activation": .string(network.activation.rawValue),
            "output": .string(network.output.rawValue),
        ]
        if !classes.isEmpty, classes.count < classCount {
            fields["fitted_class_indices"] = .array(classes.map(JSONValue.int))
        }
        return .object(fields)
    }

    /// Predictions from output-layer values (rows × outputs): a sigmoid unit is P(second class), labelled
    /// positive above 0.5 as scikit-learn does; softmax outputs are the fitted classes' probabilities, labelled
    /// by the first largest. Classes absent from training get probability 0.
    static func predictions(
        _ outputs: [Double], rows: Int, output: PerceptronNetwork.Output, classes: [Int], classCount: Int
    ) -> Predictions {
        switch output {
        case .identity:
            return .values(outputs)
        case .sigmoid:
            var probabilities = Matrix(rows: rows, columns: classCount)
            var labels = [Int](repeating: 0, count: rows)
            for i in 0..<rows {
                let positive = outputs[i]
                probabilities[i, classes[0]] = 1 - positive
                probabilities[i, classes[1]] = positive
                labels[i] = positive > 0.5 ? classes[1] : classes[0]
            }
            return .classes(labels: labels, probabilities: probabilities)
        case .softmax:
            let width = classes.count
            var probabilities = Matrix(rows: rows, columns: classCount)
            var labels = [Int](repeating: 0, count: rows)
            for i in 0..<rows {
                var best = 0
                for k in 0..<width {
                    let value = outputs[i * width + k]
                    probabilities[i, classes[k]] = value
                    if value > outputs[i * width + best] { best = k }
                }
                labels[i] = classes[best]
            }
            return .classes(labels: labels, probabilities: probabilities)
        }
    }

    /// The mean data loss of predictions: cross-entropy with probabilities clipped to [ε, 1 − ε], or half the
    /// mean squared error — the training loss without its penalty.
    static func dataLoss(_ targets: Targets, _ predictions: Predictions) -> Double {
        switch (targets, predictions) {
        case (.classes(let labels, _), .classes(_, let probabilities?)):
            guard !labels.isEmpty else { return .nan }
            let epsilon = Double.ulpOfOne
            var total = 0.0
            for (row, label) in labels.enumerated() {
                total -= Foundation.log(min(max(probabilities[row, label], epsilon), 1 - epsilon))
            }
            return total / Double(labels.count)
        case (.values(let truth), .values(let predicted)):
            guard !truth.isEmpty else { return .nan }
            var total = 0.0
            for (y, yHat) in zip(truth, predicted) { total += 0.5 * (yHat - y) * (yHat - y) }
            return total / Double(truth.count)
        default:
            return .nan
        }
    }

    /// scikit-learn's `score`: accuracy, or R² (1 for a perfect fit of a constant target, else 0 there).
    static func score(_ targets: Targets, _ predictions: Predictions) -> Double {
        switch (targets, predictions) {
        case (.classes(let truth, _), .classes(let predicted, _)):
            guard !truth.isEmpty else { return .nan }
            return Double(zip(truth, predicted).count { $0 == $1 }) / Double(truth.count)
        case (.values(let truth), .values(let predicted)):
            guard !truth.isEmpty else { return .nan }
            let mean = truth.reduce(0, +) / Double(truth.count)
            var residual = 0.0
            var spread = 0.0
            for (y, yHat) in zip(truth, predicted) {
                residual += (y - yHat) * (y - yHat)
                spread += (y - mean) * (y - mean)
            }
            if spread == 0 { return residual == 0 ? 1 : 0 }
            return 1 - residual / spread
        default:
            return .nan
        }
    }
}
