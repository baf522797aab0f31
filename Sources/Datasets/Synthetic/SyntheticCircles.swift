import Foundation
package import HyperplanCore

/// A circle inside a larger one: scikit-learn's `make_circles`.
///
/// Class 0 is ⌊samples/2⌋ points evenly spaced on the unit circle starting at angle 0, class 1 the other
/// ⌈samples/2⌉ on the circle of radius `factor`. Gaussian noise of standard deviation `noise` is added to
/// both coordinates.
package enum SyntheticCircles: SyntheticGenerator {
    package static let name = "circles"
    package static let summary = "a small circle inside a large one (2 features, 2 classes)"
    package static let task = TaskKind.classification
    package static let version = 1

    package static let schema = OptionSchema([
        SyntheticOptions.samples(default: 100),
        SyntheticOptions.noise(default: 0, summary: "standard deviation of Gaussian noise added to each coordinate"),
        OptionSpec(
            "factor", .real(RealBounds(lower: 0, upper: 1, upperInclusive: false)), default: .double(0.8),
            searchable: false, summary: "radius of the inner circle relative to the outer one"),
        SyntheticOptions.shuffle(),
        SyntheticOptions.seed,
    ])

    package static func table(options: Hyperparameters, seed: UInt64) throws(DatasetError) -> DataTable {
        let read = ResolvedOptions(values: options, generator: name)
        let samples = try read.int("samples")
        let factor = try read.double("factor")
        let outer = samples / 2
        let inner = samples - outer
        var x = [Double](repeating: 0, count: samples)
        var y = [Double](repeating: 0, count: samples)
        var labels = [Double](repeating: 0, count: samples)
        for (index, angle) in PlaneShapes.angles(outer, to: 2 * Double.pi, includingEnd: false).enumerated() {
            x[index] = Foundation.cos(angle)
            y[index] = Foundation.sin(angle)
        }
        for (offset, angle) in PlaneShapes.angles(inner, to: 2 * Double.pi, includingEnd: false).enumerated() {
            x[outer + offset] = Foundation.cos(angle) * factor
            y[outer + offset] = Foundation.sin(angle) * factor
            labels[outer + offset] = 1
        }
        return try PlaneShapes.finish(
            x: x, y: y, labels: labels, noise: read.double("noise"), shuffle: read.bool("shuffle"), seed: seed,
            name: name)
    }
}
