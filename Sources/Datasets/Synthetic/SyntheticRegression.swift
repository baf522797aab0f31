package import HyperplanCore

/// A random linear model on standard normal features, plus Gaussian noise: scikit-learn's `make_regression`
/// (one target, no `effective_rank`).
///
/// Every feature is standard normal and independent. The first `informative` features get coefficients
/// uniform in [0, 100); the target is `bias + X·coef + noise·ε` with ε standard normal. With `shuffle`, the
/// feature columns are permuted so that the informative ones are not the first; rows are independent and
/// identically distributed already, so their order needs no shuffle.
package enum SyntheticRegression: SyntheticGenerator {
    package static let name = "regression"
    package static let summary = "a random linear model on Gaussian features, with Gaussian noise"
    package static let task = TaskKind.regression
    package static let version = 1

    package static let schema = OptionSchema([
        SyntheticOptions.samples(default: 100),
        SyntheticOptions.features(default: 100),
        OptionSpec(
            "informative", .integer(min: 0, max: SyntheticOptions.maximumFeatures), default: .int(10),
            searchable: false, summary: "features with a non-zero coefficient"),
        SyntheticOptions.noise(default: 0, summary: "standard deviation of the Gaussian noise added to the target"),
        OptionSpec("bias", .real(.any), default: .double(0), searchable: false, summary: "the model's intercept"),
        SyntheticOptions.shuffle("permute the feature columns (rows are exchangeable already)"),
        SyntheticOptions.seed,
    ])

    package static func problems(with options: Hyperparameters) -> [SyntheticOptionProblem] {
        guard let samples = options.int("samples"), let features = options.int("features"),
            let informative = options.int("informative")
        else { return [] }
        var problems = SyntheticOptions.sizeProblems(samples: samples, features: features)
        if informative > features {
            problems.append(
                SyntheticOptionProblem(
                    option: "informative",
                    message: "'informative' (\(informative)) must be at most 'features' (\(features))"))
        }
        return problems
    }

    package static func table(options: Hyperparameters, seed: UInt64) throws(DatasetError) -> DataTable {
        let read = ResolvedOptions(values: options, generator: name)
        let samples = try read.int("samples")
        let features = try read.int("features")
        let informative = try read.int("informative")
        let noise = try read.double("noise")
        let bias = try read.double("bias")
        func stream(_ part: String) -> SeededGenerator { SeededGenerator(seed: seed, key: "synthetic/\(name)/\(part)") }

        var featureStream = stream("features")
        var columns = (0..<features).map { _ in NormalSampler.deviates(samples, using: &featureStream) }
        var coefficientStream = stream("coefficients")
        let coefficients = (0..<informative).map { _ in 100 * coefficientStream.nextUnitInterval() }

        var target = [Double](repeating: bias, count: samples)
        target.withUnsafeMutableBufferPointer { target in
            for (feature, coefficient) in coefficients.enumerated() {
                columns[feature].withUnsafeBufferPointer { column in
                    for row in 0..<samples { target[row] += column[row] * coefficient }
                }
            }
        }
        if noise > 0 {
            var noiseStream = stream("noise")
            let deviates = NormalSampler.deviates(samples, using: &noiseStream)
            for row in 0..<samples { target[row] += noise * deviates[row] }
        }
        if try read.bool("shuffle") {
            var columnStream = stream("columns")
            let order = columnStream.permutation(count: features)
            columns = order.map { columns[$0] }
        }
        return DataTable.synthetic(features: columns, target: target)
    }
}
