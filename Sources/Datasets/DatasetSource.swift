import Foundation
import HyperplanCore

/// Where a dataset comes from, as written in `dataset.source`.
public enum DatasetSource: Sendable, Hashable, CustomStringConvertible {
    /// A dataset shipped with Hyperplan (`builtin:iris`).
    case builtin(String)
    /// A CSV file, by the path written in the experiment (relative to the experiment file's directory).
    case csv(path: String)

    public static let builtinPrefix = "builtin:"

    /// Parses the text of `dataset.source`.
    public init(parsing text: String) {
        if text.hasPrefix(DatasetSource.builtinPrefix) {
            self = .builtin(String(text.dropFirst(DatasetSource.builtinPrefix.count)))
        } else {
            self = .csv(path: text)
        }
    }

    public var description: String {
        switch self {
        case .builtin(let name): return DatasetSource.builtinPrefix + name
        case .csv(let path): return path
        }
    }
}

/// A dataset read from its source: the typed table and the SHA-256 of the exact bytes read.
public struct LoadedDataset: Sendable {
    public var source: DatasetSource
    public var table: DataTable
    public var sha256: ContentHash
    /// The file that was read (for messages).
    public var fileDescription: String
}

/// Reads datasets from built-in resources or CSV files.
public enum DatasetLoader {
    /// Loads `source`, resolving a relative CSV path against `baseDirectory` (the experiment file's folder).
    ///
    /// - Throws: `DatasetError` for an unknown built-in, a missing or unreadable file, or malformed CSV.
    public static func load(_ source: DatasetSource, relativeTo baseDirectory: URL) throws(DatasetError)
        -> LoadedDataset
    {
        let url: URL
        let display: String
        switch source {
        case .builtin(let name):
            guard let builtin = BuiltinDataset.named(name) else {
                throw DatasetError("unknown-dataset", "unknown built-in dataset '\(name)'")
            }
            guard let directory = ResourceLocator.builtinDirectory() else {
                throw DatasetError(
                    "missing-resources",
                    "the built-in datasets were not found next to the hyperplan executable; "
                        + "set \(ResourceLocator.environmentOverride) to the folder holding \(builtin.fileName)")
            }
            url = directory.appendingPathComponent(builtin.fileName)
            display = "builtin:\(name)"
        case .csv(let path):
            url = resolve(path: path, relativeTo: baseDirectory)
            display = path
        }
        return try load(url: url, source: source, display: display)
    }

    /// The absolute location of a CSV path written relative to `baseDirectory`.
    public static func resolve(path: String, relativeTo baseDirectory: URL) -> URL {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL }
        return baseDirectory.appendingPathComponent(path).standardizedFileURL
    }

    private static func load(url: URL, source: DatasetSource, display: String) throws(DatasetError) -> LoadedDataset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw DatasetError("missing-file", "dataset file '\(display)' does not exist")
        }
        guard !isDirectory.boolValue else {
            throw DatasetError("missing-file", "dataset path '\(display)' is a directory, not a CSV file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DatasetError(
                "unreadable-file", "cannot read dataset file '\(display)': \(error.localizedDescription)")
        }
        let bytes = [UInt8](data)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw DatasetError("csv-encoding", "dataset file '\(display)' is not valid UTF-8")
        }
        let reader = try CSVReader(bytes: bytes, file: display)
        let table = try DataTable.build(from: reader)
        return LoadedDataset(source: source, table: table, sha256: ContentHash(bytes: data), fileDescription: display)
    }
}
