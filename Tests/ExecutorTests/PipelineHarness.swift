import Executor
import ExperimentSpec
import Foundation
import HyperplanCore
import Planner
import ResultBundle
import Testing

/// Runs experiments in-process through every stage: spec → plan → execution → bundle.
enum PipelineHarness {
    static let experiments = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("experiments")

    static func load(_ yaml: String, baseDirectory: URL = experiments) throws -> ExperimentLoader.Loaded {
        let report = ExperimentLoader.validate(text: yaml, path: "experiment.yaml", baseDirectory: baseDirectory)
        return try #require(report.loaded, "\(DiagnosticRenderer(sources: report.sources).render(report.diagnostics))")
    }

    /// Runs `yaml` with `jobs` parallel nodes; writes the bundle under `root` when given.
    static func run(_ yaml: String, jobs: Int, root: URL? = nil, baseDirectory: URL = experiments) async throws
        -> RunOutcome
    {
        let loaded = try load(yaml, baseDirectory: baseDirectory)
        let graph = try Planner.plan(loaded.experiment)
        var sink: BundleWriter?
        if let root {
            let layout = BundleLayout(
                root: root, experimentName: loaded.experiment.name, identity: loaded.experiment.identity)
            sink = BundleWriter(
                layout: layout, experimentText: yaml, experimentPath: "experiment.yaml",
                environment: EnvironmentRecord.current(
                    experimentPath: "experiment.yaml", datasetSHA256: loaded.experiment.dataset?.sha256))
        }
        return try await ExperimentRunner.run(loaded, graph: graph, jobs: jobs, sink: sink)
    }

    /// Runs `yaml` with `jobs` parallel nodes and returns the bundle's deterministic files by name.
    static func bundleFiles(_ yaml: String, jobs: Int) async throws -> [String: Data] {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try await run(yaml, jobs: jobs, root: root)
        let layout = BundleLayout(
            root: root, experimentName: outcome.experiment.name, identity: outcome.experiment.identity)
        var files: [String: Data] = [:]
        for file in BundleLayout.File.allCases where file.isDeterministic {
            // predictions.csv exists only with a test split.
            if !file.isAlwaysWritten, !FileManager.default.fileExists(atPath: layout.url(file).path) { continue }
            files[file.rawValue] = try Data(contentsOf: layout.url(file))
        }
        return files
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hyperplan-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
