package import HyperplanCore

/// One train/validation split.
///
/// Unshuffled, the last `validation_size` rows validate, as scikit-learn's
/// `train_test_split(shuffle=False)`. Shuffled, the split is random and, for classification, stratified.
package struct Holdout: ResamplingScheme {
    package static let name = "holdout"
    package static let summary = "a single train/validation split"
    package static let schema = OptionSchema([
        OptionSpec(
            "validation_size", .fractionOrCount, default: .double(0.2), searchable: false,
            summary: "fraction of rows in (0, 1), or a row count ≥ 1, used for validation"),
        FoldOptions.shuffle,
    ])
    package static let needsClasses = false

    package var validationSize: SplitSize
    package var shuffle: Bool

    package init(options: Hyperparameters) {
        validationSize = SplitSize(options["validation_size"] ?? .double(0.2)) ?? .fraction(0.2)
        shuffle = options.bool("shuffle") ?? false
    }

    package var splitCount: Int { 1 }

    package func splits(rowCount: Int, strata: [Int]?, generator: inout SeededGenerator) throws(ResamplingError)
        -> [Split]
    {
        let validationCount = try validationSize.count(of: rowCount, purpose: "validation")
        if !shuffle {
            let cut = rowCount - validationCount
            return [Split(train: Array(0..<cut), validation: Array(cut..<rowCount))]
        }
        let (train, validation) = try ShuffledSplitter.split(
            rowCount: rowCount, heldOut: validationCount, strata: strata, generator: &generator)
        return [Split(train: train, validation: validation)]
    }
}

/// How many rows a split holds out: a fraction of the rows or a count.
package enum SplitSize: Sendable, Hashable {
    case fraction(Double)
    case count(Int)

    /// Reads `0.2` as a fraction and `30` as a count; `nil` for anything else.
    package init?(_ value: ParameterValue) {
        switch value {
        case .int(let count) where count >= 1: self = .count(count)
        case .double(let fraction) where fraction > 0 && fraction < 1: self = .fraction(fraction)
        default: return nil
        }
    }

    /// The number of held-out rows out of `rowCount`: `ceil(fraction × n)` as in scikit-learn.
    ///
    /// - Throws: `ResamplingError` when either side of the split would be empty.
    package func count(of rowCount: Int, purpose: String) throws(ResamplingError) -> Int {
        let held: Int
        switch self {
        case .fraction(let fraction): held = Int((fraction * Double(rowCount)).rounded(.up))
        case .count(let count): held = count
        }
        guard held >= 1, held < rowCount else {
            throw ResamplingError("a \(purpose) split of \(self) leaves an empty side with \(rowCount) rows")
        }
        return held
    }

    package var json: JSONValue {
        switch self {
        case .fraction(let fraction): return .double(fraction)
        case .count(let count): return .int(count)
        }
    }
}

extension SplitSize: CustomStringConvertible {
    package var description: String {
        switch self {
        case .fraction(let fraction): return NumberFormatting.shortest(fraction)
        case .count(let count): return "\(count) rows"
        }
    }
}
