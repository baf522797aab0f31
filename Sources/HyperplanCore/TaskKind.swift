/// What a model predicts: a class label or a real value.
package enum TaskKind: String, Sendable, Hashable, CaseIterable {
    case classification
    case regression
}
