package import HyperplanCore

/// Isotropic Gaussian clusters: scikit-learn's `make_blobs` with a number of centres.
///
/// The `centers` centres are drawn uniformly in the box [low, high]^features given by `center_box`; the rows
/// are split evenly among them (the first `samples % centers` get one more) and each row is its centre plus
/// Gaussian noise of standard deviation `cluster_std` in every feature. The label is the centre's index.
package enum SyntheticBlobs: SyntheticGenerator {
    package static let name = "blobs"
    package static let summary = "isotropic Gaussian clusters around random centres"
    package static let task = TaskKind.classification
    package static let version = 1

    /// The most values in the centres, `centers × features`.
    static let maximumCentreValues = 10_000_000

    package static let schema = OptionSchema([
        SyntheticOptions.samples(default: 100),
        SyntheticOptions.features(default: 2),
        OptionSpec(
            "centers", .integer(min: 1, max: 10_000), default: .int(3), searchable: false,
            summary: "number of clusters, labelled 0 to centers − 1"),
        OptionSpec(
            "cluster_std", .real(.nonNegative), default: .double(1), searchable: false,
            summary: "standard deviation of each cluster in every feature"),
        OptionSpec(
            "center_box", .integerList(min: -1_000_000_000, max: 1_000_000_000), default: .list([.int(-10), .int(10)]),
            searchable: false, summary: "[low, high]: the box the centres are drawn in"),
        SyntheticOptions.shuffle(),
        SyntheticOptions.seed,
    ])

    package static func problems(with options: Hyperparameters) -> [SyntheticOptionProblem] {
        guard let samples = options.int("samples"), let features = options.int("features"),
            let centers = options.int("centers")
        else { return [] }
        var problems = SyntheticOptions.sizeProblems(samples: samples, features: features)
        if Double(centers) * Double(features) > Double(maximumCentreValues) {
            problems.append(
                SyntheticOptionProblem(
                    option: "centers", message: "'centers' × 'features' must be at most \(maximumCentreValues)"))
        }
        if let value = options["center_box"] {
            let box = numberList(value)
            if box?.count != 2 || box?.contains(where: { !$0.isFinite }) == true {
                problems.append(
                    SyntheticOptionProblem(
                        option: "center_box", message: "'center_box' must be two numbers [low, high]"))
            } else if let box, box[0] > box[1] {
                problems.append(
                    SyntheticOptionProblem(
                        option: "center_box",
                        message: "'center_box' must be [low, high] with low ≤ high, not [\(box[0]), \(box[1])]"))
            }
        }
        return problems
    }

    package static func table(options: Hyperparameters, seed: UInt64) throws(DatasetError) -> DataTable {
        let read = ResolvedOptions(values: options, generator: name)
        let samples = try read.int("samples")
        let features = try read.int("features")
        let centers = try read.int("centers")
        let spread = try read.double("cluster_std")
        let box = read.numbers("center_box") ?? [-10, 10]
        guard box.count == 2 else {
            throw DatasetError(
                "invalid-value", "'center_box' must be two numbers [low, high] (synthetic dataset 'blobs')")
        }
        func stream(_ part: String) -> SeededGenerator { SeededGenerator(seed: seed, key: "synthetic/\(name)/\(part)") }

        var centreStream = stream("centers")
        let (low, high) = (box[0], box[1])
        let centres = (0..<(centers * features)).map { _ in low + (high - low) * centreStream.nextUnitInterval() }

        var centreOf = [Int32](repeating: 0, count: samples)
        var row = 0
        for centre in 0..<centers {
            let size = samples / centers + (centre < samples % centers ? 1 : 0)
            for _ in 0..<size { centreOf[row] = Int32(centre); row += 1 }
        }
        if try read.bool("shuffle") {
            var rowStream = stream("rows")
            rowStream.shuffle(&centreOf)
        }

        var pointStream = stream("points")
        var columns: [[Double]] = []
        columns.reserveCapacity(features)
        for feature in 0..<features {
            var column = NormalSampler.deviates(samples, using: &pointStream)
            column.withUnsafeMutableBufferPointer { column in
                centreOf.withUnsafeBufferPointer { centreOf in
                    centres.withUnsafeBufferPointer { centres in
                        for row in 0..<samples {
                            column[row] = centres[Int(centreOf[row]) * features + feature] + spread * column[row]
                        }
                    }
                }
            }
            columns.append(column)
        }
        let labels = centreOf.map { Double($0) }
        return DataTable.synthetic(features: columns, target: labels)
    }
}
