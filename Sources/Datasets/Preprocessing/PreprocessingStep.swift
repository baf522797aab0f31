package import HyperplanCore

/// One preprocessing step of `dataset.preprocess`. Steps are fitted on the training rows of each fold only.
///
/// Whatever order the file lists them in, steps apply in the order impute → one-hot → standardize, the only
/// order in which each makes sense (one-hot needs complete categories; scaling applies to numeric columns).
package enum PreprocessingStep: Sendable, Hashable {
    /// Fills missing values: numeric columns with the strategy's statistic, categorical columns with their
    /// most frequent category.
    case impute(ImputeStrategy)
    /// Expands each categorical column into one 0/1 column per category seen in the training rows.
    case oneHot
    /// Centres numeric columns to mean 0 and scales them to unit (population) standard deviation.
    case standardize

    package enum ImputeStrategy: String, Sendable, Hashable, CaseIterable {
        case mean, median
        case mostFrequent = "most_frequent"
    }

    /// The step names accepted in `dataset.preprocess`.
    package static let names = ["standardize", "one_hot", "impute"]

    package var name: String {
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
    package var json: JSONValue { canonicalJSON }
}

/// The preprocessing an experiment asks for: a set of steps applied in their canonical order.
package struct PreprocessingPlan: Sendable, Hashable {
    package private(set) var steps: [PreprocessingStep]

    package init(_ steps: [PreprocessingStep]) {
        var unique: [PreprocessingStep] = []
        for step in steps where !unique.contains(where: { $0.order == step.order }) { unique.append(step) }
        self.steps = unique.sorted { $0.order < $1.order }
    }

    package var imputeStrategy: PreprocessingStep.ImputeStrategy? {
        for case .impute(let strategy) in steps { return strategy }
        return nil
    }

    package var oneHot: Bool { steps.contains(.oneHot) }
    package var standardize: Bool { steps.contains(.standardize) }

    package var json: JSONValue { .array(steps.map(\.json)) }
}
