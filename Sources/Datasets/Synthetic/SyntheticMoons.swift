import Foundation
package import HyperplanCore

/// Two interleaving half circles in the plane: scikit-learn's `make_moons`.
///
/// Class 0 is ⌊samples/2⌋ points evenly spaced on the upper half of the unit circle, (cos t, sin t) for
/// t from 0 to π; class 1 the other ⌈samples/2⌉ on the lower half circle centred at (1, 0.5),
/// (1 − cos t, 0.5 − sin t). Gaussian noise of standard deviation `noise` is added to both coordinates.
package enum SyntheticMoons: SyntheticGenerator {
    package static let name = "moons"
    package static let summary = "two interleaving half circles in the plane (2 features, 2 classes)"
    package static let task = TaskKind.classification
    package static let version = 1

    package static let schema = OptionSchema([
        SyntheticOptions.samples(default: 100),
        SyntheticOptions.noise(default: 0, summary: "standard deviation of Gaussian noise added to each coordinate"),
        SyntheticOptions.shuffle(),
        SyntheticOptions.seed,
    ])

    package static func table(options: Hyperparameters, seed: UInt64) throws(DatasetError) -> DataTable {
        let read = ResolvedOptions(values: options, generator: name)
        let samples = try read.int("samples")
        let outer = samples / 2
        let inner = samples - outer
        var x = [Double](repeating: 0, count: samples)
        var y = [Double](repeating: 0, count: samples)
        var labels = [Double](repeating: 0, count: samples)
        let outerAngles = PlaneShapes.angles(outer, to: Double.pi, includingEnd: true)
        let innerAngles = PlaneShapes.angles(inner, to: Double.pi, includingEnd: true)
        for (index, angle) in outerAngles.enumerated() {
            x[index] = Foundation.cos(angle)
            y[index] = Foundation.sin(angle)
        }
        for (offset, angle) in innerAngles.enumerated() {
            x[outer + offset] = 1 - Foundation.cos(angle)
            y[outer + offset] = 1 - Foundation.sin(angle) - 0.5
            labels[outer + offset] = 1
        }
        return try PlaneShapes.finish(
            x: x, y: y, labels: labels, noise: read.double("noise"), shuffle: read.bool("shuffle"), seed: seed,
            name: name)
    }
}

/// Shared steps of the two-dimensional shapes (`moons`, `circles`).
enum PlaneShapes {
    /// `count` angles evenly spaced from 0 to `end` as NumPy's `linspace` computes them: `i × step`, with the
    /// last angle exactly `end` when it is included.
    static func angles(_ count: Int, to end: Double, includingEnd: Bool) -> [Double] {
        guard count > 0 else { return [] }
        let divisions = includingEnd ? count - 1 : count
        guard divisions > 0 else { return [0] }
        let step = end / Double(divisions)
        var angles = (0..<count).map { Double($0) * step }
        if includingEnd { angles[count - 1] = end }
        return angles
    }

    /// Shuffles the rows (when asked), then adds the noise, in scikit-learn's order.
    static func finish(
        x: [Double], y: [Double], labels: [Double], noise: Double, shuffle: Bool, seed: UInt64, name: String
    ) -> DataTable {
        var x = x
        var y = y
        var labels = labels
        if shuffle {
            var rowStream = SeededGenerator(seed: seed, key: "synthetic/\(name)/rows")
            let order = rowStream.permutation(count: labels.count)
            x = order.map { x[$0] }
            y = order.map { y[$0] }
            labels = order.map { labels[$0] }
        }
        if noise > 0 {
            var noiseStream = SeededGenerator(seed: seed, key: "synthetic/\(name)/noise")
            let dx = NormalSampler.deviates(x.count, using: &noiseStream)
            let dy = NormalSampler.deviates(y.count, using: &noiseStream)
            for row in x.indices {
                x[row] += noise * dx[row]
                y[row] += noise * dy[row]
            }
        }
        return DataTable.synthetic(features: [x, y], target: labels)
    }
}
