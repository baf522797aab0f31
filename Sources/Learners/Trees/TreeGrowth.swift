import HyperplanCore

/// How a tree grows: the hyperparameters `decision_tree` and `random_forest` share, read from validated
/// options and resolved against the training data's size at fit time (as scikit-learn does in `fit`).
struct TreeGrowth: Sendable {
    var criterion: TreeCriterion
    /// `nil` for no limit.
    var maxDepth: Int?
    var minSamplesSplit: RowShare
    var minSamplesLeaf: RowShare
    var maxFeatures: FeatureShare
    var minImpurityDecrease: Double
    /// `nil` for depth-first growth; a number for best-first growth up to that many leaves.
    var maxLeafNodes: Int?

    /// The options as the schema declares them; `criterion` and `max_features` may be `auto`, resolved
    /// for `task` (`autoMaxFeatures` is what `auto` means for this learner and task).
    init(hyperparameters: Hyperparameters, task: TaskKind, autoMaxFeatures: FeatureShare) {
        criterion = TreeCriterion(option: hyperparameters.string("criterion") ?? "auto", task: task)
        maxDepth = hyperparameters["max_depth"].flatMap(Self.count)
        minSamplesSplit = hyperparameters["min_samples_split"].flatMap(RowShare.init) ?? .count(2)
        minSamplesLeaf = hyperparameters["min_samples_leaf"].flatMap(RowShare.init) ?? .count(1)
        maxFeatures =
            hyperparameters["max_features"].flatMap { FeatureShare($0, auto: autoMaxFeatures) } ?? autoMaxFeatures
        minImpurityDecrease = hyperparameters.double("min_impurity_decrease") ?? 0
        maxLeafNodes = hyperparameters["max_leaf_nodes"].flatMap(Self.count)
    }

    /// An integer option that may also be `none`.
    private static func count(_ value: ParameterValue) -> Int? {
        if case .int(let count) = value { return count }
        return nil
    }

    /// The options both learners declare, in schema order; `maxFeatures` differs between them.
    static func options(maxFeatures: OptionSpec) -> [OptionSpec] {
        [
            OptionSpec(
                "criterion",
                .enumeration(["auto", "gini", "entropy", "log_loss", "squared_error", "absolute_error", "poisson"]),
                default: .string("auto"),
                summary: "split quality: gini, entropy (log_loss) for classification; squared_error, "
                    + "absolute_error, poisson for regression; auto is gini or squared_error"),
            OptionSpec(
                "max_depth", .union([.enumeration(["none"]), .integer(min: 1, max: Int.max)]),
                default: .string("none"), summary: "deepest level a node may be split at (none: no limit)"),
            OptionSpec(
                "min_samples_split",
                .union([
                    .integer(min: 2, max: Int.max),
                    .real(RealBounds(lower: 0, lowerInclusive: false, upper: 1, upperInclusive: false)),
                ]),
                default: .int(2),
                summary: "fewest rows a node needs to be split: a count, or a fraction of the training rows"),
            OptionSpec(
                "min_samples_leaf",
                .union([
                    .integer(min: 1, max: Int.max),
                    .real(RealBounds(lower: 0, lowerInclusive: false, upper: 0.5, upperInclusive: true)),
                ]),
                default: .int(1),
                summary: "fewest rows each child of a split must keep: a count, or a fraction of the training rows"),
            maxFeatures,
            OptionSpec(
                "min_impurity_decrease", .real(.nonNegative), default: .double(0),
                summary: "least weighted impurity decrease a split must bring"),
            OptionSpec(
                "max_leaf_nodes", .union([.enumeration(["none"]), .integer(min: 2, max: Int.max)]),
                default: .string("none"),
                summary: "grow best-first up to this many leaves (none: depth-first, no limit)"),
        ]
    }

    /// The `max_features` option with the given words and default.
    static func maxFeaturesOption(words: [String], default defaultValue: ParameterValue, summary: String)
        -> OptionSpec
    {
        OptionSpec(
            "max_features",
            .union([
                .enumeration(words), .integer(min: 1, max: Int.max),
                .real(RealBounds(lower: 0, lowerInclusive: false, upper: 1, upperInclusive: true)),
            ]),
            default: defaultValue, summary: summary)
    }

    /// The task-dependent problem with `criterion`, if any: a classification criterion on a regression task
    /// or the reverse.
    static func criterionProblem(_ hyperparameters: Hyperparameters, task: TaskKind) -> OptionProblem? {
        guard let name = hyperparameters.string("criterion"), name != "auto" else { return nil }
        let criterion = TreeCriterion(option: name, task: task)
        guard criterion.task != task else { return nil }
        let suitable =
            task == .classification ? "gini, entropy or log_loss" : "squared_error, absolute_error or poisson"
        return OptionProblem(
            option: "criterion", message: "criterion '\(name)' is for \(criterion.task.rawValue); use \(suitable)")
    }

    /// The growth limits in rows and features for `rowCount` training rows of `featureCount` features.
    ///
    /// - Throws: `FitFailure` when `max_features` asks for more features than there are.
    func resolved(rowCount: Int, featureCount: Int) throws(FitFailure) -> TreeLimits {
        let leaf: Int
        switch minSamplesLeaf {
        case .count(let count): leaf = count
        case .fraction(let fraction): leaf = Int((fraction * Double(rowCount)).rounded(.up))
        }
        var split: Int
        switch minSamplesSplit {
        case .count(let count): split = count
        case .fraction(let fraction): split = max(2, Int((fraction * Double(rowCount)).rounded(.up)))
        }
        split = max(split, 2 * leaf)
        let features: Int
        switch maxFeatures {
        case .all: features = featureCount
        case .sqrt: features = max(1, Int(Double(featureCount).squareRoot()))
        case .log2: features = max(1, Int.bitWidth - 1 - featureCount.leadingZeroBitCount)
        case .count(let count):
            guard count <= featureCount else {
                throw FitFailure("max_features \(count) exceeds the \(featureCount) features")
            }
            features = count
        case .fraction(let fraction): features = max(1, Int(fraction * Double(featureCount)))
        }
        return TreeLimits(
            maxDepth: maxDepth ?? Int(Int32.max), minSamplesSplit: split, minSamplesLeaf: leaf,
            maxFeatures: features, minImpurityDecrease: minImpurityDecrease, maxLeafNodes: maxLeafNodes)
    }
}

/// A row-count option: an absolute count, or a fraction of the training rows (rounded up, as scikit-learn).
enum RowShare: Sendable, Hashable {
    case count(Int)
    case fraction(Double)

    init?(_ value: ParameterValue) {
        switch value {
        case .int(let count): self = .count(count)
        case .double(let fraction): self = .fraction(fraction)
        default: return nil
        }
    }
}

/// How many features each split considers.
enum FeatureShare: Sendable, Hashable {
    case all
    case sqrt
    case log2
    case count(Int)
    /// `max(1, ⌊fraction × features⌋)`.
    case fraction(Double)

    init?(_ value: ParameterValue, auto: FeatureShare) {
        switch value {
        case .string("auto"): self = auto
        case .string("none"): self = .all
        case .string("sqrt"): self = .sqrt
        case .string("log2"): self = .log2
        case .int(let count): self = .count(count)
        case .double(let fraction): self = .fraction(fraction)
        default: return nil
        }
    }
}

/// The growth limits of one fit, in rows and features.
struct TreeLimits: Sendable {
    var maxDepth: Int
    var minSamplesSplit: Int
    var minSamplesLeaf: Int
    var maxFeatures: Int
    var minImpurityDecrease: Double
    var maxLeafNodes: Int?
}
