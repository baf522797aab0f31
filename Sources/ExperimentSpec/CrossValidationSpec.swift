package import HyperplanCore

/// The cross-validation scheme and its options (defaults filled in).
package struct CrossValidationSpec: Sendable {
    /// `cv.scheme`, a name in `ResamplingRegistry`.
    package var scheme: String
    package var options: Hyperparameters
}

extension CrossValidationSpec {
    /// The `cv` section as written to `resolved.json` and hashed into the experiment's identity.
    package var json: JSONValue {
        .object(options.values.mapValues(\.json).merging(["scheme": .string(scheme)]) { $1 })
    }
}
