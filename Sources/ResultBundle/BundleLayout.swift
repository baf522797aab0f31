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
        /// The SHA-256 of every result file (`BundleManifest`), written last.
        case manifest = "manifest.json"

        /// Whether the file must be byte-identical across reruns and `-j` values.
        package var isDeterministic: Bool { self != .timings }

        /// Whether every finished bundle has the file: `predictions.csv` exists only when the experiment has a
        /// test split and its best model is a built-in learner (a trial command's predictions are its own).
        package var isAlwaysWritten: Bool { self != .predictions }
    }
}

/// Writes bundle files through `AtomicWrite` (temporary file, `fsync`, rename, folder `fsync`).
enum AtomicFile {
    static func write(_ text: String, to url: URL) throws(AtomicWrite.Failure) {
        try AtomicWrite.write(Array(text.utf8), to: url)
    }

    /// Writes `data`, its failure said as a `BundleError` naming `what` the file is.
    static func write(_ data: Data, to url: URL, what: String) throws(BundleError) {
        do {
            try AtomicWrite.write(data, to: url)
        } catch {
            throw BundleError("cannot write \(what) '\(url.path)': \(error.reason)")
        }
    }
}
