package import Foundation
package import HyperplanCore

/// Where a run's bundle lives and what its files are called. `docs/bundles.md` documents each file.
package struct BundleLayout: Sendable {
    package static let defaultRoot = "runs"

    /// `ROOT/<experiment name>/<first 12 hex digits of the experiment's identity>/`.
    package var directory: URL

    package init(root: URL, experimentName: String, identity: ContentHash) {
        directory = root.appendingPathComponent(experimentName).appendingPathComponent(identity.short)
    }

    package func url(_ file: File) -> URL { directory.appendingPathComponent(file.rawValue) }

    /// The bundle's files. All but `timings.json` are deterministic: byte-identical for the same experiment.
    package enum File: String, CaseIterable, Sendable {
        case experiment = "experiment.yaml"
        case resolved = "resolved.json"
        case plan = "plan.json"
        case trials = "trials.jsonl"
        case results = "results.csv"
        case summary = "summary.json"
        case model = "model.json"
        /// The refitted model's predictions for the test split (`PredictionTable`).
        case predictions = "predictions.csv"
        case environment = "environment.json"
        case timings = "timings.json"

        /// Whether the file must be byte-identical across reruns and `-j` values.
        package var isDeterministic: Bool { self != .timings }

        /// Whether every finished bundle has the file: `predictions.csv` exists only when the experiment has a
        /// test split and its best model is a built-in learner (a trial command's predictions are its own).
        package var isAlwaysWritten: Bool { self != .predictions }
    }
}

/// Writes files so a reader never sees half of one: a temporary file in the same folder, then `rename(2)`,
/// which replaces the old file atomically.
enum AtomicFile {
    struct WriteError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "cannot write '\(path)': \(reason)" }
    }

    static func write(_ text: String, to url: URL) throws {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        try Data(text.utf8).write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            let reason = SystemReason.current
            try? FileManager.default.removeItem(at: temporary)
            throw WriteError(path: url.path, reason: reason)
        }
    }
}
