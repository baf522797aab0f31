import ExperimentSpec
import Foundation
import HyperplanCore
import ResultBundle

/// The differences between resolved experiments, key by key, each with the place in its file where the value was
/// written (`quickstart.yaml:14`) or `default` when the file left it to the default.
struct ExperimentChanges {
    struct Change {
        /// The key as written in experiment files: `model.C`, `cv.folds`, `model.knn.n_neighbors`.
        var key: String
        /// Per bundle, the value (`nil`: the key does not exist there).
        var values: [JSONValue?]
        /// Per bundle, where the value was written.
        var places: [String]
    }

    var changes: [Change]

    init(_ snapshots: [BundleSnapshot]) {
        let flattened = snapshots.map { Self.flatten($0.resolved) }
        let locations = snapshots.map(Self.locations)
        let keys = Set(flattened.flatMap(\.keys)).sorted()
        changes = keys.compactMap { key in
            let values = flattened.map { $0[key] }
            guard Set(values.map { $0?.canonicalString() ?? "" }).count > 1 else { return nil }
            let places = zip(snapshots, locations).map { snapshot, locations in
                Self.place(of: key, in: locations, file: Self.fileName(snapshot))
            }
            return Change(key: key, values: values, places: places)
        }
    }

    /// The experiment as user-facing keys: `model.C` → its value or its search domain (`{"searched": …}`),
    /// every other section flattened with dots (`name`, `description` and `execution` too: they change no
    /// result, but a reader comparing runs wants to see them).
    static func flatten(_ resolved: JSONValue) -> [String: JSONValue] {
        var keys: [String: JSONValue] = [:]
        for (section, value) in resolved.objectValue ?? [:] {
            switch section {
            case "model", "schedule":
                if let blocks = value["choice"]?.arrayValue {
                    for block in blocks {
                        guard let type = block["type"]?.stringValue else { continue }
                        keys["\(section).\(type).type"] = .string(type)
                        for (option, fixed) in block["fixed"]?.objectValue ?? [:] {
                            keys["\(section).\(type).\(option)"] = fixed
                        }
                    }
                } else {
                    for (option, fixed) in value["fixed"]?.objectValue ?? [:] { keys["\(section).\(option)"] = fixed }
                    if let type = value["type"] { keys["\(section).type"] = type }
                    if let run = value["run"], run != .null { keys["\(section).run"] = run }
                }
                for entry in value["space"]?.arrayValue ?? [] {
                    guard let name = entry["name"]?.stringValue, let domain = entry["domain"] else { continue }
                    keys[name] = domain
                }
                if value == .null { keys[section] = .null }
            default:
                flattenObject(value, path: section, into: &keys)
            }
        }
        return keys
    }

    private static func flattenObject(_ value: JSONValue, path: String, into keys: inout [String: JSONValue]) {
        guard case .object(let fields) = value, !fields.isEmpty else {
            keys[path] = value
            return
        }
        for (key, child) in fields { flattenObject(child, path: "\(path).\(key)", into: &keys) }
    }

    private static func locations(_ snapshot: BundleSnapshot) -> [String: (location: SourceLocation, isSection: Bool)] {
        guard let text = snapshot.experimentText,
            case .success(let root?) = YAMLReader.parse(text, file: fileName(snapshot))
        else { return [:] }
        return root.keyLocations()
    }

    /// The experiment file's name as the run was given it (its bundle keeps a copy as `experiment.yaml`).
    static func fileName(_ snapshot: BundleSnapshot) -> String {
        snapshot.environment?["experiment_file"]?.stringValue
            ?? snapshot.directory.appendingPathComponent("experiment.yaml").relativePath
    }

    /// `file:line` where the key's value was written: the key itself, or a shorthand above it
    /// (`schedule.learning_rate: 0.01` sets `schedule.learning_rate.initial`). When only a section above it is
    /// written, the value is that section's default: `default (model at file:line)`; `default` when not even that.
    static func place(
        of key: String, in locations: [String: (location: SourceLocation, isSection: Bool)], file: String
    ) -> String {
        if let found = locations[key] { return "\(file):\(found.location.line)" }
        var candidate = key
        while let dot = candidate.lastIndex(of: ".") {
            candidate = String(candidate[..<dot])
            guard let found = locations[candidate] else { continue }
            return found.isSection
                ? "default (\(candidate) at \(file):\(found.location.line))" : "\(file):\(found.location.line)"
        }
        return "default"
    }

    /// A value for a line of text: JSON in its compact form, a missing key as `absent`.
    static func display(_ value: JSONValue?) -> String {
        guard let value else { return "absent" }
        if case .string(let text) = value { return text }
        return value.canonicalString()
    }
}
