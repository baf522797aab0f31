import Foundation
import HyperplanCore
import Testing

/// Bundles for `hyperplan predict` tests, each run once per test process and shared by the tests that need it,
/// and the helpers that read what a bundle and `predict` wrote.
enum PredictWorkspace {
    /// The folder every bundle of this process lives in (`runs/` under it).
    static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hyperplan-predict-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        // Removed when the test process ends: the bundles are shared by tests, so no single test owns them.
        atexit { try? FileManager.default.removeItem(at: PredictWorkspace.directory) }
        return url
    }()

    /// Runs `yaml` (named `name`) unless this process already has, and returns its bundle folder.
    static func bundle(_ name: String, _ yaml: String) throws -> URL {
        try runs.bundle(name) {
            let file = directory.appendingPathComponent("\(name).yaml")
            try yaml.write(to: file, atomically: true, encoding: .utf8)
            let result = try HyperplanProcess.run(
                ["run", file.path, "--output", "runs", "-j", "2", "--quiet"], in: directory)
            #expect(result.status == 0, "\(result.standardError)")
            return try onlyBundle(directory.appendingPathComponent("runs").appendingPathComponent(name))
        }
    }

    static func onlyBundle(_ experiment: URL) throws -> URL {
        let hashes = try FileManager.default.contentsOfDirectory(atPath: experiment.path).filter {
            !$0.hasPrefix(".") && $0 != "latest"
        }
        #expect(hashes.count == 1)
        return experiment.appendingPathComponent(try #require(hashes.first))
    }

    /// A fresh folder for one test's files.
    static func scratch() throws -> URL {
        let url = directory.appendingPathComponent("scratch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The lines of a text file, without the trailing empty one.
    static func lines(_ url: URL) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map(String.init)
    }

    /// A CSV file of the built-in dataset `name`'s header and the data rows `rows` (0-based), copied verbatim.
    static func builtinRows(_ name: String, rows: [Int], to url: URL) throws {
        let source = HyperplanProcess.repository.appendingPathComponent("Sources/Datasets/Resources/\(name).csv")
        let lines = try self.lines(source)
        try ([lines[0]] + rows.map { lines[$0 + 1] }).map { $0 + "\n" }.joined()
            .write(to: url, atomically: true, encoding: .utf8)
    }

    /// A JSON file.
    static func json(_ url: URL) throws -> JSONValue {
        try JSONValue.parse(String(contentsOf: url, encoding: .utf8))
    }

    private static let runs = BundleCache()
}

/// Bundles already run, shared by tests running in parallel; a bundle being run is waited for.
///
/// `@unchecked Sendable` is safe because `bundles` is only read or written while `lock` is held, and `lock` is
/// held for the whole of a run, so no two tests run the same experiment.
private final class BundleCache: @unchecked Sendable {
    private let lock = NSLock()
    private var bundles: [String: URL] = [:]

    func bundle(_ name: String, make: () throws -> URL) throws -> URL {
        lock.lock()
        defer { lock.unlock() }
        if let known = bundles[name] { return known }
        let made = try make()
        bundles[name] = made
        return made
    }
}
