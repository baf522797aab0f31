import HyperplanCore

/// One preprocessing step of `dataset.preprocess`. Steps are fitted on the training rows of each fold only.
///
/// Whatever order the file lists them in, steps apply in the order impute → one-hot → standardize, the only
/// order in which each makes sense (one-hot needs complete categories; scaling applies to numeric columns).
public enum PreprocessingStep: Sendable, Hashable {
    /// Fills missing values: numeric columns with the strategy's statistic, categorical columns with their
    /// most frequent category.
    case impute(ImputeStrategy)
    /// Expands each categorical column into one 0/1 column per category seen in the training rows.
    case oneHot
    /// Centres numeric columns to mean 0 and scales them to unit (population) standard deviation.
    case standardize

    public enum ImputeStrategy: String, Sendable, Hashable, CaseIterable {
        case mean, median
        case mostFrequent = "most_frequent"
    }

    /// The step names accepted in `dataset.preprocess`.
    public static let names = ["standardize", "one_hot", "impute"]

    public var name: String {
        switch self {
        case .impute: return "impute"
        case .oneHot: return "one_hot"
        case .standardize: return "standardize"
        }
    }

    var order: Int {
        switch self {
        case .impute: return 0
        case .oneHot: return 1
        case .standardize: return 2
        }
    }

    /// The step as canonical JSON (for resolved experiments and node IDs).
    public var json: JSONValue { canonicalJSON }
}

/// The preprocessing an experiment asks for: a set of steps applied in their canonical order.
public struct PreprocessingPlan: Sendable, Hashable {
    public private(set) var steps: [PreprocessingStep]

    public init(_ steps: [PreprocessingStep]) {
        var unique: [PreprocessingStep] = []
        for step in steps where !unique.contains(where: { $0.order == step.order }) { unique.append(step) }
        self.steps = unique.sorted { $0.order < $1.order }
    }

    public var imputeStrategy: PreprocessingStep.ImputeStrategy? {
        for case .impute(let strategy) in steps { return strategy }
        return nil
    }

    public var oneHot: Bool { steps.contains(.oneHot) }
    public var standardize: Bool { steps.contains(.standardize) }

    public var json: JSONValue { .array(steps.map(\.json)) }
}
