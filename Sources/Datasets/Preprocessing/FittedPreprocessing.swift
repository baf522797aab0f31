package import HyperplanCore

/// Preprocessing statistics fitted on some rows of a dataset, applied unchanged to any other rows.
///
/// Fitting on a fold's training rows and transforming its validation rows with the same statistics is
/// what keeps validation scores free of leakage.
package struct FittedPreprocessing: Sendable, Hashable {
    /// What happens to one input column.
    package enum ColumnTransform: Sendable, Hashable {
        /// A numeric column: missing values become `fill`, then `(x - center) / scale`.
        case numeric(fill: Double, center: Double, scale: Double)
        /// A categorical column expanded to one column per category code in `categories`
        /// (missing values become `fill`; codes not among `categories` give all zeros).
        case oneHot(fill: Int32, categories: [Int32])
    }

    package var transforms: [ColumnTransform]
    /// The input column each transform reads, in order.
    package var inputNames: [String]
    /// The names of the output columns: numeric columns keep their name, one-hot columns are `column=category`.
    package var featureNames: [String]

    package var outputWidth: Int { featureNames.count }

    /// Fits `plan` on `rows` of `dataset`.
    ///
    /// - Complexity: O(rows × columns), plus a sort per column for the median.
    package static func fit(_ plan: PreprocessingPlan, on dataset: SupervisedDataset, rows: [Int])
        -> FittedPreprocessing
    {
        var transforms: [ColumnTransform] = []
        var names: [String] = []
        for column in dataset.featureColumns {
            switch column.values {
            case .numeric(let values):
                var present: [Double] = []
                present.reserveCapacity(rows.count)
                for row in rows where !values[row].isNaN { present.append(values[row]) }
                let fill = plan.imputeStrategy.map { imputeValue(present, strategy: $0) } ?? 0
                var center = 0.0
                var scale = 1.0
                if plan.standardize {
                    var filled = [Double]()
                    filled.reserveCapacity(rows.count)
                    for row in rows { filled.append(values[row].isNaN ? fill : values[row]) }
                    (center, scale) = meanAndScale(filled)
                }
                transforms.append(.numeric(fill: fill, center: center, scale: scale))
                names.append(column.name)
            case .categorical(let codes, let categories):
                var counts = [Int](repeating: 0, count: categories.count)
                for row in rows where codes[row] >= 0 { counts[Int(codes[row])] += 1 }
                // Most frequent category; ties go to the first in sorted order, as scikit-learn's imputer does.
                var fill: Int32 = -1
                if plan.imputeStrategy != nil {
                    for code in counts.indices where counts[code] > 0 && (fill < 0 || counts[code] > counts[Int(fill)])
                    {
                        fill = Int32(code)
                    }
                }
                let seen = counts.indices.filter { counts[$0] > 0 }.map { Int32($0) }
                transforms.append(.oneHot(fill: fill, categories: seen))
                names.append(contentsOf: seen.map { "\(column.name)=\(categories[Int($0)])" })
            }
        }
        return FittedPreprocessing(
            transforms: transforms, inputNames: dataset.featureColumns.map(\.name), featureNames: names)
    }

    /// The transformed feature matrix of `rows`, in that order.
    ///
    /// - Complexity: O(rows × output columns).
    package func transform(_ dataset: SupervisedDataset, rows: [Int]) -> Matrix {
        let width = outputWidth
        var output = Matrix(rows: rows.count, columns: width)
        output.storage.withUnsafeMutableBufferPointer { buffer in
            var offset = 0
            for (column, transform) in zip(dataset.featureColumns, transforms) {
                switch (column.values, transform) {
                case (.numeric(let values), .numeric(let fill, let center, let scale)):
                    values.withUnsafeBufferPointer { source in
                        for (position, row) in rows.enumerated() {
                            let raw = source[row]
                            buffer[position * width + offset] = StoredPreprocessing.scaled(
                                raw.isNaN ? fill : raw, center: center, scale: scale)
                        }
                    }
                    offset += 1
                case (.categorical(let codes, let categories), .oneHot(let fill, let seen)):
                    var slotOf = [Int](repeating: -1, count: categories.count)
                    for (slot, code) in seen.enumerated() { slotOf[Int(code)] = slot }
                    for (position, row) in rows.enumerated() {
                        let code = codes[row] < 0 ? fill : codes[row]
                        let slot = code >= 0 && Int(code) < slotOf.count ? slotOf[Int(code)] : -1
                        if slot >= 0 { buffer[position * width + offset + slot] = 1 }
                    }
                    offset += seen.count
                default:
                    break
                }
            }
        }
        return output
    }

    static func imputeValue(_ present: [Double], strategy: PreprocessingStep.ImputeStrategy) -> Double {
        guard !present.isEmpty else { return 0 }
        switch strategy {
        case .mean:
            return present.reduce(0, +) / Double(present.count)
        case .median:
            let sorted = present.sorted()
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        case .mostFrequent:
            var counts: [Double: Int] = [:]
            for value in present { counts[value, default: 0] += 1 }
            let best = counts.values.max() ?? 0
            return counts.filter { $0.value == best }.keys.min() ?? 0
        }
    }

    /// Mean and population standard deviation; a (near-)constant column keeps scale 1, as in scikit-learn.
    static func meanAndScale(_ values: [Double]) -> (Double, Double) {
        guard !values.isEmpty else { return (0, 1) }
        let count = Double(values.count)
        let mean = values.reduce(0, +) / count
        var sumOfSquares = 0.0
        for value in values {
            let deviation = value - mean
            sumOfSquares += deviation * deviation
        }
        let deviation = (sumOfSquares / count).squareRoot()
        return (mean, deviation < 10 * Double.ulpOfOne ? 1 : deviation)
    }
}
