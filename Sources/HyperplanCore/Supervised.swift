/// The target of a supervised dataset, restricted to some rows: class indices or real values.
///
/// Class indices are 0-based positions in the dataset's sorted class list, so metrics and learners never
/// see label strings.
package enum Targets: Sendable, Hashable {
    case classes([Int], classCount: Int)
    case values([Double])

    package var count: Int {
        switch self {
        case .classes(let labels, _): return labels.count
        case .values(let values): return values.count
        }
    }

    package var task: TaskKind {
        switch self {
        case .classes: return .classification
        case .values: return .regression
        }
    }

    /// The targets of `rows`, in that order.
    package func selecting(_ rows: [Int]) -> Targets {
        switch self {
        case .classes(let labels, let classCount): return .classes(rows.map { labels[$0] }, classCount: classCount)
        case .values(let values): return .values(rows.map { values[$0] })
        }
    }
}

/// What a fitted model predicts for a set of rows.
package enum Predictions: Sendable, Hashable {
    /// Predicted class indices and, when the model has them, class probabilities (rows × classes).
    case classes(labels: [Int], probabilities: Matrix?)
    /// Predicted real values.
    case values([Double])

    package var count: Int {
        switch self {
        case .classes(let labels, _): return labels.count
        case .values(let values): return values.count
        }
    }

    /// Whether every predicted value and probability is a finite number.
    package var allFinite: Bool {
        switch self {
        case .classes(_, let probabilities): return probabilities?.storage.allSatisfy(\.isFinite) ?? true
        case .values(let values): return values.allSatisfy(\.isFinite)
        }
    }
}
