package import Foundation
package import HyperplanCore

/// Where a dataset comes from, as written in `dataset.source`.
package enum DatasetSource: Sendable, Hashable, CustomStringConvertible {
    /// A dataset shipped with Hyperplan (`builtin:iris`).
    case builtin(String)
    /// A CSV file, by the path written in the experiment (relative to the experiment file's directory).
    case csv(path: String)
    /// A generated dataset (`synthetic:classification`): a `SyntheticRegistry` generator and its options as a
    /// JSON object of scalars and lists (`seed` among them only when it is fixed independently of the
    /// experiment's seed).
    case synthetic(name: String, options: JSONValue)

    package static let builtinPrefix = "builtin:"
    package static let syntheticPrefix = "synthetic:"

    /// Parses the text of `dataset.source`; a `synthetic:NAME` source gets no options (its defaults), which
    /// the spec stage replaces with the options the file gives.
    package init(parsing text: String) {
        if text.hasPrefix(DatasetSource.builtinPrefix) {
            self = .builtin(String(text.dropFirst(DatasetSource.builtinPrefix.count)))
        } else if text.hasPrefix(DatasetSource.syntheticPrefix) {
            self = .synthetic(name: String(text.dropFirst(DatasetSource.syntheticPrefix.count)), options: .object([:]))
        } else {
            self = .csv(path: text)
        }
    }

    /// `builtin:NAME`, the CSV path, or `synthetic:NAME` (the options are not shown; they are part of the
    /// loaded dataset's `sha256`).
    package var description: String {
        switch self {
        case .builtin(let name): return DatasetSource.builtinPrefix + name
        case .csv(let path): return path
        case .synthetic(let name, _): return DatasetSource.syntheticPrefix + name
        }
    }
}

/// A dataset read from its source: the typed table and the SHA-256 of the exact bytes read.
package struct LoadedDataset: Sendable {
    package var source: DatasetSource
    package var table: DataTable
    package var sha256: ContentHash
    /// The file that was read (for messages).
    package var fileDescription: String
}

/// Reads datasets from built-in resources or CSV files.
package enum DatasetLoader {
    /// Loads `source`, resolving a relative CSV path against `baseDirectory` (the experiment file's folder).
    ///
    /// - Parameter seed: the experiment's seed, which a synthetic source draws with unless its options give
    ///   a `seed`; other sources ignore it.
    /// - Throws: `DatasetError` for an unknown built-in, a missing or unreadable file, malformed CSV, or an
    ///   unknown synthetic generator or invalid options.
    package static func load(_ source: DatasetSource, relativeTo baseDirectory: URL, seed: UInt64 = 0)
        throws(DatasetError) -> LoadedDataset
    {
        let url: URL
        let display: String
        switch source {
        case .synthetic(let name, let options):
            return try SyntheticRegistry.generate(name: name, options: options, seed: seed)
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
    package static func resolve(path: String, relativeTo baseDirectory: URL) -> URL {
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
        if let kind = FileKind.irregular(atPath: url.path) {
            throw DatasetError("unreadable-file", "dataset path '\(display)' is \(kind), not a regular file")
        }
        // One copy of the file in memory: the bytes, hashed and validated in place.
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: url))
        } catch {
            throw DatasetError(
                "unreadable-file", "cannot read dataset file '\(display)': \(SystemReason.of(error))")
        }
        guard Self.isValidUTF8(bytes) else {
            throw DatasetError("csv-encoding", "dataset file '\(display)' is not valid UTF-8")
        }
        let sha256 = ContentHash(bytes: bytes)
        let reader = try CSVReader(bytes: bytes, file: display)
        let table = try DataTable.build(from: reader)
        return LoadedDataset(source: source, table: table, sha256: sha256, fileDescription: display)
    }

    /// Whether `bytes` are well-formed UTF-8, checked without building a `String` (a copy of the whole file).
    ///
    /// - Complexity: O(n); an ASCII prefix (most CSV files are all ASCII) is skipped eight bytes at a time.
    package static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        let ascii = bytes.withUnsafeBytes { raw -> Int in
            var index = 0
            while index + 8 <= raw.count,
                raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                index += 8
            }
            return index
        }
        var iterator = bytes[ascii...].makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
