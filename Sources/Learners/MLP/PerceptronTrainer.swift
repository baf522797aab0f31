import Foundation
import HyperplanCore
import HyperplanNumerics

/// A perceptron bound to its training rows: the batch loss and its gradient by backpropagation, for the
/// training loop.
///
/// The objective of a batch of b rows is scikit-learn's: the mean data loss plus α/(2b)·‖W‖² (intercepts
/// not penalised), with gradient (Aᵀ·Δ + α·W)/b. All scratch space is allocated once in `reserve`, as one
/// flat buffer cut into per-layer regions, so a batch allocates nothing.
struct PerceptronTrainer: TrainableModel {
    let network: PerceptronNetwork
    let features: Matrix
    /// Class positions among the fitted classes (classification), or nothing (regression).
    let labels: [Int]
    /// Regression targets, or nothing (classification).
    let values: [Double]
    /// The class positions' indices in the dataset's class list, for predictions over all classes.
    let classes: [Int]
    let classCount: Int
    /// α of the penalty α/(2b)·‖W‖².
    let weightDecay: Double
    /// The probability of zeroing a hidden unit during training.
    let dropout: Double

    private var capacity = 0
    private var scratch: [Double] = []
    private var regions = ScratchRegions()

    init(
        network: PerceptronNetwork, features: Matrix, labels: [Int], values: [Double], classes: [Int],
        classCount: Int, weightDecay: Double, dropout: Double
    ) {
        self.network = network
        self.features = features
        self.labels = labels
        self.values = values
        self.classes = classes
        self.classCount = classCount
        self.weightDecay = weightDecay
        self.dropout = dropout
    }

    var rowCount: Int { features.rows }
    var strata: [Int]? { network.output == .identity ? nil : labels }

    mutating func reserve(batchSize: Int) {
        guard batchSize > capacity else { return }
        capacity = batchSize
        regions = ScratchRegions(network: network, batchSize: batchSize, dropout: dropout > 0)
        scratch = [Double](repeating: 0, count: regions.total)
    }

    mutating func lossAndGradient(
        rows: UnsafeBufferPointer<Int>, parameters: UnsafeBufferPointer<Double>,
        gradient: UnsafeMutableBufferPointer<Double>, noise: inout SeededGenerator
    ) -> Double {
        if rows.count > capacity { reserve(batchSize: rows.count) }
        let network = network
        let regions = regions
        let dropout = dropout
        let weightDecay = weightDecay
        let labels = labels
        let values = values
        return features.storage.withUnsafeBufferPointer { x in
            scratch.withUnsafeMutableBufferPointer { space in
                guard let base = space.baseAddress, let theta = parameters.baseAddress,
                    let g = gradient.baseAddress, let features = x.baseAddress
                else { return .nan }
                let batch = Batch(network: network, regions: regions, base: base, rows: rows.count)
                let columns = network.inputs
                for (position, row) in rows.enumerated() {
                    (batch.input + position * columns).update(from: features + row * columns, count: columns)
                }
                batch.forward(theta, dropout: dropout, noise: &noise)
                let loss = Self.outputLoss(
                    network.output, batch.outputs(network.layerCount), width: network.outputs, rows: rows,
                    labels: labels, values: values, delta: batch.deltas(network.layerCount))
                batch.backward(theta, gradient: g, weightDecay: weightDecay, dropout: dropout > 0)
                let penalty = weightDecay > 0 ? 0.5 * weightDecay * network.squaredWeightNorm(theta) : 0
                return (loss + penalty) / Double(rows.count)
            }
        }
    }

