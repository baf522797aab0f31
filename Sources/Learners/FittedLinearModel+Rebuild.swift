package import HyperplanCore

extension FittedLinearModel: RebuildableModel {
    /// Rebuilds ŷ = Xw + b from `coefficients` (one per feature) and `intercept`.
    ///
    /// - Throws: `JSONFieldError` when either is missing or `coefficients` has the wrong length.
    package init(stored parameters: StoredParameters) throws(JSONFieldError) {
        self.init(
            coefficients: try parameters("coefficients").doubles(count: parameters.featureCount),
            intercept: try parameters("intercept").double())
    }
}
