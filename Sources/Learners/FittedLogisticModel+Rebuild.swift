package import HyperplanCore

extension FittedLogisticModel: RebuildableModel {
    /// Rebuilds the model from `coefficients` (one row for two fitted classes, else one per fitted class, each
    /// one number per feature), `intercepts` (one per row) and `fitted_class_indices` when the training rows
    /// lacked a class.
    ///
    /// - Throws: `JSONFieldError` for a missing key, a wrong number of rows or columns, or class indices out of
    ///   range.
    package init(stored parameters: StoredParameters) throws(JSONFieldError) {
        let classes = try parameters.fittedClasses()
        let vectors = classes.count == 2 ? 1 : classes.count
        let rows = try parameters("coefficients").elements(count: vectors)
        var coefficients: [[Double]] = []
        for row in rows { coefficients.append(try row.doubles(count: parameters.featureCount)) }
        self.init(
            coefficients: coefficients, intercepts: try parameters("intercepts").doubles(count: vectors),
            classes: classes, classCount: parameters.classCount, report: FitReport())
    }
}