    /// The summed data loss of a batch's output values (probabilities clipped to [ε, 1 − ε] as scikit-learn's
    /// log loss does), and Δ = (output − target)/b into `delta`.
    private static func outputLoss(
        _ output: PerceptronNetwork.Output, _ out: UnsafeMutablePointer<Double>, width: Int,
        rows: UnsafeBufferPointer<Int>, labels: [Int], values: [Double], delta: UnsafeMutablePointer<Double>
    ) -> Double {
        let inverse = 1 / Double(rows.count)
        let epsilon = Double.ulpOfOne
        var loss = 0.0
        switch output {
        case .identity:
            for (position, row) in rows.enumerated() {
                let residual = out[position] - values[row]
                loss += 0.5 * residual * residual
                delta[position] = residual * inverse
            }
        case .sigmoid:
            for (position, row) in rows.enumerated() {
                let p = out[position]
                let y = Double(labels[row])
                let clipped = min(max(p, epsilon), 1 - epsilon)
                loss -= y == 1 ? Foundation.log(clipped) : Foundation.log(1 - clipped)
                delta[position] = (p - y) * inverse
            }
        case .softmax:
            for (position, row) in rows.enumerated() {
                let probabilities = out + position * width
                let deltas = delta + position * width
                let label = labels[row]
                loss -= Foundation.log(min(max(probabilities[label], epsilon), 1 - epsilon))
                for j in 0..<width { deltas[j] = (probabilities[j] - (j == label ? 1 : 0)) * inverse }
            }
        }
        return loss
    }
}

extension PerceptronTrainer {
    /// The held-out rows' data loss and score (predictions as `FittedPerceptron` makes them).
    func evaluate(rows: [Int], parameters: [Double]) -> HeldOutEvaluation {
        let targets: Targets =
            network.output == .identity
            ? .values(rows.map { values[$0] }) : .classes(rows.map { classes[labels[$0]] }, classCount: classCount)
        let (loss, predictions) = evaluate(
            features: features.selectingRows(rows), targets: targets, parameters: parameters)
        return HeldOutEvaluation(loss: loss, score: FittedPerceptron.score(targets, predictions))
    }

    func evaluate(features: Matrix, targets: Targets, parameters: [Double]) -> (loss: Double, predictions: Predictions)
    {
        let predictions = FittedPerceptron.predictions(
            network.outputs(for: features, parameters: parameters), rows: features.rows, output: network.output,
            classes: classes, classCount: classCount)
        return (FittedPerceptron.dataLoss(targets, predictions), predictions)
    }
}

/// Where each layer's scratch space starts in the trainer's flat buffer, for batches of up to `batchSize` rows.
/// Arrays are indexed by layer l = 0 … L (the layer of `widths[l]` units); unused entries are 0.
private struct ScratchRegions {
    /// The gathered batch rows (layer 0's values).
    var input = 0
    /// Each layer's outputs: hidden activations before dropout, or the output layer's values.
    var outputs: [Int] = []
    /// Hidden layers' inputs z, kept when the activation's derivative needs them (gelu).
    var preActivations: [Int] = []
    /// Hidden layers' dropout masks (0 or 1/(1 − p)) and the dropped activations the next layer reads.
    var masks: [Int] = []
    var dropped: [Int] = []
    /// ∂objective/∂z of each layer.
    var deltas: [Int] = []
    /// One weight matrix transposed, for Δ·Wᵀ.
    var transposed = 0
    var total = 0

    init() {}

    init(network: PerceptronNetwork, batchSize: Int, dropout: Bool) {
        let widths = network.widths
        var offset = 0
        func take(_ count: Int) -> Int {
            defer { offset += count }
            return offset
        }
        let hidden = 1..<network.layerCount
        input = take(batchSize * widths[0])
        outputs = [0] + widths.dropFirst().map { take(batchSize * $0) }
        deltas = [0] + widths.dropFirst().map { take(batchSize * $0) }
        preActivations = widths.indices.map { l in
            hidden.contains(l) && network.activation.derivativeNeedsInput ? take(batchSize * widths[l]) : 0
        }
        masks = widths.indices.map { l in hidden.contains(l) && dropout ? take(batchSize * widths[l]) : 0 }
        dropped = widths.indices.map { l in hidden.contains(l) && dropout ? take(batchSize * widths[l]) : 0 }
        transposed = take(hidden.map { widths[$0] * widths[$0 + 1] }.max() ?? 0)
        total = offset
    }
}

/// One batch's forward and backward pass over the scratch space (pointers valid for the duration of the batch).
private struct Batch {
    let network: PerceptronNetwork
    let regions: ScratchRegions
    let base: UnsafeMutablePointer<Double>
    let rows: Int

