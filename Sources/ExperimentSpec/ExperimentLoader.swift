package import Datasets
package import Foundation
package import HyperplanCore

/// The spec stage's entry point: reads an experiment file and validates it into an `Experiment`.
package enum ExperimentLoader {
    /// A validated experiment together with the data it names, ready for planning.
    package struct Loaded: Sendable {
        package var experiment: Experiment
        /// The data; `nil` only for a trial command without a dataset.
        package var dataset: SupervisedDataset?
        /// The experiment file as written.
        package var sourceText: String
        /// The experiment file's path as given.
        package var path: String
    }

    /// What loading produced: the experiment when valid, and every diagnostic (errors and warnings).
    package struct Report: Sendable {
        package var loaded: Loaded?
        package var diagnostics: [Diagnostic]
        /// The file's text by path, for rendering diagnostics with source excerpts.
        package var sources: [String: String]

        package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Reads and validates the experiment file at `path` (relative paths resolve against the current directory;
    /// the diagnostics show `path` as given).
    package static func load(path: String) -> Report {
        let url = URL(fileURLWithPath: path)
        let start = SourceLocation(file: path, line: 1, column: 1)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            let message =
                isDirectory.boolValue ? "'\(path)' is a directory, not an experiment file" : "no such file '\(path)'"
            return Report(
                loaded: nil, diagnostics: [Diagnostic("missing-file", .error, message, at: nil)], sources: [:])
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return Report(
                loaded: nil, diagnostics: [Diagnostic("unreadable-file", .error, "cannot read '\(path)'", at: nil)],
                sources: [:])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return Report(
                loaded: nil,
                diagnostics: [Diagnostic("not-utf8", .error, "'\(path)' is not valid UTF-8 text", at: start)],
                sources: [:])
        }
        return validate(text: text, path: path, baseDirectory: url.deletingLastPathComponent())
    }

    /// Validates experiment text as if read from `path`, resolving relative dataset paths against `baseDirectory`.
    package static func validate(text: String, path: String, baseDirectory: URL) -> Report {
        var sources = [path: text]
        let root: YAMLNode?
        switch YAMLReader.parse(text, file: path) {
        case .success(let node): root = node
        case .failure(let diagnostic): return Report(loaded: nil, diagnostics: [diagnostic], sources: sources)
        }
        var validator = ExperimentValidator(file: path, baseDirectory: baseDirectory)
        let outcome = validator.validate(root)
        // Diagnostics inside a CSV file show its line too, when the file (links resolved) is the experiment's
        // own: in its folder or below. A line of any other file (`/etc/passwd` named as the dataset, or a link to
        // it) is never printed; the diagnostic still names the file, line and column.
        let project = baseDirectory.resolvingSymlinksInPath().standardizedFileURL.path
        for file in Set(outcome.diagnostics.compactMap { $0.location?.file }) where sources[file] == nil {
            let url = DatasetLoader.resolve(path: file, relativeTo: baseDirectory)
            let real = url.resolvingSymlinksInPath().standardizedFileURL.path
            guard real.hasPrefix(project.hasSuffix("/") ? project : project + "/") else { continue }
            if let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8)
            {
                sources[file] = text
            }
        }
        var loaded: Loaded?
        if let experiment = outcome.experiment, outcome.dataset != nil || experiment.dataset == nil {
            loaded = Loaded(experiment: experiment, dataset: outcome.dataset, sourceText: text, path: path)
        }
        return Report(loaded: loaded, diagnostics: outcome.diagnostics, sources: sources)
    }
}
