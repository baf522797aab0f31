import Datasets
import Foundation

/// A CSV file written to a fresh temporary directory for one test, removed again by `remove()`.
struct TemporaryCSV {
    let directory: URL
    let fileName: String

    /// Writes `bytes` as `fileName` in a new directory.
    init(bytes: [UInt8], fileName: String = "data.csv") throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("hyperplan-datasets-tests-\(UUID().uuidString)")
        self.fileName = fileName
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(bytes).write(to: directory.appendingPathComponent(fileName))
    }

    init(_ text: String, fileName: String = "data.csv") throws {
        try self.init(bytes: Array(text.utf8), fileName: fileName)
    }

    /// Loads the file the way an experiment names it: a path relative to the experiment's directory.
    func load() throws(DatasetError) -> LoadedDataset {
        try DatasetLoader.load(.csv(path: fileName), relativeTo: directory)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Loads `text` from a temporary file and removes the file again.
    static func load(_ text: String) throws -> LoadedDataset {
        try load(bytes: Array(text.utf8))
    }

    static func load(bytes: [UInt8]) throws -> LoadedDataset {
        let file = try TemporaryCSV(bytes: bytes)
        defer { file.remove() }
        return try file.load()
    }

    /// The `DatasetError` that loading `text` throws, or `nil` when it loads.
    static func error(loading text: String) throws -> DatasetError? {
        let file = try TemporaryCSV(text)
        defer { file.remove() }
        do {
            _ = try file.load()
            return nil
        } catch {
            return error
        }
    }
}

extension DataColumn {
    /// The numbers of a numeric column (NaN for missing), or `nil` for a categorical one.
    var numbers: [Double]? {
        if case .numeric(let numbers) = values { return numbers }
        return nil
    }

    /// The texts of a categorical column (`nil` for missing), or `nil` for a numeric one.
    var texts: [String?]? {
        guard case .categorical(let codes, let categories) = values else { return nil }
        return codes.map { $0 < 0 ? nil : categories[Int($0)] }
    }
}