    var input: UnsafeMutablePointer<Double> { base + regions.input }
    func outputs(_ l: Int) -> UnsafeMutablePointer<Double> { base + regions.outputs[l] }
    func deltas(_ l: Int) -> UnsafeMutablePointer<Double> { base + regions.deltas[l] }

    /// What layer l hands to the next one: the inputs, the activations, or the activations after dropout.
    func passed(_ l: Int, dropout: Bool) -> UnsafePointer<Double> {
        if l == 0 { return UnsafePointer(input) }
        return UnsafePointer(base + (dropout ? regions.dropped[l] : regions.outputs[l]))
    }

    /// Every layer's outputs from the gathered inputs; the output layer's function applied.
    func forward(_ parameters: UnsafePointer<Double>, dropout: Double, noise: inout SeededGenerator) {
        let layers = network.layerCount
        for l in 0..<layers {
            let out = outputs(l + 1)
            let layerInput = passed(l, dropout: dropout > 0)
            if l == layers - 1 {
                network.affine(layer: l, input: layerInput, rows: rows, parameters: parameters, output: out)
                network.applyOutput(out, rows: rows)
                return
            }
            let count = rows * network.widths[l + 1]
            if network.activation.derivativeNeedsInput {
                let z = base + regions.preActivations[l + 1]
                network.affine(layer: l, input: layerInput, rows: rows, parameters: parameters, output: z)
                network.activation.apply(z, to: out, count: count)
            } else {
                network.affine(layer: l, input: layerInput, rows: rows, parameters: parameters, output: out)
                network.activation.apply(out, to: out, count: count)
            }
            if dropout > 0 {
                let mask = base + regions.masks[l + 1]
                let dropped = base + regions.dropped[l + 1]
                let scale = 1 / (1 - dropout)
                for i in 0..<count {
                    mask[i] = noise.nextUnitInterval() >= dropout ? scale : 0
                    dropped[i] = out[i] * mask[i]
                }
            }
        }
    }

    /// The gradient from the output layer's Δ (already divided by the batch size): for each layer,
    /// ∇W = Aᵀ·Δ + (α/b)·W and ∇b = column sums of Δ, then Δ of the layer below = (Δ·Wᵀ) ⊙ mask ⊙ f′.
    func backward(
        _ parameters: UnsafePointer<Double>, gradient: UnsafeMutablePointer<Double>, weightDecay: Double,
        dropout: Bool
    ) {
        let scale = weightDecay / Double(rows)
        for l in stride(from: network.layerCount - 1, through: 0, by: -1) {
            let fanIn = network.widths[l]
            let fanOut = network.widths[l + 1]
            let weights = parameters + network.weightOffsets[l]
            let weightGradient = gradient + network.weightOffsets[l]
            let delta = deltas(l + 1)
            for i in 0..<(fanIn * fanOut) { weightGradient[i] = scale * weights[i] }
            DenseKernels.multiplyAdd(
                m: fanIn, n: fanOut, k: rows, a: passed(l, dropout: dropout), aRowStride: 1, aDepthStride: fanIn,
                b: delta, bRowStride: fanOut, c: weightGradient, cRowStride: fanOut)
            let biasGradient = gradient + network.biasOffsets[l]
            biasGradient.update(repeating: 0, count: fanOut)
            for r in 0..<rows {
                let row = delta + r * fanOut
                for j in 0..<fanOut { biasGradient[j] += row[j] }
            }
            guard l > 0 else { return }
            let transposed = base + regions.transposed
            DenseKernels.transpose(weights, rows: fanIn, columns: fanOut, into: transposed)
            let below = deltas(l)
            let count = rows * fanIn
            below.update(repeating: 0, count: count)
            DenseKernels.multiplyAdd(
                m: rows, n: fanIn, k: fanOut, a: delta, aRowStride: fanOut, aDepthStride: 1, b: transposed,
                bRowStride: fanIn, c: below, cRowStride: fanIn)
            if dropout {
                let mask = base + regions.masks[l]
                for i in 0..<count { below[i] *= mask[i] }
            }
            network.activation.multiplyDerivative(
                below, outputs: outputs(l), inputs: base + regions.preActivations[l], count: count)
        }
    }
}
