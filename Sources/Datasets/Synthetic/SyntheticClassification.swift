package import HyperplanCore

/// Classes made of Gaussian clusters at the vertices of a hypercube, with redundant, repeated and noise
/// features and label noise: scikit-learn's `make_classification` (Guyon's design for the Madelon data).
///
/// Each class has `clusters_per_class` clusters centred on distinct vertices of the hypercube
/// [−class_sep, class_sep]^informative. A row of cluster *c* has informative features `z·A_c + centre_c`,
/// with `z` standard normal and `A_c` uniform in [−1, 1)^(informative × informative), a random covariance per
/// cluster. Redundant features are `X_informative · B` for one uniform [−1, 1) matrix `B`; repeated features
/// copy informative or redundant ones; the rest are standard normal noise. A share `flip_y` of the rows get
/// a label drawn uniformly from all classes (possibly their own). With `shuffle`, rows come in random order
/// and the feature columns are permuted; without it, the columns are informative, redundant, repeated,
/// noise, in that order, and the rows are grouped by cluster.
package enum SyntheticClassification: SyntheticGenerator {
    package static let name = "classification"
    package static let summary = "Gaussian clusters on hypercube vertices, with redundant and noise features"
    package static let task = TaskKind.classification
    package static let version = 1

    /// The most values in the clusters' transforms, `classes × clusters_per_class × informative²`.
    static let maximumTransformValues = 10_000_000

    package static let schema = OptionSchema([
        SyntheticOptions.samples(default: 100),
        SyntheticOptions.features(default: 20),
        OptionSpec(
            "informative", .integer(min: 1, max: SyntheticOptions.maximumFeatures), default: .int(2),
            searchable: false, summary: "features that carry the class structure"),
        OptionSpec(
            "redundant", .integer(min: 0, max: SyntheticOptions.maximumFeatures), default: .int(2),
            searchable: false, summary: "random linear combinations of the informative features"),
        OptionSpec(
            "repeated", .integer(min: 0, max: SyntheticOptions.maximumFeatures), default: .int(0),
            searchable: false, summary: "copies of randomly chosen informative or redundant features"),
        OptionSpec(
            "classes", .integer(min: 2, max: 10_000), default: .int(2), searchable: false,
            summary: "number of classes, labelled 0 to classes − 1"),
        OptionSpec(
            "clusters_per_class", .integer(min: 1, max: 10_000), default: .int(2), searchable: false,
            summary: "Gaussian clusters making up each class"),
        OptionSpec(
            "weights", .integerList(min: 0, max: 1_000_000_000), searchable: false,
            summary: "relative class sizes, one per class (normalised by their sum); equal when not given"),
        OptionSpec(
            "flip_y", .real(.unitInterval), default: .double(0.01), searchable: false,
            summary: "share of rows whose label is redrawn uniformly from all classes"),
        OptionSpec(
            "class_sep", .real(.positive), default: .double(1.0), searchable: false,
            summary: "half the side of the hypercube whose vertices are the cluster centres"),
        SyntheticOptions.shuffle("draw the rows in random order and permute the feature columns"),
        SyntheticOptions.seed,
    ])

    package static func problems(with options: Hyperparameters) -> [SyntheticOptionProblem] {
        guard let samples = options.int("samples"), let features = options.int("features"),
            let informative = options.int("informative"), let redundant = options.int("redundant"),
            let repeated = options.int("repeated"), let classes = options.int("classes"),
            let clustersPerClass = options.int("clusters_per_class")
        else { return [] }
        var problems = SyntheticOptions.sizeProblems(samples: samples, features: features)
        // In real numbers, so that no combination of integers can overflow.
        let used = Double(informative) + Double(redundant) + Double(repeated)
        if used > Double(features) {
            problems.append(
                SyntheticOptionProblem(
                    option: "features",
                    message: "'informative' + 'redundant' + 'repeated' (\(NumberFormatting.shortest(used))) must be at "
                        + "most 'features' (\(features))"))
        }
        let clusters = Double(classes) * Double(clustersPerClass)
        if informative < 62 && clusters > Double(1 << max(0, informative)) {
            problems.append(
                SyntheticOptionProblem(
                    option: "informative",
                    message: "'classes' × 'clusters_per_class' (\(NumberFormatting.shortest(clusters))) must be at "
                        + "most 2^'informative' (\(1 << max(0, informative))): each cluster needs its own hypercube "
                        + "vertex"))
        }
        if clusters * Double(informative) * Double(informative) > Double(maximumTransformValues) {
            problems.append(
                SyntheticOptionProblem(
                    option: "informative",
                    message: "'classes' × 'clusters_per_class' × 'informative'² must be at most "
                        + "\(maximumTransformValues) (one informative × informative matrix per cluster)"))
        }
        if let value = options["weights"] {
            if let weights = numberList(value) {
                if weights.count != classes {
                    problems.append(
                        SyntheticOptionProblem(
                            option: "weights",
                            message: "'weights' must have one entry per class (\(classes)), not \(weights.count)"))
                } else if weights.contains(where: { !$0.isFinite || $0 < 0 }) {
                    problems.append(
                        SyntheticOptionProblem(option: "weights", message: "'weights' must not be negative"))
                } else if !weights.contains(where: { $0 > 0 }) {
                    problems.append(
                        SyntheticOptionProblem(option: "weights", message: "'weights' must not all be 0"))
                }
            } else {
                problems.append(
                    SyntheticOptionProblem(option: "weights", message: "'weights' must be a list of numbers"))
            }
        }
        return problems
    }

    package static func table(options: Hyperparameters, seed: UInt64) throws(DatasetError) -> DataTable {
        let read = ResolvedOptions(values: options, generator: name)
        let samples = try read.int("samples")
        let features = try read.int("features")
        let informative = try read.int("informative")
        let redundant = try read.int("redundant")
        let repeated = try read.int("repeated")
        let classes = try read.int("classes")
        let clustersPerClass = try read.int("clusters_per_class")
        let flip = try read.double("flip_y")
        let separation = try read.double("class_sep")
        let shuffle = try read.bool("shuffle")
        func stream(_ part: String) -> SeededGenerator { SeededGenerator(seed: seed, key: "synthetic/\(name)/\(part)") }

        let clusters = classes * clustersPerClass
        let weights = read.numbers("weights") ?? [Double](repeating: 1, count: classes)
        let sizes = clusterSizes(samples: samples, weights: weights, clustersPerClass: clustersPerClass)

        var centroidStream = stream("centroids")
        var centroids = hypercubeVertices(count: clusters, dimensions: informative, using: &centroidStream)
        for index in centroids.indices { centroids[index] = centroids[index] * 2 * separation - separation }
        var transformStream = stream("covariance")
        let transforms = uniformMatrix(count: clusters * informative * informative, using: &transformStream)
        var redundantStream = stream("redundant")
        let combinations = uniformMatrix(count: informative * redundant, using: &redundantStream)

        // Rows are generated in their final order: shuffling the cluster assignment is shuffling the rows.
        var clusterOf = [Int32](repeating: 0, count: samples)
        var row = 0
        for (cluster, size) in sizes.enumerated() {
            for _ in 0..<size { clusterOf[row] = Int32(cluster); row += 1 }
        }
        if shuffle {
            var rowStream = stream("rows")
            rowStream.shuffle(&clusterOf)
        }

        var informativeStream = stream("informative")
        var columns = structuredColumns(
            clusterOf: clusterOf, centroids: centroids, transforms: transforms, dimensions: informative,
            combinations: combinations, redundant: redundant, using: &informativeStream)
        var repeatStream = stream("repeated")
        let sources = informative + redundant
        for _ in 0..<repeated {
            let source = Int(Double(sources - 1) * repeatStream.nextUnitInterval() + 0.5)
            columns.append(columns[min(source, sources - 1)])
        }
        var noiseStream = stream("noise")
        while columns.count < features { columns.append(NormalSampler.deviates(samples, using: &noiseStream)) }

        var labels = [Double](repeating: 0, count: samples)
        for index in 0..<samples { labels[index] = Double(Int(clusterOf[index]) % classes) }
        if flip > 0 {
            var flipStream = stream("flip")
            for index in 0..<samples {
                if flipStream.nextUnitInterval() < flip { labels[index] = Double(flipStream.nextInt(below: classes)) }
            }
        }
        if shuffle {
            var columnStream = stream("columns")
            let order = columnStream.permutation(count: features)
            columns = order.map { columns[$0] }
        }
        return DataTable.synthetic(features: columns, target: labels)
    }

    /// Rows per cluster, cluster `c` belonging to class `c % classes`: scikit-learn's rule — each gets
    /// ⌊samples × w_class / clusters_per_class⌋ with the weights normalised, and the remaining rows go one
    /// each to clusters 0, 1, 2, ….
    static func clusterSizes(samples: Int, weights: [Double], clustersPerClass: Int) -> [Int] {
        let total = weights.reduce(0, +)
        let classes = weights.count
        let clusters = classes * clustersPerClass
        var sizes = (0..<clusters).map { cluster in
            Int(Double(samples) * (weights[cluster % classes] / total) / Double(clustersPerClass))
        }
        var remaining = samples - sizes.reduce(0, +)
        var cluster = 0
        while remaining > 0 {
            sizes[cluster % clusters] += 1
            remaining -= 1
            cluster += 1
        }
        // Normalised weights can sum to slightly more than 1; take any excess back from the last clusters.
        cluster = clusters - 1
        while remaining < 0 {
            if sizes[cluster] > 0 { sizes[cluster] -= 1; remaining += 1 }
            cluster = cluster == 0 ? clusters - 1 : cluster - 1
        }
        return sizes
    }

    /// `count` distinct vertices of {0, 1}^dimensions, row-major. As in scikit-learn, at most 30 coordinates
    /// are drawn as one distinct code per vertex and any further coordinates as independent random bits.
    ///
    /// - Precondition: `count ≤ 2^dimensions` (checked by `problems(with:)`).
    static func hypercubeVertices(count: Int, dimensions: Int, using generator: inout SeededGenerator) -> [Double] {
        let codeBits = min(dimensions, 30)
        let codeRange = 1 << codeBits
        var codes: [Int]
        if 2 * count >= codeRange {
            // Few codes in all: a partial Fisher–Yates shuffle of every code.
            codes = Array(0..<codeRange)
            for index in 0..<min(count, codeRange) {
                codes.swapAt(index, index + generator.nextInt(below: codeRange - index))
            }
            codes.removeLast(codeRange - min(count, codeRange))
        } else {
            codes = []
            var seen: Set<Int> = []
            while codes.count < count {
                let code = generator.nextInt(below: codeRange)
                if seen.insert(code).inserted { codes.append(code) }
            }
        }
        var vertices = [Double](repeating: 0, count: count * dimensions)
        let randomBits = dimensions - codeBits
        for vertex in 0..<codes.count {
            for bit in 0..<randomBits { vertices[vertex * dimensions + bit] = Double(generator.nextInt(below: 2)) }
            for bit in 0..<codeBits {
                vertices[vertex * dimensions + randomBits + bit] = Double((codes[vertex] >> (codeBits - 1 - bit)) & 1)
            }
        }
        return vertices
    }

    /// `count` numbers uniform in [−1, 1).
    static func uniformMatrix(count: Int, using generator: inout SeededGenerator) -> [Double] {
        (0..<count).map { _ in 2 * generator.nextUnitInterval() - 1 }
    }

    /// The informative columns (`z·A_c + centre_c` for each row's cluster c) followed by the redundant ones
    /// (`informative · B`), computed a block of rows at a time so that the block stays in cache.
    ///
    /// - Complexity: O(samples × informative × (informative + redundant)).
    static func structuredColumns(
        clusterOf: [Int32], centroids: [Double], transforms: [Double], dimensions: Int, combinations: [Double],
        redundant: Int, using generator: inout SeededGenerator
    ) -> [[Double]] {
        let samples = clusterOf.count
        let width = dimensions + redundant
        var columns = (0..<width).map { _ in [Double](repeating: 0, count: samples) }
        let blockRows = 256
        var normals = [Double](repeating: 0, count: blockRows * dimensions)
        var block = [Double](repeating: 0, count: blockRows * width)
        var start = 0
        while start < samples {
            let rows = min(blockRows, samples - start)
            normals.withUnsafeMutableBufferPointer { z in
                NormalSampler.fill(UnsafeMutableBufferPointer(rebasing: z[0..<(rows * dimensions)]), using: &generator)
            }
            normals.withUnsafeBufferPointer { z in
                block.withUnsafeMutableBufferPointer { out in
                    clusterOf.withUnsafeBufferPointer { clusterOf in
                        centroids.withUnsafeBufferPointer { centre in
                            transforms.withUnsafeBufferPointer { a in
                                combinations.withUnsafeBufferPointer { b in
                                    guard let z = z.baseAddress, let out = out.baseAddress,
                                        let centre = centre.baseAddress,
                                        let a = a.baseAddress
                                    else { return }
                                    for r in 0..<rows {
                                        let cluster = Int(clusterOf[start + r])
                                        let row = out + r * width
                                        rowTimesMatrix(
                                            z + r * dimensions, a + cluster * dimensions * dimensions,
                                            rows: dimensions, columns: dimensions, into: row)
                                        let centreRow = centre + cluster * dimensions
                                        for j in 0..<dimensions { row[j] += centreRow[j] }
                                        if redundant > 0, let b = b.baseAddress {
                                            rowTimesMatrix(
                                                row, b, rows: dimensions, columns: redundant, into: row + dimensions)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            block.withUnsafeBufferPointer { out in
                for j in 0..<width {
                    columns[j].withUnsafeMutableBufferPointer { column in
                        for r in 0..<rows { column[start + r] = out[r * width + j] }
                    }
                }
            }
            start += rows
        }
        return columns
    }

    /// `output[j] = Σ_l input[l] · matrix[l · columns + j]` for a row-major `rows × columns` matrix.
    ///
    /// Eight outputs at a time in two `SIMD4` accumulators, each summing over `l` in order, so the result
    /// does not depend on the vector width's grouping. `output` must not overlap `input` or `matrix`.
    @inline(__always)
    static func rowTimesMatrix(
        _ input: UnsafePointer<Double>, _ matrix: UnsafePointer<Double>, rows: Int, columns: Int,
        into output: UnsafeMutablePointer<Double>
    ) {
        var j = 0
        while j + 8 <= columns {
            var low = SIMD4<Double>()
            var high = SIMD4<Double>()
            for l in 0..<rows {
                let value = SIMD4<Double>(repeating: input[l])
                let coefficients = UnsafeRawPointer(matrix + l * columns + j)
                low += value * coefficients.loadUnaligned(as: SIMD4<Double>.self)
                high += value * coefficients.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self)
            }
            UnsafeMutableRawPointer(output + j).storeBytes(of: low, as: SIMD4<Double>.self)
            UnsafeMutableRawPointer(output + j + 4).storeBytes(of: high, as: SIMD4<Double>.self)
            j += 8
        }
        while j < columns {
            var sum = 0.0
            for l in 0..<rows { sum += input[l] * matrix[l * columns + j] }
            output[j] = sum
            j += 1
        }
    }
}
