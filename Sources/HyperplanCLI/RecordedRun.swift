import Datasets
import ExperimentSpec
import Foundation
import HyperplanCore
import Planner
import ResultBundle

/// What a bundle recorded about the run that wrote it, for `reproduce`: the experiment as given, where its file
/// was, the data's and the programs' hashes, and the machine.
struct RecordedRun {
    var bundle: URL
    var experimentText: String
    /// The experiment file as it was given on the command line.
    var experimentFile: String
    var toolVersion: String
    var datasetSHA256: String?
    var environment: JSONValue
    var plan: JSONValue

    /// - Throws: `ExitStatus.Code` (2) after printing why, when a file `reproduce` needs is missing or damaged.
    init(bundle: URL) throws {
        self.bundle = bundle
        func read(_ name: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: bundle.appendingPathComponent(name).path) else {
                Terminal.standardError.write(
                    "\(bundle.relativePath): error: the bundle has no \(name); it cannot be reproduced\n")
                throw ExitStatus.Code(status: ExitStatus.invalid)
            }
            return String(decoding: data, as: UTF8.self)
        }
        func json(_ name: String) throws -> JSONValue {
            do {
                return try JSONValue.parse(try read(name))
            } catch let error as JSONValue.ParseError {
                Terminal.standardError.write(
                    "\(bundle.relativePath)/\(name):\(error.line):\(error.column): error: damaged JSON: \(error.message)\n"
                )
                throw ExitStatus.Code(status: ExitStatus.invalid)
            }
        }
        experimentText = try read("experiment.yaml")
        environment = try json(BundleLayout.File.environment.rawValue)
        plan = try json(BundleLayout.File.plan.rawValue)
        guard let file = environment["experiment_file"]?.stringValue,
            let version = environment["hyperplan_version"]?.stringValue
        else {
            Terminal.standardError.write(
                "\(bundle.relativePath)/environment.json: error: it names no experiment_file or hyperplan_version\n")
            throw ExitStatus.Code(status: ExitStatus.invalid)
        }
        experimentFile = file
        toolVersion = version
        datasetSHA256 = environment["dataset_sha256"]?.stringValue
    }

    /// The folder the experiment file was in (a relative path is taken from the current folder, as `run` did).
    var experimentDirectory: URL {
        URL(fileURLWithPath: experimentFile).standardizedFileURL.deletingLastPathComponent()
    }

    /// Why the inputs differ from those the bundle was written from (the data's SHA-256, a command's program
    /// files), or `nil` when they are the same.
    func changedInputs(loaded: ExperimentLoader.Loaded, graph: TrialGraph) -> String? {
        if let recorded = datasetSHA256, let now = loaded.experiment.dataset?.sha256.hex, recorded != now {
            let source = loaded.experiment.dataset.map { "'\($0.source.description)'" } ?? "the data"
            return
                "the data \(source) changed since the bundle was written: its SHA-256 is \(now), the bundle recorded \(recorded)"
        }
        let recordedFiles = Self.programFiles(in: plan["nodes"]?.arrayValue ?? [])
        let currentFiles = Self.programFiles(
            in: graph.nodes.map { .object(["kind": .string($0.task.kind), "inputs": $0.inputs]) })
        let changed = Set(recordedFiles.keys).union(currentFiles.keys).sorted().filter {
            recordedFiles[$0] != currentFiles[$0]
        }
        if !changed.isEmpty {
            let details = changed.map {
                "'\($0)' (SHA-256 \(currentFiles[$0].map { String($0.prefix(12)) } ?? "missing") now, \(recordedFiles[$0].map { String($0.prefix(12)) } ?? "absent") recorded)"
            }
            return "the trial command's program files changed since the bundle was written: "
                + details.joined(separator: ", ")
        }
        return nil
    }

    /// A trial command's program files and their SHA-256, from the first fit node's inputs.
    static func programFiles(in nodes: [JSONValue]) -> [String: String] {
        guard let fit = nodes.first(where: { $0["kind"]?.stringValue == FitScoreNode.kind }),
            let files = fit["inputs"]?["command"]?["files"]?.objectValue
        else { return [:] }
        return files.compactMapValues(\.stringValue)
    }

    /// How the rerun's machine and checkout differ from the recorded ones (they do not change results).
    func environmentNotes(rerun: URL) -> [String] {
        guard
            let data = FileManager.default.contents(
                atPath: rerun.appendingPathComponent(BundleLayout.File.environment.rawValue).path),
            let now = try? JSONValue.parse(String(decoding: data, as: UTF8.self))
        else { return [] }
        var notes: [String] = []
        for (key, label) in [
            ("swift_version", "Swift version"), ("os", "operating system"), ("architecture", "architecture"),
        ] {
            if let then = environment[key], let current = now[key], then != current {
                notes.append("\(label): \(then.displayText) when written, \(current.displayText) now")
            }
        }
        if let then = environment["git"]?["commit"], let current = now["git"]?["commit"], then != current {
            notes.append("git commit: \(then.displayText) when written, \(current.displayText) now")
        }
        return notes
    }
}
