package import Executor
package import ExperimentSpec
import Foundation
import HyperplanCore
package import Planner

/// Writes a run's outcome as a result bundle: the `BundleSink` the CLI gives the executor.
package struct BundleWriter: BundleSink {
    package var layout: BundleLayout
    /// The experiment file as given (copied into the bundle verbatim).
    package var experimentText: String
    package var experimentPath: String
    package var environment: EnvironmentRecord

    package init(layout: BundleLayout, experimentText: String, experimentPath: String, environment: EnvironmentRecord) {
        self.layout = layout
        self.experimentText = experimentText
        self.experimentPath = experimentPath
        self.environment = environment
    }

    /// Writes the files known before anything runs (the experiment as given, resolved, and its plan), so
    /// that `hyperplan status` can tell how far a running bundle is.
    package func writePreamble(experiment: Experiment, graph: TrialGraph) throws {
        try FileManager.default.createDirectory(at: layout.directory, withIntermediateDirectories: true)
        try AtomicFile.write(experimentText, to: layout.url(.experiment))
        try AtomicFile.write(experiment.resolvedJSON.prettyString(), to: layout.url(.resolved))
        try AtomicFile.write(graph.json.prettyString(), to: layout.url(.plan))
    }

    package func write(_ outcome: RunOutcome) async throws {
        do {
            try FileManager.default.createDirectory(at: layout.directory, withIntermediateDirectories: true)
        } catch {
            throw BundleError("cannot create the bundle '\(layout.directory.path)': \(SystemReason.of(error))")
        }
        // The experiment, its resolved form and its plan depend on nothing the run computes: `writePreamble`
        // wrote them when the run started (the plan of a large sweep is the biggest file), so they are only
        // written here when missing.
        var files: [(BundleLayout.File, String)] = []
        let previousTimings = FileManager.default.contents(atPath: layout.url(.timings).path).flatMap { data in
            try? JSONValue.parse(String(decoding: data, as: UTF8.self))
        }
        if !FileManager.default.fileExists(atPath: layout.url(.plan).path) {
            files += [
                (.experiment, experimentText), (.resolved, outcome.experiment.resolvedJSON.prettyString()),
                (.plan, outcome.graph.json.prettyString()),
            ]
        }
        files += [
            (.trials, BundleContents.trialsJSONLines(outcome)),
            (.results, BundleContents.resultsCSV(outcome)),
            (.summary, BundleContents.summary(outcome).prettyString()),
            (.model, BundleContents.model(outcome).prettyString()),
            (.environment, environment.json.prettyString()),
            (.timings, TimingsFile.json(outcome, previous: previousTimings).prettyString()),
        ]
        if let predictions = BundleContents.predictions(outcome) {
            files.append((.predictions, predictions))
        } else {
            // A stale file of an earlier run would contradict this run's model.json.
            try? FileManager.default.removeItem(at: layout.url(.predictions))
        }
        // The summary is written last of the results: its presence marks a complete bundle. The manifest of
        // their hashes follows it.
        for (file, text) in files where file != .summary { try AtomicFile.write(text, to: layout.url(file)) }
        for (file, text) in files where file == .summary { try AtomicFile.write(text, to: layout.url(file)) }
        try BundleManifest.write(in: layout.directory)
    }
}
