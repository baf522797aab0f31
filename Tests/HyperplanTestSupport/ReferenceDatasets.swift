package import Datasets
import Foundation
package import HyperplanCore

/// The built-in datasets as tests use them: read once per test process and encoded as `SupervisedDataset`.
package enum ReferenceDatasets {
    /// The built-in dataset `name` with its default target, encoded for `task` (the dataset's own task when
    /// `nil`): `builtin:digits` can be read as classification or, with its digit as a number, as regression.
    ///
    /// - Throws: `DatasetError` when the dataset cannot be loaded or encoded.
    package static func supervised(_ name: String, task: TaskKind? = nil) throws(DatasetError) -> SupervisedDataset {
        guard let builtin = BuiltinDataset.named(name) else {
            throw DatasetError("unknown-dataset", "unknown built-in dataset '\(name)'")
        }
        return try SupervisedDataset.make(
            from: try loaded(name), target: builtin.defaultTarget, features: nil, drop: [],
            task: task ?? builtin.task)
    }

    /// `builtin:NAME` as read by `DatasetLoader`, cached for the rest of the process.
    ///
    /// - Throws: `DatasetError` from the loader.
    package static func loaded(_ name: String) throws(DatasetError) -> LoadedDataset {
        if let cached = cache.value(for: name) { return cached }
        let loaded = try DatasetLoader.load(.builtin(name), relativeTo: ReferenceFixtures.directory)
        cache.store(loaded, for: name)
        return loaded
    }

    /// The raw feature values of `rows` (all rows when `nil`), for datasets whose features are all numeric.
    ///
    /// - Throws: `FixtureError` when a feature column is categorical.
    package static func numericFeatures(of dataset: SupervisedDataset, rows: [Int]? = nil) throws(FixtureError)
        -> Matrix
    {
        let selected = rows ?? Array(0..<dataset.rowCount)
        let columns = dataset.featureColumns.count
        var matrix = Matrix(rows: selected.count, columns: columns)
        for (column, feature) in dataset.featureColumns.enumerated() {
            guard case .numeric(let values) = feature.values else {
                throw FixtureError("feature '\(feature.name)' is not numeric")
            }
            for (position, row) in selected.enumerated() { matrix[position, column] = values[row] }
        }
        return matrix
    }

    private static let cache = LoadedCache()
}

/// Datasets already read, shared by tests running in parallel.
///
/// `@unchecked Sendable` is safe because `entries` is only read or written while `lock` is held.
private final class LoadedCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: LoadedDataset] = [:]

    func value(for name: String) -> LoadedDataset? {
        lock.lock()
        defer { lock.unlock() }
        return entries[name]
    }

    func store(_ loaded: LoadedDataset, for name: String) {
        lock.lock()
        defer { lock.unlock() }
        entries[name] = loaded
    }
}
