package import HyperplanCore

/// Decides classification or regression from a target column when neither the model nor `dataset.task` does.
///
/// Text labels mean classification; real numbers with fractions mean regression; whole numbers mean
/// classification when there are at most `maximumClassCount` distinct values, regression from
/// `minimumRegressionDistinct` distinct values on, and are ambiguous in between.
package enum TaskInference {
    package static let maximumClassCount = 20
    package static let minimumRegressionDistinct = 50

    package enum Outcome: Sendable, Equatable {
        case decided(TaskKind, reason: String)
        case ambiguous(reason: String)
    }

    package static func infer(from column: DataColumn) -> Outcome {
        guard column.isNumeric else {
            return .decided(.classification, reason: "'\(column.name)' holds text labels")
        }
        let distinct = column.distinctCount
        guard column.isIntegral else {
            return .decided(.regression, reason: "'\(column.name)' holds real numbers")
        }
        if distinct <= maximumClassCount {
            return .decided(.classification, reason: "'\(column.name)' holds \(distinct) distinct whole numbers")
        }
        if distinct >= minimumRegressionDistinct {
            return .decided(.regression, reason: "'\(column.name)' holds \(distinct) distinct whole numbers")
        }
        return .ambiguous(
            reason: "'\(column.name)' holds \(distinct) distinct whole numbers, which could be classes or values")
    }
}
