package import Datasets
package import HyperplanCore
package import Resampling

/// Where the rows come from and how they are prepared.
package struct DatasetSpec: Sendable {
    package enum TaskOrigin: String, Sendable {
        /// The model can only do one task.
        case model
        /// `dataset.task` says so.
        case declared
        /// Inferred from the target column.
        case inferred
    }

    package var source: DatasetSource
    /// The SHA-256 of the dataset file's bytes.
    package var sha256: ContentHash
    package var target: String
    /// The feature columns used, in order (after `features:` and `drop:`).
    package var features: [String]
    package var task: TaskKind
    package var taskOrigin: TaskOrigin
    /// Rows held out as the final test split, if any.
    package var testSize: SplitSize?
    package var preprocess: PreprocessingPlan
    package var rowCount: Int
    /// Class labels in index order, for classification.
    package var classNames: [String]
}

extension DatasetSpec {
    /// The `dataset` section as written to `resolved.json` and hashed into the experiment's identity.
    package var json: JSONValue {
        .object([
            "source": .string(source.description),
            "sha256": .string(sha256.hex),
            "target": .string(target),
            "features": .array(features.map(JSONValue.string)),
            "task": .string(task.rawValue),
            "test_size": testSize?.json ?? .null,
            "preprocess": preprocess.json,
        ])
    }
}
