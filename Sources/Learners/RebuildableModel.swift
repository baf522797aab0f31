package import HyperplanCore

/// A fitted model that can be rebuilt from the `parameters` it writes, so a saved model predicts with the same
/// code, and the same bits, as the model the run fitted.
///
/// Each learner names its fitted model type in `Learner.fittedModelType`; `LearnerRegistry.rebuild` finds it
/// by the learner's name. The parameters come from a file a person may have edited: `init` checks every shape
/// and index that prediction relies on and throws instead of trapping.
package protocol RebuildableModel: FittedModel {
    /// Rebuilds the model from `parameters` (what `FittedModel.parameters` wrote).
    ///
    /// - Throws: `JSONFieldError` naming the first key that is missing, of the wrong kind or inconsistent
    ///   with the model's shape.
    init(stored parameters: StoredParameters) throws(JSONFieldError)
}

/// A fitted model's `parameters` read back from a saved model, with the facts the file states beside them.
package struct StoredParameters: Sendable {
    /// The `parameters` object, with its key path for messages.
    package var field: JSONField
    package var task: TaskKind
    /// The number of classes of the target (classification); 0 for regression.
    package var classCount: Int
    /// The number of columns of the (preprocessed) feature matrix the model reads.
    package var featureCount: Int

    package init(field: JSONField, task: TaskKind, classCount: Int, featureCount: Int) {
        self.field = field
        self.task = task
        self.classCount = classCount
        self.featureCount = featureCount
    }

    /// The member `key` of the parameters.
    package func callAsFunction(_ key: String) throws(JSONFieldError) -> JSONField { try field.field(key) }

    /// The class indices a classifier was fitted on: `fitted_class_indices` when the training rows lacked a
    /// class, else every class. Checked to be increasing, in range, and at least two.
    ///
    /// - Throws: `JSONFieldError` when they are not.
    func fittedClasses() throws(JSONFieldError) -> [Int] {
        guard let listed = try field.optionalField("fitted_class_indices") else { return Array(0..<classCount) }
        let classes = try listed.ints(in: 0...max(classCount - 1, 0))
        guard classes.count >= 2, zip(classes, classes.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw listed.error("must list at least two increasing class indices")
        }
        return classes
    }

    /// A matrix of `rows` × `columns` numbers written as a list of rows, flattened row-major.
    ///
    /// - Throws: `JSONFieldError` naming the first row or number that does not fit.
    func matrix(_ key: String, rows: Int? = nil, columns: Int) throws(JSONFieldError) -> [Double] {
        let list = try field.field(key).elements(count: rows)
        var storage: [Double] = []
        storage.reserveCapacity(list.count * columns)
        for row in list { try row.appendDoubles(to: &storage, count: columns) }
        return storage
    }
}

extension LearnerRegistry {
    /// Rebuilds the fitted model of the learner named `type` from its stored `parameters`.
    ///
    /// - Throws: `JSONFieldError` when no learner has that name or the parameters are not its model's.
    package static func rebuild(type: String, parameters: StoredParameters) throws(JSONFieldError) -> any FittedModel {
        guard let learner = learner(named: type) else {
            throw JSONFieldError(
                path: "type",
                message: "names no model this hyperplan knows ('\(type)'; known: \(names.joined(separator: ", ")))")
        }
        guard learner.tasks.contains(parameters.task) else {
            throw JSONFieldError(path: "task", message: "'\(parameters.task.rawValue)' is not a task of '\(type)'")
        }
        if parameters.task == .classification, parameters.classCount < 2 {
            throw JSONFieldError(path: "classes", message: "must list at least two classes")
        }
        return try learner.fittedModelType.init(stored: parameters)
    }
}
